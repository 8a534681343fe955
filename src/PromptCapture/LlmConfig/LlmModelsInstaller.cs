using System.Text;
using PromptCapture.Capture.Store;

namespace PromptCapture.LlmConfig;

/// <summary>What an install or uninstall did, for the command to report.</summary>
/// <param name="Path">The extra-openai-models.yaml written (or looked at).</param>
/// <param name="Written">The aliases now pointing at the gateway (install) or removed (uninstall).</param>
/// <param name="Skipped">Aliases left alone because one of the user's own entries already has that model_id.</param>
/// <param name="Changed">Whether the file changed (false when it already said exactly this).</param>
/// <param name="Deleted">Whether the file was removed because nothing was left in it.</param>
public sealed record LlmModelsChange(string Path, IReadOnlyList<string> Written, IReadOnlyList<string> Skipped, bool Changed, bool Deleted);

/// <summary>
/// Reads and writes llm's extra-openai-models.yaml in llm's user directory ($LLM_USER_PATH, else the platform's
/// config folder, as <see cref="LlmDatabaseLocation"/> finds it), keeping a byte-order mark and replacing the file
/// in one move so llm never reads half of it.
/// </summary>
public static class LlmModelsInstaller
{
    /// <summary>The UTF-8 byte-order mark some editors write; kept if the file had it.</summary>
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Where llm reads its extra OpenAI-compatible models.</summary>
    public static string FilePath(bool createDirectory) =>
        System.IO.Path.Combine(LlmDatabaseLocation.UserDirectory(createDirectory), ExtraModelsFile.FileName);

    /// <summary>Points one llm model per alias at the gateway, replacing earlier entries of ours and leaving the user's alone.</summary>
    public static LlmModelsChange Install(IReadOnlyList<string> aliases, string apiBase, string? apiKeyName)
    {
        var path = FilePath(createDirectory: true);
        var (text, bom) = Read(path);
        var theirs = ExtraModelsFile.Items(text, path).Where(i => !i.IsOurs).Select(i => i.ModelId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var written = aliases.Where(a => !theirs.Contains(a)).Distinct(StringComparer.Ordinal).ToList();
        var skipped = aliases.Where(theirs.Contains).Distinct(StringComparer.Ordinal).ToList();
        var updated = ExtraModelsFile.Install(text, path, [.. written.Select(a => new GatewayModelEntry(a, apiBase, apiKeyName))]);
        var changed = updated != text || !File.Exists(path);
        if (changed)
            Write(path, updated, bom);
        return new LlmModelsChange(path, written, skipped, changed, Deleted: false);
    }

    /// <summary>Removes exactly our entries; a file left empty is deleted.</summary>
    public static LlmModelsChange Uninstall()
    {
        var path = FilePath(createDirectory: false);
        if (!File.Exists(path))
            return new LlmModelsChange(path, [], [], Changed: false, Deleted: false);
        var (text, bom) = Read(path);
        var removed = ExtraModelsFile.Items(text, path).Where(i => i.IsOurs).Select(i => i.ModelId ?? "").ToList();
        if (removed.Count == 0)
            return new LlmModelsChange(path, [], [], Changed: false, Deleted: false);
        var updated = ExtraModelsFile.Uninstall(text, path);
        if (updated.Length == 0)
        {
            File.Delete(path);
            return new LlmModelsChange(path, removed, [], Changed: true, Deleted: true);
        }
        Write(path, updated, bom);
        return new LlmModelsChange(path, removed, [], Changed: true, Deleted: false);
    }

    /// <summary>The file's text ("" when missing) and whether it starts with a byte-order mark.</summary>
    private static (string Text, bool Bom) Read(string path)
    {
        if (!File.Exists(path))
            return ("", false);
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith(Bom);
        return (new UTF8Encoding(false, true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0)), bom);
    }

    /// <summary>Writes beside the file, then moves over it.</summary>
    private static void Write(string path, string text, bool bom)
    {
        var temporary = path + ".promptcapture-" + Guid.NewGuid().ToString("N")[..8];
        var bytes = Encoding.UTF8.GetBytes(text);
        File.WriteAllBytes(temporary, bom ? [.. Bom, .. bytes] : bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
