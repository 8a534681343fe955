using System.Buffers;
using System.Text.Json;

namespace PromptCapture.Protocols.Common;

/// <summary>Builds small JSON values by writing them, for the pieces a translation makes up (no reflection, no dictionaries of objects).</summary>
public static class JsonElements
{
    /// <summary>The value <paramref name="write"/> writes, as a detached JsonElement.</summary>
    public static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>A JSON string value.</summary>
    public static JsonElement String(string value) => Write(w => w.WriteStringValue(value));
}
