using System.Diagnostics;

namespace PromptCapture.Tests.Fakes;

/// <summary>Runs a real agent CLI (Codex, Claude Code) once, non-interactively, killed with its children if it hangs.</summary>
public static class AgentProcess
{
    /// <summary>Starts <paramref name="start"/> with stdin closed and returns its exit code and stdout followed by stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
