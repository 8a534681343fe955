using System.Text.Json;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// Rebuilds turns.response_json as llm logs shows it: llm 0.32 stores the provider payload condensed
/// (condense-json markers pointing at text the turn's own messages, tools and schema already hold), and resolves
/// the markers again on the way out from the same rows. The gateway itself stores payloads uncondensed, so this
/// only does work on rows llm wrote.
/// </summary>
internal static class PayloadResolver
{
    /// <summary>llm's _CONDENSE_MIN_LENGTH: shorter values are never referenced.</summary>
    private const int MinLength = 64;

    /// <summary>
    /// llm's openai plugin's Chat json_replacements (the model-declared boilerplate every Chat Completions model,
    /// including extra-openai-models entries, condenses against), keyed as llm keys them ("m." prefix).
    /// </summary>
    private static readonly Dictionary<string, object?> ChatBoilerplate = new(StringComparer.Ordinal)
    {
        ["m.completion_tokens_details_0"] = PythonJson.Parse("""{"accepted_prediction_tokens": 0, "audio_tokens": 0, "reasoning_tokens": 0, "rejected_prediction_tokens": 0}"""),
        ["m.prompt_tokens_details_0"] = PythonJson.Parse("""{"audio_tokens": 0, "cached_tokens": 0}"""),
    };

    /// <summary>
    /// The payload as a decoded JSON tree; null when there is none, or when a marker no longer resolves (llm
    /// renders such a payload as absent rather than failing the listing).
    /// </summary>
    public static object? Resolve(string? condensed, IReadOnlyList<StoredMessage> outputs,
        IReadOnlyList<(string? Name, string? Description)> tools, JsonElement? schema)
    {
        if (ChainReader.Json(condensed) is not { } payload)
            return null;
        try
        {
            return Uncondense(payload, Replacements(outputs, tools, schema));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>llm's _payload_replacements: structural keys over the turn's output messages, tool descriptions and schema.</summary>
    private static Dictionary<string, object?> Replacements(IReadOnlyList<StoredMessage> messages,
        IReadOnlyList<(string? Name, string? Description)> tools, JsonElement? schema)
    {
        var replacements = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var mi = 0; mi < messages.Count; mi++)
        {
            var message = messages[mi];
            for (var pi = 0; pi < message.Parts.Count; pi++)
            {
                var part = message.Parts[pi];
                var key = $"{mi}.{pi}";
                if (part.Type is "text" or "reasoning")
                    AddString(replacements, key + ".text", part.Text);
                if (part.Type == "tool_result" && part.Get("output") is { ValueKind: JsonValueKind.String } output)
                    AddString(replacements, key + ".output", output.GetString());
                if (part.Type == "tool_call" && part.Get("arguments") is { } arguments && PythonText.Truthy(arguments))
                {
                    var compact = PythonJson.Compact(arguments);
                    var spaced = PythonJson.Dumps(arguments);
                    AddString(replacements, key + ".args", compact);
                    if (spaced != compact)
                        AddString(replacements, key + ".args2", spaced);
                    AddContainer(replacements, key + ".argsv", arguments);
                }
                if (part.Get("provider_metadata") is { ValueKind: JsonValueKind.Object } partMetadata)
                    Walk(replacements, key + ".pm", partMetadata);
            }
            if (message.ProviderMetadata is { ValueKind: JsonValueKind.Object } metadata)
                Walk(replacements, $"{mi}.pm", metadata);
        }
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicting = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, description) in tools)
        {
            if (string.IsNullOrEmpty(name) || description is null || PythonText.Length(description) < MinLength)
                continue;
            if (descriptions.TryGetValue(name, out var seen) && seen != description)
            {
                conflicting.Add(name);
                continue;
            }
            descriptions[name] = description;
        }
        foreach (var (name, description) in descriptions)
            if (!conflicting.Contains(name))
                replacements[$"tool.{name}.description"] = description;
        if (schema is { } s)
            AddContainer(replacements, "schema", s);
        foreach (var (key, value) in ChatBoilerplate)
            replacements[key] = value;
        return replacements;
    }

    /// <summary>Offers containers and their long strings, outermost first, as llm's walk does.</summary>
    private static void Walk(Dictionary<string, object?> replacements, string prefix, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                AddContainer(replacements, prefix, value);
                foreach (var property in value.EnumerateObject())
                    Walk(replacements, $"{prefix}.{property.Name}", property.Value);
                break;
            case JsonValueKind.Array:
                AddContainer(replacements, prefix, value);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                    Walk(replacements, $"{prefix}.{index++}", item);
                break;
            case JsonValueKind.String:
                AddString(replacements, prefix, value.GetString());
                break;
        }
    }

    /// <summary>A string long enough to be worth a reference.</summary>
    private static void AddString(Dictionary<string, object?> replacements, string key, string? value)
    {
        if (value is not null && PythonText.Length(value) >= MinLength)
            replacements[key] = value;
    }

    /// <summary>A non-empty dict or list whose compact JSON is long enough to be worth a reference.</summary>
    private static void AddContainer(Dictionary<string, object?> replacements, string key, JsonElement value)
    {
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && PythonText.Truthy(value) && PythonJson.Compact(value).Length >= MinLength)
            replacements[key] = value;
    }

    /// <summary>
    /// condense-json's uncondense: {"$": id} is the value itself, {"$": {"m", "u", "d"}} a merge onto a dict value,
    /// {"$r": [...]} a string rebuilt from pieces, {"$raw": x} an escaped look-alike; an unknown id throws.
    /// </summary>
    private static object? Uncondense(JsonElement value, Dictionary<string, object?> replacements)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (SingleProperty(value) is { } only)
                {
                    if (only.Name == "$raw")
                        return only.Value.ValueKind == JsonValueKind.Object ? Dict(only.Value, replacements) : Uncondense(only.Value, replacements);
                    if (only.Name == "$")
                        return only.Value.ValueKind == JsonValueKind.Object ? Merge(only.Value, replacements) : Lookup(only.Value, replacements);
                    if (only.Name == "$r")
                        return Rebuild(only.Value, replacements);
                }
                return Dict(value, replacements);
            case JsonValueKind.Array:
                return value.EnumerateArray().Select(item => Uncondense(item, replacements)).ToList();
            case JsonValueKind.String:
                return value.GetString();
            default:
                return value;
        }
    }

    /// <summary>A dict with each value uncondensed.</summary>
    private static PyDict Dict(JsonElement value, Dictionary<string, object?> replacements)
    {
        var dict = new PyDict();
        foreach (var property in value.EnumerateObject())
            dict[property.Name] = Uncondense(property.Value, replacements);
        return dict;
    }

    /// <summary>The one property of a single-key object, else null.</summary>
    private static JsonProperty? SingleProperty(JsonElement value)
    {
        JsonProperty? only = null;
        foreach (var property in value.EnumerateObject())
        {
            if (only is not null)
                return null;
            only = property;
        }
        return only;
    }

    /// <summary>A referenced value: a non-empty string or a non-empty container.</summary>
    private static object? Lookup(JsonElement id, Dictionary<string, object?> replacements)
    {
        if (id.ValueKind == JsonValueKind.String && replacements.TryGetValue(id.GetString()!, out var found)
            && found is string { Length: > 0 } or JsonElement)
            return found; // a container comes back as stored: its insides are data, never markers
        throw new InvalidDataException("Unknown replacement id");
    }

    /// <summary>A string from literal pieces and string references.</summary>
    private static string Rebuild(JsonElement segments, Dictionary<string, object?> replacements)
    {
        if (segments.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("\"$r\" is not a list");
        var text = new System.Text.StringBuilder();
        foreach (var segment in segments.EnumerateArray())
        {
            if (segment.ValueKind == JsonValueKind.String)
                text.Append(segment.GetString());
            else if (segment.ValueKind == JsonValueKind.Object && SingleProperty(segment) is { Name: "$" } reference
                     && reference.Value.ValueKind == JsonValueKind.String && Lookup(reference.Value, replacements) is string piece)
                text.Append(piece);
            else
                throw new InvalidDataException("Invalid \"$r\" segment");
        }
        return text.ToString();
    }

    /// <summary>A dict rebuilt from a dict replacement: keys in "d" removed, entries of "u" (uncondensed) set on top.</summary>
    private static PyDict Merge(JsonElement reference, Dictionary<string, object?> replacements)
    {
        if (reference.EnumerateObject().Any(p => p.Name is not ("m" or "u" or "d")) || !reference.TryGetProperty("m", out var baseId)
            || baseId.ValueKind != JsonValueKind.String || !replacements.TryGetValue(baseId.GetString()!, out var found)
            || found is not JsonElement { ValueKind: JsonValueKind.Object } baseValue)
            throw new InvalidDataException("Invalid merge reference");
        var result = PyDict.FromObject(baseValue);
        if (reference.TryGetProperty("d", out var deletions))
        {
            if (deletions.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException("\"d\" is not a list");
            foreach (var key in deletions.EnumerateArray())
                if (key.ValueKind != JsonValueKind.String || !result.Remove(key.GetString()!))
                    throw new InvalidDataException("Merge deletes a key the base lacks");
        }
        if (reference.TryGetProperty("u", out var updates))
        {
            if (updates.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException("\"u\" is not a dict");
            foreach (var property in updates.EnumerateObject())
                result[property.Name] = Uncondense(property.Value, replacements);
        }
        return result;
    }
}
