namespace PromptCapture.Hosting;

/// <summary>One serve setting as the user meets it: the flag, the environment variable, and what it is for.</summary>
/// <param name="Flag">The command-line flag, e.g. --port.</param>
/// <param name="Variable">The environment (or .env) variable, e.g. PROMPT_CAPTURE_PORT.</param>
/// <param name="Description">One line for help, without the variable or the default.</param>
/// <param name="Default">How the default reads in help and README, or null when there is none.</param>
internal sealed record ServeSetting(string Flag, string Variable, string Description, string? Default)
{
    /// <summary>The help text of the flag, naming its variable and default so `serve --help` is the whole reference.</summary>
    public string Help => Default is null
        ? $"{Description} [env: {Variable}]"
        : $"{Description} [env: {Variable}] [default: {Default}]";
}
