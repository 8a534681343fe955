using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace PromptCapture.Tests.Fakes;

/// <summary>The gateway run as a user runs it: a child process (`PromptCapture serve ...`), read from its console output.</summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the process; call <see cref="WaitForAddressAsync"/> for the URL it listens on.</summary>
    private GatewayProcess(string fileName, string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway process");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Runs `PromptCapture.dll` with the given arguments in a folder.</summary>
    public static GatewayProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new("dotnet", workingDirectory, [Path.Combine(AppContext.BaseDirectory, "PromptCapture.dll"), .. arguments], environment);

    /// <summary>Runs any executable the same way: the installed `promptcapture` tool, or `dotnet pack` to make it.</summary>
    public static GatewayProcess StartExecutable(string fileName, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new(fileName, workingDirectory, arguments, environment);

    /// <summary>The http://host:port/v1 address the server announced, within 30 s.</summary>
    public Task<string> WaitForAddressAsync() => _address.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Sends SIGTERM, as a process manager does on stop.</summary>
    public void Terminate()
    {
        if (kill(_process.Id, 15) != 0)
            throw new InvalidOperationException("kill(SIGTERM) failed");
    }

    /// <summary>Waits for exit (within 60 s unless told otherwise) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        await _process.WaitForExitAsync(new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60)).Token);
        return _process.ExitCode;
    }

    /// <summary>Kills the process if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    /// <summary>Collects output and notices the listening line.</summary>
    private void OnLine(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
        if (ListeningLine().Match(line) is { Success: true } match)
            _address.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>"PromptCapture listening on http://127.0.0.1:PORT/v1".</summary>
    [GeneratedRegex(@"listening on (http://\S+/v1)")]
    private static partial Regex ListeningLine();

    /// <summary>POSIX kill(2), to send SIGTERM (Process.Kill sends SIGKILL).</summary>
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
