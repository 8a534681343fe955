using PromptCapture.Capture.Store.PythonCompat;

namespace PromptCapture.Capture.Store.Reading;

/// <summary>
/// <c>llm logs --json</c> byte for byte: llm's keys in llm's order, JSON columns decoded, json.dumps(indent=2)
/// with ASCII escapes. A turn the gateway captured gets one more key after llm's, "prompt_capture", with the
/// client's user agent and the front door it came in by; turns llm wrote have nothing added.
/// </summary>
public static class LogJson
{
    /// <summary>The whole listing as one JSON array.</summary>
    public static string Render(IReadOnlyList<LogEntry> entries) => PythonJson.Indented(entries.Select(Row).ToList());

    /// <summary>One entry as llm's row dict.</summary>
    private static PyDict Row(LogEntry e)
    {
        var row = new PyDict
        {
            ["id"] = e.Id,
            ["model"] = e.Model,
            ["resolved_model"] = e.ResolvedModel,
            ["options_json"] = Decoded(e.OptionsJson),
            ["conversation_id"] = e.ConversationId,
            ["duration_ms"] = e.DurationMs,
            ["datetime_utc"] = e.DatetimeUtc,
            ["input_tokens"] = e.InputTokens,
            ["output_tokens"] = e.OutputTokens,
            ["token_details"] = e.TokenDetails,
            ["conversation_name"] = e.ConversationName,
            ["conversation_model"] = e.ConversationModel,
            ["schema_json"] = Decoded(e.SchemaJson),
            ["prompt"] = e.Prompt,
            ["system"] = e.System,
            ["response"] = e.Response,
            ["reasoning"] = e.Reasoning,
            ["prompt_json"] = null,
            ["response_json"] = e.ResponseJson,
            ["prompt_fragments"] = e.PromptFragments.Select(Fragment).ToList(),
            ["system_fragments"] = e.SystemFragments.Select(Fragment).ToList(),
            ["tools"] = e.Tools.Select(Tool).ToList(),
            ["tool_calls"] = e.ToolCalls.Select(c => new PyDict
            {
                ["id"] = c.Id, ["tool_id"] = c.ToolId, ["name"] = c.Name, ["arguments"] = c.Arguments, ["tool_call_id"] = c.ToolCallId,
            }).ToList(),
            ["tool_results"] = e.ToolResults.Select(r => new PyDict
            {
                ["id"] = r.Id, ["tool_id"] = r.ToolId, ["name"] = r.Name, ["output"] = r.Output, ["tool_call_id"] = r.ToolCallId,
                ["exception"] = r.Exception,
                ["instance"] = r.Instance is { } i ? new PyDict { ["name"] = i.Name, ["plugin"] = i.Plugin, ["arguments"] = i.Arguments } : null,
                ["attachments"] = r.Attachments.Select(Attachment).ToList(),
            }).ToList(),
            ["attachments"] = e.Attachments.Select(Attachment).ToList(),
        };
        if (e.Request is { } request)
            row["prompt_capture"] = new PyDict { ["user_agent"] = request.UserAgent, ["front_door"] = request.FrontDoor };
        return row;
    }

    /// <summary>A JSON column decoded as llm's annotate_log_rows does (json.loads); null stays null.</summary>
    private static object? Decoded(string? json) => json is null ? null : ChainReader.Json(json) is { } value ? value : json;

    /// <summary>A fragment as llm lists it.</summary>
    private static PyDict Fragment(LogFragment f) => new() { ["hash"] = f.Hash, ["content"] = f.Content, ["aliases"] = f.Aliases };

    /// <summary>A tool definition as llm lists it.</summary>
    private static PyDict Tool(LogTool t) => new()
    {
        ["id"] = t.Id, ["hash"] = t.Hash, ["name"] = t.Name, ["description"] = t.Description, ["input_schema"] = t.InputSchema,
        ["instance"] = t.Instance is { } i ? new PyDict { ["name"] = i.Name, ["arguments"] = i.Arguments } : null,
    };

    /// <summary>llm's _attachment_summary: content is true when there are bytes, else null, like content_length.</summary>
    public static PyDict Attachment(AttachmentSummary a) => new()
    {
        ["id"] = a.Id, ["type"] = a.Type, ["path"] = a.Path, ["url"] = a.Url,
        ["content"] = a.ContentLength is not null ? true : null, ["content_length"] = a.ContentLength,
    };
}
