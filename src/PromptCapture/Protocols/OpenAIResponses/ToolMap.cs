namespace PromptCapture.Protocols.OpenAIResponses;

/// <summary>
/// How the Responses tools of one request were flattened into chat-completions functions, so a call the upstream makes
/// can be written back in the Responses shape: namespaced functions get their namespace back, custom (free-form)
/// tools become custom_tool_call items again.
/// </summary>
public sealed class ToolMap
{
    /// <summary>The separator between a namespace and a function name in the flattened name.</summary>
    public const string NamespaceSeparator = "__";

    private readonly Dictionary<string, (string Namespace, string Name)> _namespaced = new(StringComparer.Ordinal);
    private readonly HashSet<string> _custom = new(StringComparer.Ordinal);

    /// <summary>An empty map: every call is a plain function call.</summary>
    public static ToolMap None { get; } = new();

    /// <summary>The flattened name of a namespaced function, remembered for the way back.</summary>
    public string AddNamespaced(string ns, string name)
    {
        var flat = Flatten(ns, name);
        _namespaced[flat] = (ns, name);
        return flat;
    }

    /// <summary>Remembers a custom tool's name.</summary>
    public void AddCustom(string name) => _custom.Add(name);

    /// <summary>The name the upstream knows a namespaced function by.</summary>
    public static string Flatten(string ns, string name) => ns + NamespaceSeparator + name;

    /// <summary>True when <paramref name="name"/> is a custom (free-form input) tool.</summary>
    public bool IsCustom(string? name) => name is not null && _custom.Contains(name);

    /// <summary>The namespace and function name behind a flattened name, when it is one.</summary>
    public bool TryNamespaced(string? flat, out string ns, out string name)
    {
        if (flat is not null && _namespaced.TryGetValue(flat, out var entry))
        {
            (ns, name) = entry;
            return true;
        }
        ns = name = "";
        return false;
    }
}
