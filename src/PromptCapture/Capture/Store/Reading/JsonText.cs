using System.Text.Json;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>JSON columns (options_json, token_details, payload...) decoded for readers that hand them on as JSON.</summary>
internal static class JsonText
{
    /// <summary>The value as JSON; text that is not JSON (Python's NaN, a hand edit) stays visible as a JSON string.</summary>
    public static JsonElement? Parse(string? text)
    {
        if (text is null)
            return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text, ReadingJsonContext.Default.String);
        }
    }
}

/// <summary>Source-generated JSON for the few values the readers build themselves (JSON strings, id lists for json_each).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(List<string>))]
internal sealed partial class ReadingJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
