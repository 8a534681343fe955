namespace PromptCapture.Hosting;

/// <summary>Reads a .env file without touching the environment, and hands its provider keys to the process.</summary>
internal static class EnvFile
{
    /// <summary>The file's variables (the last of a repeated name wins); empty when there is no file.</summary>
    public static IReadOnlyDictionary<string, string> Read(string? path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path is null)
            return values;
        foreach (var (name, value) in DotNetEnv.Env.NoEnvVars().Load(path))
            values[name] = value;
        return values;
    }

    /// <summary>
    /// Sets each variable the environment does not already have, so provider keys named in providers.json are found
    /// in the environment whichever way they were given (the environment wins, as with <c>--env-file</c> before).
    /// </summary>
    public static void ExportMissing(IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            {
                Environment.SetEnvironmentVariable(name, value);
                lock (Owned)
                    Owned.Add(name);
            }
        }
    }

    /// <summary>
    /// Applies an edited .env file: variables it set before are updated or removed, new ones are set unless the real
    /// environment has them; a variable the environment itself gave is never touched, so the environment still wins.
    /// </summary>
    public static void Refresh(IReadOnlyDictionary<string, string> values)
    {
        lock (Owned)
        {
            foreach (var name in Owned.Where(n => !values.ContainsKey(n)).ToList())
            {
                Environment.SetEnvironmentVariable(name, null);
                Owned.Remove(name);
            }
            foreach (var (name, value) in values)
            {
                if (Owned.Contains(name) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
                {
                    Environment.SetEnvironmentVariable(name, value);
                    Owned.Add(name);
                }
            }
        }
    }

    /// <summary>The variables this process took from a .env file (not from its real environment).</summary>
    private static readonly HashSet<string> Owned = new(StringComparer.Ordinal);
}
