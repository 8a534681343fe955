using System.Text.Json.Serialization;
using PromptCapture.Capture.Store.Reading;

namespace PromptCapture.Viewer.Api;

/// <summary>What the page learns about the gateway it runs in.</summary>
/// <param name="LoginRequired">Whether gateway keys are on (the page shows a log-out button and curl uses the key variable).</param>
/// <param name="DatabasePath">The database shown.</param>
/// <param name="Version">The gateway's version.</param>
public sealed record ViewerInfo(bool LoginRequired, string DatabasePath, string Version);

/// <summary>Source-generated JSON of the viewer's answers, in snake_case like the rest of the gateway's wire.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ConversationPage))]
[JsonSerializable(typeof(ConversationDetail))]
[JsonSerializable(typeof(FailurePage))]
[JsonSerializable(typeof(FailureView))]
[JsonSerializable(typeof(UsageReport))]
[JsonSerializable(typeof(CaptureMark))]
[JsonSerializable(typeof(ViewerInfo))]
internal sealed partial class ViewerJsonContext : JsonSerializerContext;
