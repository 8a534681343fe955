using System.Diagnostics;

namespace PromptCapture.Tests.Capture;

/// <summary>Runs python3 as the oracle for Python behaviour (json.dumps, float repr) that our code must match.</summary>
public static class PythonRunner
{
    /// <summary>Runs a script with an input file and returns stdout; fails the test with stderr on error.</summary>
    public static string Run(string script, string input)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pc-python-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var scriptPath = Path.Combine(dir, "oracle.py");
            var inputPath = Path.Combine(dir, "input.json");
            File.WriteAllText(scriptPath, script);
            File.WriteAllText(inputPath, input);
            var start = new ProcessStartInfo("python3")
            {
                ArgumentList = { scriptPath, inputPath },
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
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
