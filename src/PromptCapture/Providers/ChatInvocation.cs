using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using PromptCapture.Capture;

namespace PromptCapture.Providers;

/// <summary>One chat call as it travels through the kernel: where it goes, what it sends, and what capture must know.</summary>
/// <param name="Route">The alias's route.</param>
/// <param name="History">The messages, as SK sends them.</param>
/// <param name="Settings">The options, as SK sends them.</param>
/// <param name="Capture">The request as the capture filter records it.</param>
public sealed record ChatInvocation(ModelRoute Route, ChatHistory History, OpenAIPromptExecutionSettings Settings, CaptureContext Capture)
{
    /// <summary>The KernelArguments key under which the invocation travels to the function and the filters.</summary>
    public const string ArgumentName = "invocation";
}
