namespace PromptCapture.Capture.Embeddings;

/// <summary>One embedded text to store: the collection (the alias), its model id, the text and the vector the upstream returned.</summary>
/// <param name="Collection">The collection name (the alias asked for).</param>
/// <param name="Model">The embedding model id (the upstream model).</param>
/// <param name="Content">The text that was embedded.</param>
/// <param name="Vector">Its vector.</param>
public sealed record EmbeddingRecord(string Collection, string Model, string Content, ReadOnlyMemory<float> Vector);

/// <summary>Where front doors hand embeddings to be stored; never blocks the request.</summary>
public interface IEmbeddingSink
{
    /// <summary>Queues a record; false when storing is off or the queue is full (the request is served either way).</summary>
    bool Offer(EmbeddingRecord record);
}
