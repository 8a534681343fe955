using Microsoft.ML.Tokenizers;
using PromptCapture.Exchange;

namespace PromptCapture.Protocols.AnthropicMessages;

/// <summary>
/// count_tokens for providers that cannot count: a real tokenizer (OpenAI's o200k_base through Microsoft.ML.Tokenizers)
/// over every text the request carries, plus small per-message and per-tool overheads. Claude's own tokenizer is not
/// public, so this is an estimate (typically within 10-20% for English and code), never a constant.
/// </summary>
public static class TokenEstimate
{
    /// <summary>Tokens a message's framing (role, separators) costs, as chat formats count it.</summary>
    private const int PerMessage = 3;
    /// <summary>Tokens a tool definition's framing costs beyond its name, description and schema.</summary>
    private const int PerTool = 8;
    /// <summary>What one image counts: Anthropic's cost of an image near its 1.15-megapixel size limit (width x height / 750).</summary>
    private const int PerImage = 1600;

    /// <summary>Loaded once, on first use: the encoder's vocabulary ships in the O200kBase data package.</summary>
    private static readonly Lazy<Tokenizer> Encoder = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>The estimated input tokens of the messages and tools.</summary>
    public static long Count(IReadOnlyList<ExchangeMessage> messages, IReadOnlyList<ExchangeTool> tools)
    {
        var tokenizer = Encoder.Value;
        long total = 0;
        foreach (var message in messages)
        {
            total += PerMessage;
            foreach (var part in message.Parts)
            {
                total += part.Kind switch
                {
                    ExchangePartKind.Attachment => PerImage,
                    ExchangePartKind.ToolCall => Tokens(tokenizer, part.ToolName) + Tokens(tokenizer, part.Arguments),
                    _ => Tokens(tokenizer, part.Text),
                };
            }
        }
        foreach (var tool in tools)
            total += PerTool + Tokens(tokenizer, tool.Name) + Tokens(tokenizer, tool.Description) + Tokens(tokenizer, tool.Parameters?.GetRawText());
        return total;
    }

    /// <summary>Tokens of one text (none for null or empty).</summary>
    private static int Tokens(Tokenizer tokenizer, string? text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.CountTokens(text);
}
