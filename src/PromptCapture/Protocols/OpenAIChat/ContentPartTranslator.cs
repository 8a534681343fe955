using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using PromptCapture.Exchange;
using PromptCapture.Errors;
using PromptCapture.Protocols.Common;

namespace PromptCapture.Protocols.OpenAIChat;

/// <summary>Translates one content part (text, image_url) into an SK item and its capture view.</summary>
public static class ContentPartTranslator
{
    /// <summary>Adds a user content part; rejects part types no SK item carries upstream, naming the type.</summary>
    public static void AddUserPart(JsonElement part, string param, ChatMessageContentItemCollection items, List<ExchangePart> parts)
    {
        var type = PartType(part, param);
        switch (type)
        {
            case "text":
                var text = ReadTextPart(part, param);
                items.Add(new TextContent(text));
                parts.Add(new ExchangePart(ExchangePartKind.Text, text));
                break;
            case "image_url":
                AddImage(part, param, items, parts);
                break;
            case "input_audio":
                AddAudio(part, param, items, parts);
                break;
            default:
                throw new InvalidRequestException(
                    $"Content part type '{type}' in {param} is not supported by this gateway (supported: text, image_url, input_audio).", $"{param}.type", "unsupported_content_part");
        }
    }

    /// <summary>Reads a part that must be {"type":"text","text":"..."}.</summary>
    public static string ReadTextPart(JsonElement part, string param)
    {
        var type = PartType(part, param);
        if (type != "text")
            throw new InvalidRequestException($"Content part type '{type}' in {param} is not allowed here: only text parts are.", $"{param}.type", "unsupported_content_part");
        if (!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
            throw new InvalidRequestException($"{param}.text must be a string.", $"{param}.text", "invalid_type");
        return text.GetString()!;
    }

    /// <summary>The "type" of a part, which must be a string.</summary>
    private static string PartType(JsonElement part, string param)
    {
        if (part.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"{param} must be an object with a \"type\".", param, "invalid_type");
        if (!part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            throw new InvalidRequestException($"{param}.type must be a string.", $"{param}.type", "invalid_type");
        return type.GetString()!;
    }

    /// <summary>image_url parts: data URLs become bytes, http(s) URLs stay URLs; detail is carried in SK metadata.</summary>
    private static void AddImage(JsonElement part, string param, ChatMessageContentItemCollection items, List<ExchangePart> parts)
    {
        if (!part.TryGetProperty("image_url", out var image) || image.ValueKind != JsonValueKind.Object
            || !image.TryGetProperty("url", out var urlElement) || urlElement.ValueKind != JsonValueKind.String)
            throw new InvalidRequestException($"{param}.image_url.url must be a string.", $"{param}.image_url.url", "invalid_type");
        var url = urlElement.GetString()!;
        ImageContent content;
        ExchangePart captured;
        if (DataUrl.TryParse(url, out var mime, out var bytes))
        {
            content = new ImageContent(bytes, mime);
            captured = new ExchangePart(ExchangePartKind.Attachment, MimeType: mime, Content: bytes);
        }
        else if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            content = new ImageContent(uri);
            captured = new ExchangePart(ExchangePartKind.Attachment, MimeType: MimeTypes.FromUrl(uri), Url: url);
        }
        else
        {
            throw new InvalidRequestException($"{param}.image_url.url must be an http(s) URL or a base64 data URL.", $"{param}.image_url.url", "invalid_value");
        }
        if (image.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            content.Metadata = new Dictionary<string, object?> { [MessageTranslator.ImageDetailMetadataKey] = detail.GetString() };
        items.Add(content);
        parts.Add(captured);
    }

    /// <summary>input_audio parts: base64 wav or mp3, the two formats SK's connector can send.</summary>
    private static void AddAudio(JsonElement part, string param, ChatMessageContentItemCollection items, List<ExchangePart> parts)
    {
        if (!part.TryGetProperty("input_audio", out var audio) || audio.ValueKind != JsonValueKind.Object
            || !audio.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
            throw new InvalidRequestException($"{param}.input_audio.data must be a base64 string.", $"{param}.input_audio.data", "invalid_type");
        var format = audio.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var mime = format switch
        {
            "wav" => "audio/wav",
            "mp3" => "audio/mp3",
            _ => throw new InvalidRequestException($"{param}.input_audio.format must be \"wav\" or \"mp3\".", $"{param}.input_audio.format", "invalid_value"),
        };
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(data.GetString()!);
        }
        catch (FormatException)
        {
            throw new InvalidRequestException($"{param}.input_audio.data is not valid base64.", $"{param}.input_audio.data", "invalid_value");
        }
        items.Add(new AudioContent(bytes, mime));
        parts.Add(new ExchangePart(ExchangePartKind.Attachment, MimeType: mime, Content: bytes));
    }
}
