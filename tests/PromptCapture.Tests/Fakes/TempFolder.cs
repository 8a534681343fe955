namespace PromptCapture.Tests.Fakes;

/// <summary>An empty folder of its own for one test (a working folder, a tool path), removed with everything in it when the test ends.</summary>
/// <param name="prefix">Starts the folder's name, so a left-over folder tells which tests made it.</param>
public sealed class TempFolder(string prefix) : IDisposable
{
    /// <summary>The folder's full path; it exists from construction on.</summary>
    public string Path { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>A path inside the folder.</summary>
    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Deletes the folder; a handle still open on some platform leaves it to the OS's temp cleaning.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
