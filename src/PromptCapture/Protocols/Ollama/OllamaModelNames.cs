using System.Security.Cryptography;
using System.Text;
using PromptCapture.Providers;

namespace PromptCapture.Protocols.Ollama;

/// <summary>Ollama model names (name:tag) to aliases and back.</summary>
public static class OllamaModelNames
{
    /// <summary>The tag every alias is listed under.</summary>
    public const string LatestTag = ":latest";

    /// <summary>The route of an Ollama model name: the alias exactly, else without its :latest tag; unknown is Ollama's 404.</summary>
    public static ModelRoute Resolve(ModelRegistry registry, string? model)
    {
        if (string.IsNullOrEmpty(model))
            throw new Errors.InvalidRequestException("model is required", "model", "missing_required_parameter");
        if (registry.TryResolve(model, out var route))
            return route;
        if (model.EndsWith(LatestTag, StringComparison.OrdinalIgnoreCase) && registry.TryResolve(model[..^LatestTag.Length], out route))
            return route;
        throw OllamaErrors.ModelNotFound(model);
    }

    /// <summary>alias:latest, unless the alias already carries a tag.</summary>
    public static string Tagged(string alias) => alias.Contains(':', StringComparison.Ordinal) ? alias : alias + LatestTag;

    /// <summary>A stable sha256 (hex) of the alias, standing in for the digest of a local model's weights.</summary>
    public static string Digest(string alias) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(alias)));
}
