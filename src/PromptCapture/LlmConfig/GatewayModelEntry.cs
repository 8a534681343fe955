using System.Text;
using System.Text.Json;

namespace PromptCapture.LlmConfig;

/// <summary>
/// One entry of llm's extra-openai-models.yaml that points llm at a gateway alias (llm's openai plugin reads
/// model_id, model_name, api_base, api_key_name, headers and the capability flags). Its header tells the gateway
/// that llm logs the exchange itself, and marks the entry as ours for <c>llm uninstall</c>.
/// </summary>
/// <param name="Alias">The gateway alias: llm's model_id (what `llm -m` takes) and model_name (what is sent).</param>
/// <param name="ApiBase">The gateway's /v1 URL.</param>
/// <param name="ApiKeyName">The llm key name holding a gateway key, when the gateway wants one.</param>
public sealed record GatewayModelEntry(string Alias, string ApiBase, string? ApiKeyName)
{
    /// <summary>The header llm sends on every request to the gateway through this entry.</summary>
    public const string NoCaptureHeader = Protocols.Common.ClientDetails.NoCaptureHeader;

    /// <summary>Its value: who already logged the exchange.</summary>
    public const string NoCaptureValue = "llm";

    /// <summary>
    /// The entry as YAML lines. Strings are double-quoted (JSON escapes are valid YAML), so no alias can break the
    /// file. Flags: streaming, tools and JSON schemas pass through the gateway untouched, and so do images (whether
    /// the upstream model accepts them is the upstream's to say, as its error).
    /// </summary>
    public string ToYaml(string newline = "\n")
    {
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append(newline);
        Line($"- model_id: {Quote(Alias)}");
        Line($"  model_name: {Quote(Alias)}");
        Line($"  api_base: {Quote(ApiBase)}");
        if (ApiKeyName is not null)
            Line($"  api_key_name: {Quote(ApiKeyName)}");
        Line("  headers:");
        Line($"    {NoCaptureHeader}: {Quote(NoCaptureValue)}");
        Line("  can_stream: true");
        Line("  supports_tools: true");
        Line("  supports_schema: true");
        Line("  vision: true");
        return yaml.ToString();
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value, LlmConfigJson.Default.String);
}
