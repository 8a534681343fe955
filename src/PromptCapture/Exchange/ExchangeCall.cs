namespace PromptCapture.Exchange;

/// <summary>One attempt of an exchange as it travels through the kernel to the filters: what was asked and where it went.</summary>
/// <param name="Request">What the client asked.</param>
/// <param name="Target">The alias, provider and upstream model of this attempt.</param>
public sealed record ExchangeCall(ExchangeRequest Request, ExchangeTarget Target)
{
    /// <summary>The capture's id for this attempt's turn, made by the capture filter as the attempt starts; null before.</summary>
    public string? TurnId { get; init; }

    /// <summary>The KernelArguments key the call travels under, so filters find it without knowing who made it.</summary>
    public const string ArgumentName = "exchange";
}
