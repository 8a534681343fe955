namespace PromptCapture.Bench.Hosts;

/// <summary>A temporary folder for the run's providers.json and databases, removed afterwards.</summary>
internal sealed class BenchFiles : IDisposable
{
    /// <summary>Creates a fresh folder under the system temp directory.</summary>
    public BenchFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "promptcapture-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>A path inside the folder.</summary>
    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Writes a providers.json with one keyless openai provider "up" and alias "fast" -> model "m".</summary>
    public string WriteProviders(string upstreamRoot)
    {
        var path = PathOf("providers.json");
        File.WriteAllText(path, $$"""
            {"defaultModel":"fast","providers":[{"name":"up","type":"openai","endpoint":"{{upstreamRoot}}/v1","models":[{"alias":"fast","model":"m"}]}]}
            """);
        return path;
    }

    /// <summary>Removes the folder; a file still held open is left for the OS to clean.</summary>
    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
