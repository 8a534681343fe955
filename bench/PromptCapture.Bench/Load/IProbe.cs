namespace PromptCapture.Bench.Load;

/// <summary>Something the sequential phase can time one call of: an HTTP variant, or an in-process stage of the gateway.</summary>
internal interface IProbe
{
    /// <summary>Short name used in the tables.</summary>
    string Name { get; }

    /// <summary>Makes one complete call; throws when the answer is not a success, so a broken setup never looks fast.</summary>
    Task CallAsync(CancellationToken cancellationToken);
}
