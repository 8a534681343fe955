using System.Text;
using System.Text.Json;
using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// <c>llm logs</c>' Markdown, byte for byte (llm 0.32's logs_list): header, Prompt, fragments, Options, System
/// (only when it changes), Schema, Tools (in full the first time a listing shows a tool, by short hash after),
/// Tool results, Attachments, Reasoning, Response with its Tool calls, and Token usage with -u. A turn the gateway
/// captured gets one line llm has no place for, "Client: ...", after its header; turns llm wrote get nothing extra.
/// </summary>
/// <param name="conversationMode">Listing one conversation (-c, --cid): only the first header names it and the model.</param>
/// <param name="usage">-u: print token usage.</param>
public sealed class LogMarkdown(bool conversationMode, bool usage)
{
    /// <summary>The text being built.</summary>
    private readonly StringBuilder _out = new();

    /// <summary>Tool hashes already shown in full in this listing.</summary>
    private readonly HashSet<string> _seenTools = new(StringComparer.Ordinal);

    /// <summary>The system prompt last printed; a turn repeating it prints none.</summary>
    private string? _currentSystem;

    /// <summary>Whether the next header names the conversation and model.</summary>
    private bool _showConversation = true;

    /// <summary>Renders a listing in the order given.</summary>
    public static string Render(IReadOnlyList<LogEntry> entries, bool conversationMode = false, bool usage = false)
    {
        var markdown = new LogMarkdown(conversationMode, usage);
        foreach (var entry in entries)
            markdown.Write(entry);
        return markdown._out.ToString();
    }

    /// <summary>click.echo: the text and a newline.</summary>
    private void Echo(string text = "") => _out.Append(text).Append('\n');

    /// <summary>One turn, section by section in llm's order.</summary>
    private void Write(LogEntry e)
    {
        var when = (e.DatetimeUtc ?? "").Split('.')[0];
        Echo(_showConversation
            ? $"# {when}    conversation: {PyStr(e.ConversationId)} id: {e.Id}\n\nModel: **{PyStr(e.Model)}**{(string.IsNullOrEmpty(e.ResolvedModel) ? "" : $" (resolved: **{e.ResolvedModel}**)")}\n"
            : $"# {when}\n");
        if (conversationMode)
            _showConversation = false;
        if (e.Request is { } request)
            Echo($"Client: {InlineCode(request.UserAgent ?? "unknown")}{(request.FrontDoor is { } door ? $", front door: {door}" : "")}\n");
        Echo("## Prompt\n\n" + (e.Prompt.Length > 0 ? e.Prompt : "-- none --"));
        Fragments(e.PromptFragments, "Prompt fragments");
        if (ChainReader.Json(e.OptionsJson) is { ValueKind: JsonValueKind.Object } options && options.EnumerateObject().Any())
            Echo("\n## Options\n\n" + string.Join("\n", PyDict.FromObject(options).Select(kv => $"- {kv.Key}: {PythonText.Str((JsonElement)kv.Value!)}")));
        if (e.System != _currentSystem)
        {
            if (e.System is not null)
                Echo("\n## System\n\n" + e.System);
            _currentSystem = e.System;
        }
        Fragments(e.SystemFragments, "System fragments");
        var schema = ChainReader.Json(e.SchemaJson);
        if (schema is { } s && PythonText.Truthy(s))
            Echo($"\n## Schema\n\n```json\n{PythonJson.Indented(s)}\n```");
        if (e.Tools.Count > 0)
            Tools(e.Tools);
        if (e.ToolResults.Count > 0)
            ToolResults(e.ToolResults);
        if (e.Attachments.Count > 0)
            Attachments(e.Attachments);
        var response = e.Response;
        if (schema is { } shown && PythonText.Truthy(shown) && ChainReader.Json(response) is { } parsed)
            response = $"```json\n{PythonJson.Indented(parsed)}\n```";
        if (!string.IsNullOrEmpty(e.Reasoning))
            Echo("\n## Reasoning\n\n" + e.Reasoning.TrimEnd());
        Echo("\n## Response\n");
        if (e.ToolCalls.Count > 0)
        {
            Echo("### Tool calls\n");
            foreach (var call in e.ToolCalls)
                Echo($"- **{call.Name}**: `{PyStr(call.ToolCallId)}`  \n{CallArguments(call.Arguments)}");
            Echo();
        }
        if (response.Length > 0)
            Echo(response + "\n");
        if (usage && TokenUsage(e) is { Length: > 0 } tokens)
            Echo($"## Token usage\n\n{tokens}\n");
    }

    /// <summary>Fragment hashes under a heading (llm without --expand).</summary>
    private void Fragments(IReadOnlyList<LogFragment> fragments, string title)
    {
        if (fragments.Count > 0)
            Echo($"\n### {title}\n\n" + string.Join("\n", fragments.Select(f => "- " + f.Hash)));
    }

    /// <summary>The Tools section: plain tools, then tools grouped under their toolbox instance.</summary>
    private void Tools(IReadOnlyList<LogTool> tools)
    {
        Echo("\n### Tools\n");
        foreach (var tool in tools.Where(t => t.Instance is null))
            Tool(tool, "");
        foreach (var group in tools.Where(t => t.Instance is not null).GroupBy(t => (t.Instance!.Name, t.Instance.Arguments)))
        {
            var arguments = group.Key.Arguments is { Length: > 0 } a && a != "{}" ? a : "";
            Echo($"- `{group.Key.Name}({arguments})`:");
            foreach (var tool in group)
                Tool(tool, "    ");
        }
    }

    /// <summary>One tool: in full the first time, by its first seven hash characters after that.</summary>
    private void Tool(LogTool tool, string indent)
    {
        string block;
        if (!_seenTools.Add(tool.Hash))
        {
            block = $"- **{PyStr(tool.Name)}**: `{tool.Hash[..Math.Min(7, tool.Hash.Length)]}`";
        }
        else
        {
            var properties = tool.InputSchema.ValueKind == JsonValueKind.Object && tool.InputSchema.TryGetProperty("properties", out var p)
                ? PythonJson.Dumps(p) : "{}";
            block = $"- **{PyStr(tool.Name)}**: `{tool.Hash}`  \n{PythonText.Indent((tool.Description ?? "").TrimEnd(), "    ")}  \n    Arguments: `{properties}`";
        }
        Echo(PythonText.Indent(block, indent));
    }

    /// <summary>The Tool results section: each output fenced, its error and its attachments.</summary>
    private void ToolResults(IReadOnlyList<LogToolResult> results)
    {
        Echo("\n### Tool results\n");
        foreach (var result in results)
        {
            var attachments = string.Concat(result.Attachments.Select(a =>
                "\n    - " + (a.Type is { Length: > 0 } type ? type + ": " : "")
                + (a.Path is { Length: > 0 } ? a.Path : a.Url is { Length: > 0 } ? a.Url : a.ContentLength is { } n ? $"<{PythonText.Thousands(n)} bytes>" : "")));
            var error = string.IsNullOrEmpty(result.Exception) ? "" : $"  \n    **Error**: {result.Exception}\n";
            Echo($"- **{result.Name}**: `{PyStr(result.ToolCallId)}`  \n{FencedBlock(OutputText(result.Output))}{error}{attachments}");
        }
    }

    /// <summary>The Attachments section, numbered: path, URL or byte count.</summary>
    private void Attachments(IReadOnlyList<AttachmentSummary> attachments)
    {
        Echo("\n### Attachments\n");
        var i = 0;
        foreach (var a in attachments)
        {
            i++;
            if (a.Path is { Length: > 0 })
                Echo($"{i}. **{PyStr(a.Type)}**: `{a.Path}`");
            else if (a.Url is { Length: > 0 })
                Echo($"{i}. **{PyStr(a.Type)}**: {a.Url}");
            else if (a.ContentLength is { } n)
                Echo($"{i}. **{PyStr(a.Type)}**: `<{PythonText.Thousands(n)} bytes>`");
        }
    }

    /// <summary>llm's _format_tool_call_arguments: one line per argument, strings fenced; anything else as inline JSON.</summary>
    private static string CallArguments(JsonElement? arguments)
    {
        if (arguments is not { ValueKind: JsonValueKind.Object } dict || !dict.EnumerateObject().Any())
            return "    Arguments: " + InlineCode(arguments is { } value ? PythonJson.Dumps(value) : "null");
        var lines = new List<string>();
        foreach (var (key, value) in PyDict.FromObject(dict))
        {
            var element = (JsonElement)value!;
            if (element.ValueKind == JsonValueKind.String)
            {
                lines.Add($"    {key}:");
                lines.Add(FencedBlock(element.GetString()!));
            }
            else
            {
                lines.Add($"    {key}: {InlineCode(PythonJson.Dumps(element))}");
            }
        }
        return string.Join("\n", lines);
    }

    /// <summary>llm's token usage line: "12 input, 5 output" and the details as inline JSON.</summary>
    private static string TokenUsage(LogEntry e)
    {
        var bits = new List<string>();
        if (e.InputTokens is { } input) bits.Add(PythonText.Thousands(input) + " input");
        if (e.OutputTokens is { } output) bits.Add(PythonText.Thousands(output) + " output");
        var text = string.Join(", ", bits);
        if (ChainReader.Json(e.TokenDetails) is { } details && PythonText.Truthy(details))
            return text.Length > 0 ? $"{text}, {InlineCode(PythonJson.Dumps(details))}" : InlineCode(PythonJson.Dumps(details));
        return text;
    }

    /// <summary>A fenced block indented to nest in a list item; the fence outgrows any backtick run inside.</summary>
    private static string FencedBlock(string value)
    {
        var fence = "```";
        while (value.Contains(fence, StringComparison.Ordinal))
            fence += "`";
        return PythonText.Indent($"{fence}\n{value}\n{fence}", "    ");
    }

    /// <summary>Inline code whose delimiter outgrows any backtick run inside, padded when the value starts or ends with one.</summary>
    private static string InlineCode(string value)
    {
        var delimiter = "`";
        while (value.Contains(delimiter, StringComparison.Ordinal))
            delimiter += "`";
        return value.StartsWith('`') || value.EndsWith('`') ? $"{delimiter} {value} {delimiter}" : $"{delimiter}{value}{delimiter}";
    }

    /// <summary>A tool result's output as text (it is a string in practice; anything else prints as Python would).</summary>
    private static string OutputText(JsonElement? output) => output is { } o ? PythonText.Str(o) : "None";

    /// <summary>Python's str() of an optional string: None for null.</summary>
    private static string PyStr(string? value) => value ?? "None";
}
