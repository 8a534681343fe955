using FluentAssertions;
using PromptCapture.Capture.Embeddings;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Protocols.Ollama;
using Xunit;

namespace PromptCapture.Tests.Protocols.Embeddings;

/// <summary>Embeddings captured into an embeddings.db as llm 0.32 writes it (Fixtures/llm-0.32/embeddings holds one written by llm).</summary>
public class EmbeddingStoreTests
{
    /// <summary>The llm-written reference database and its schema dump, copied from llm 0.32's own Collection code.</summary>
    private static string Fixture(string name) => Path.Combine(RepoRoot.Find(), "tests", "PromptCapture.Tests", "Fixtures", "llm-0.32", "embeddings", name);

    /// <summary>Every table and index definition of a database, in name order.</summary>
    private static List<string> SchemaOf(string path) =>
        Db.Rows(path, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").Select(r => $"{r["type"]}|{r["name"]}|{r["tbl_name"]}|{r["sql"]}").ToList();

    /// <summary>
    /// Embedding through the gateway writes embeddings.db beside logs.db with llm's exact schema, one collection per
    /// alias (model = upstream id), the upstream's vectors as little-endian float32, MD5 content hashes, and the same
    /// text twice is one row.
    /// </summary>
    [Fact]
    public async Task Embeddings_are_captured_as_llm_writes_them()
    {
        await using var h = await GatewayHarness.StartAsync();
        var (status, _, _) = await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"fake-chat","input":["alpha","beta"]}""");
        status.Should().Be(200);
        (await h.Http.PostOllamaAsync("/api/embed", """{"model":"fake-chat","input":"alpha"}""")).Status.Should().Be(200);
        var store = h.Services<EmbeddingStore>();
        await store.FlushAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        var path = Path.Combine(h.Folder, "embeddings.db");
        store.DatabasePath.Should().Be(path);

        SchemaOf(path).Should().Equal(SchemaOf(Fixture("reference-embeddings.db")));
        Db.Rows(path, "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").Select(r => $"{r["migration_set"]}/{r["name"]}")
            .Should().Equal(Db.Rows(Fixture("reference-embeddings.db"), "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").Select(r => $"{r["migration_set"]}/{r["name"]}"));
        var collection = Db.Rows(path, "SELECT name, model FROM collections").Should().ContainSingle().Subject;
        collection["name"].Should().Be("fake-chat");
        collection["model"].Should().Be("upstream-chat-model");
        var rows = Db.Rows(path, "SELECT id, embedding, content, hex(content_hash) AS h, metadata, updated FROM embeddings ORDER BY content");
        rows.Should().HaveCount(2);
        rows[0]["content"].Should().Be("alpha");
        EmbeddingStore.Decode((byte[])rows[0]["embedding"]!).Should().Equal(FakeUpstream.FakeVector("alpha", 0));
        EmbeddingStore.Decode((byte[])rows[1]["embedding"]!).Should().Equal(FakeUpstream.FakeVector("beta", 1));
        // The same hash llm stored for "alpha" in the reference database.
        rows[0]["h"].Should().Be(Db.Scalar(Fixture("reference-embeddings.db"), "SELECT hex(content_hash) FROM embeddings WHERE content = 'alpha'"));
        rows[0]["metadata"].Should().BeNull();
        ((long)rows[0]["updated"]!).Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 600);
    }

    /// <summary>Our decoder reads llm's blobs: the reference vectors equal the fake-8 model's formula from the script that wrote them.</summary>
    [Fact]
    public void Reference_blobs_decode_to_the_model_values()
    {
        foreach (var row in Db.Rows(Fixture("reference-embeddings.db"), "SELECT content, embedding FROM embeddings"))
        {
            var text = (string)row["content"]!;
            var expected = Enumerable.Range(0, 8).Select(k =>
            {
                var v = 7 + k;
                foreach (var c in text)
                    v = (v * 31 + c) % 9973;
                return (float)(v / 9973.0);
            }).ToArray();
            EmbeddingStore.Decode((byte[])row["embedding"]!).Should().Equal(expected);
            EmbeddingStore.Encode(expected).Should().Equal((byte[])row["embedding"]!);
        }
    }

    /// <summary>With capture off nothing is stored and no file is made.</summary>
    [Fact]
    public async Task Nothing_is_stored_when_capture_is_off()
    {
        await using var h = await GatewayHarness.StartAsync(noLog: true);
        (await h.Http.PostOllamaAsync("/v1/embeddings", """{"model":"echo","input":"x"}""")).Status.Should().Be(200);
        h.Services<EmbeddingStore>().DatabasePath.Should().BeNull();
        File.Exists(Path.Combine(h.Folder, "embeddings.db")).Should().BeFalse();
    }
}
