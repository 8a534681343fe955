using FluentAssertions;
using PromptCapture.Capture.Store.Merging;
using PromptCapture.Capture.Store.Writing;
using PromptCapture.Tests.Capture;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Merging;

/// <summary>`merge --embeddings`: llm embeddings databases merged by collection name and item id.</summary>
public sealed class EmbeddingsMergeTests : IDisposable
{
    /// <summary>A folder for this test's files.</summary>
    private readonly TempFolder _folder = new("pc-merge-emb-");

    /// <summary>llm 0.32's reference embeddings.db (collection emb, model fake-8, four items).</summary>
    private static string Reference => Path.Combine(ReferenceFiles.Directory, "embeddings", "reference-embeddings.db");

    /// <summary>A second machine's copy of the reference: one item re-embedded later, one new item, one new collection.</summary>
    private string SecondMachine()
    {
        var path = _folder.File("second.db");
        File.Copy(Reference, path);
        using var connection = MergeFiles.Open(path);
        connection.Execute(null, "UPDATE embeddings SET content = 'changed', updated = updated + 100 WHERE id = '1'");
        connection.Execute(null, "INSERT INTO embeddings (collection_id, id, embedding, updated) SELECT collection_id, 'new', embedding, updated FROM embeddings WHERE id = '2'");
        connection.Execute(null, "INSERT INTO collections (name, model) VALUES ('other', 'fake-8')");
        connection.Execute(null, "INSERT INTO embeddings (collection_id, id, embedding, updated) SELECT (SELECT id FROM collections WHERE name = 'other'), 'x', embedding, updated FROM embeddings WHERE id = '2'");
        SqliteCommands.ForgetPrepared(connection);
        return path;
    }

    /// <summary>Both files into a new one: the union, the later item wins, llm's migrations recorded; a second run adds nothing.</summary>
    [Fact]
    public void Embeddings_merge_by_collection_and_id_and_twice_changes_nothing()
    {
        var target = _folder.File("embeddings.db");
        var second = SecondMachine();

        var first = new EmbeddingsMerger().Merge([Reference, second], target);
        var dump = MergeFiles.Dump(target);
        var again = new EmbeddingsMerger().Merge([second, Reference], target);

        first.CollectionsAdded.Should().Be(2);
        first.EmbeddingsUpdated.Should().Be(1);
        again.EmbeddingsAdded.Should().Be(0);
        again.EmbeddingsUpdated.Should().Be(0);
        MergeFiles.Dump(target).Should().Be(dump);
        Db.Rows(target, "SELECT count(*) AS n FROM embeddings")[0]["n"].Should().Be(6L);
        Db.Rows(target, "SELECT content FROM embeddings WHERE id = '1'")[0]["content"].Should().Be("changed");
        Db.Rows(target, "SELECT count(*) AS n FROM _sqlite_migrations WHERE migration_set = 'llm.embeddings'")[0]["n"].Should().Be(5L);
        Db.Rows(target, "SELECT e.embedding = r.embedding AS same FROM embeddings e, (SELECT embedding FROM embeddings WHERE id = '2') r WHERE e.id = 'new'")[0]["same"].Should().Be(1L);
    }

    /// <summary>One collection name embedded by two models cannot be mixed: refused, and the target is not created.</summary>
    [Fact]
    public void Same_collection_with_another_model_is_refused_before_writing()
    {
        var target = _folder.File("embeddings.db");
        var other = _folder.File("other.db");
        File.Copy(Reference, other);
        using (var connection = MergeFiles.Open(other))
        {
            connection.Execute(null, "UPDATE collections SET model = 'ada-002'");
            SqliteCommands.ForgetPrepared(connection);
        }

        var merge = () => new EmbeddingsMerger().Merge([Reference, other], target);

        merge.Should().Throw<MergeException>().WithMessage("*'emb' uses model fake-8*ada-002*");
        File.Exists(target).Should().BeFalse();
    }

    /// <summary>A logs.db given by mistake is named as not an embeddings database.</summary>
    [Fact]
    public void A_logs_database_is_not_an_embeddings_database()
    {
        var merge = () => new EmbeddingsMerger().Merge([ReferenceFiles.Database], _folder.File("embeddings.db"));

        merge.Should().Throw<MergeException>().WithMessage("*is not an llm embeddings database*");
    }

    /// <summary>`merge --embeddings` on the command line reports the counts; a second run adds nothing.</summary>
    [Fact]
    public async Task Merge_command_merges_embeddings_databases()
    {
        var second = SecondMachine();
        var target = _folder.File("embeddings.db");

        var first = await PromptCapture.Tests.Cli.CliRun.RunAsync(_folder.Path, null, "merge", "--embeddings", Reference, second, "--into", target);
        var again = await PromptCapture.Tests.Cli.CliRun.RunAsync(_folder.Path, null, "merge", "--embeddings", Reference, second, "--into", target);

        first.ExitCode.Should().Be(0, first.Stderr);
        first.Stdout.Should().Contain("2 collections added, 6 embeddings added, 1 updated, 3 already there");
        again.Stdout.Should().Contain("0 collections added, 0 embeddings added, 0 updated, 10 already there");
    }

    /// <summary>Removes the folder.</summary>
    public void Dispose() => _folder.Dispose();
}
