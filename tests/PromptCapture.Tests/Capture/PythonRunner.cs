using System.Diagnostics;

namespace PromptCapture.Tests.Capture;

/// <summary>Runs python3 as the oracle for Python behaviour (json.dumps, float repr, llm's hashing) that we must match.</summary>
public static class PythonRunner
{
    /// <summary>Runs a script with <paramref name="input"/> saved to a file whose path is argv[1]; returns stdout.</summary>
    public static string Run(string script, string input) => InTempFolder(dir =>
    {
        var inputPath = Path.Combine(dir, "input.json");
        File.WriteAllText(inputPath, input);
        return Execute(dir, script, inputPath);
    });

    /// <summary>Runs a script with <paramref name="path"/> as argv[1] (e.g. a database to inspect); returns stdout.</summary>
    public static string RunOnFile(string script, string path) => InTempFolder(dir => Execute(dir, script, path));

    /// <summary>Gives the action a scratch folder and removes it afterwards.</summary>
    private static string InTempFolder(Func<string, string> action)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pc-python-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            return action(dir);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Starts python3 on the script; stderr becomes the failure message when it exits non-zero.</summary>
    private static string Execute(string dir, string script, string argument)
    {
        var scriptPath = Path.Combine(dir, "oracle.py");
        File.WriteAllText(scriptPath, script);
        var start = new ProcessStartInfo("python3")
        {
            ArgumentList = { scriptPath, argument },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException("python3 failed: " + stderr.Result);
        return stdout.Result;
    }
}
