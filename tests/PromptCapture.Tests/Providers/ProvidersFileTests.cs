using FluentAssertions;
using PromptCapture.Providers;
using Xunit;

namespace PromptCapture.Tests.Providers;

/// <summary>providers.json mistakes stop the server with a message naming the file, the provider and the field.</summary>
public sealed class ProvidersFileTests
{
    private const string Source = "test-providers.json";

    /// <summary>Parses, expecting failure, and returns the message.</summary>
    private static string Failure(string json)
    {
        var act = () => ProvidersFileLoader.Parse(json, Source);
        return act.Should().Throw<ProvidersFileException>().Which.Message;
    }

    /// <summary>The shipped providers.json is valid, with deepseek as the default, and openai, ollama and echo entries.</summary>
    [Fact]
    public void Shipped_providers_file_is_valid()
    {
        var root = RepoRoot.Find();
        var file = ProvidersFileLoader.Load(Path.Combine(root, "providers.json"));

        file.DefaultModel.Should().Be("deepseek-chat");
        file.Providers!.Select(p => p.Type).Should().Contain(["openai", "echo"]);
        file.Providers!.Select(p => p.Name).Should().Contain(["deepseek", "openai", "ollama", "echo"]);
        file.Providers!.Single(p => p.Name == "deepseek").ApiKeyEnv.Should().Be("DEEP_SEEK_API_KEY");
    }

    /// <summary>Invalid JSON names the file and the line.</summary>
    [Fact]
    public void Invalid_json_names_file() => Failure("{\"defaultModel\": ").Should().StartWith(Source).And.Contain("invalid JSON");

    /// <summary>An unknown type names provider and field.</summary>
    [Fact]
    public void Unknown_type_names_provider_and_field() =>
        Failure("""{"defaultModel":"a","providers":[{"name":"p","type":"gemini","endpoint":"http://x","models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain("provider \"p\"").And.Contain("\"type\"").And.Contain("gemini");

    /// <summary>A duplicate alias across providers names both.</summary>
    [Fact]
    public void Duplicate_alias_names_both_providers() =>
        Failure("""{"defaultModel":"a","providers":[{"name":"p","type":"echo","models":[{"alias":"a","model":"m"}]},{"name":"q","type":"echo","models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain("provider \"q\"").And.Contain("\"p\"").And.Contain("models[0].alias");

    /// <summary>Each missing field is named.</summary>
    [Theory]
    [InlineData("""{"defaultModel":"a"}""", "providers")]
    [InlineData("""{"defaultModel":"a","providers":[{"type":"echo","models":[{"alias":"a","model":"m"}]}]}""", "name")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","models":[{"alias":"a","model":"m"}]}]}""", "type")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"openai","models":[{"alias":"a","model":"m"}]}]}""", "endpoint")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"echo"}]}""", "models")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"echo","models":[{"model":"m"}]}]}""", "models[0].alias")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"echo","models":[{"alias":"a"}]}]}""", "models[0].model")]
    [InlineData("""{"providers":[{"name":"p","type":"echo","models":[{"alias":"a","model":"m"}]}]}""", "defaultModel")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"azure-openai","endpoint":"https://x","models":[{"alias":"a","model":"m"}]}]}""", "apiKeyEnv")]
    [InlineData("""{"defaultModel":"a","providers":[{"name":"p","type":"anthropic","models":[{"alias":"a","model":"m"}]}]}""", "apiKeyEnv")]
    public void Missing_field_is_named(string json, string field) => Failure(json).Should().Contain($"\"{field}\"");

    /// <summary>A default model that is no alias is refused.</summary>
    [Fact]
    public void Default_model_must_be_an_alias() =>
        Failure("""{"defaultModel":"zzz","providers":[{"name":"p","type":"echo","models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain("defaultModel").And.Contain("zzz");

    /// <summary>An anthropic provider needs no endpoint (Anthropic's API is the default) but its key variable; a given endpoint must still be http(s).</summary>
    [Fact]
    public void Anthropic_provider_defaults_its_endpoint()
    {
        var file = ProvidersFileLoader.Parse("""{"defaultModel":"c","providers":[{"name":"anthropic","type":"anthropic","apiKeyEnv":"ANTHROPIC_API_KEY","models":[{"alias":"c","model":"claude-x"}]}]}""", Source);
        file.Providers![0].Type.Should().Be("anthropic");
        file.Providers[0].Endpoint.Should().BeNull();
        Failure("""{"defaultModel":"c","providers":[{"name":"p","type":"anthropic","endpoint":"api.anthropic.com","apiKeyEnv":"K","models":[{"alias":"c","model":"m"}]}]}""")
            .Should().Contain("\"endpoint\"");
    }

    /// <summary>A relative or non-http endpoint is refused.</summary>
    [Fact]
    public void Endpoint_must_be_absolute_http() =>
        Failure("""{"defaultModel":"a","providers":[{"name":"p","type":"openai","endpoint":"api.deepseek.com","models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain("\"endpoint\"");

    /// <summary>A fallback must name another existing alias.</summary>
    [Theory]
    [InlineData("nope", "is not an alias")]
    [InlineData("a", "itself")]
    public void Fallbacks_must_name_other_aliases(string fallback, string problem) =>
        Failure($$$"""{"defaultModel":"a","providers":[{"name":"p","type":"echo","models":[{"alias":"a","model":"m","fallbacks":["{{{fallback}}}"]}]}]}""")
            .Should().Contain("models[0].fallbacks").And.Contain(problem);

    /// <summary>Out-of-range retry settings are refused.</summary>
    [Fact]
    public void Retry_settings_are_checked() =>
        Failure("""{"defaultModel":"a","providers":[{"name":"p","type":"echo","retry":{"maxRetries":50},"models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain("\"retry\"");

    /// <summary>Timeouts and the answer size cap must be positive and fit a TimeSpan or a byte count.</summary>
    [Theory]
    [InlineData("timeoutSeconds", "0")]
    [InlineData("idleTimeoutSeconds", "-1")]
    [InlineData("maxResponseMb", "1e300")]
    [InlineData("connectTimeoutSeconds", "0")]
    public void Limits_must_be_positive_numbers(string field, string value) =>
        Failure($$"""{"defaultModel":"a","providers":[{"name":"p","type":"echo","{{field}}":{{value}},"models":[{"alias":"a","model":"m"}]}]}""")
            .Should().Contain($"\"{field}\" must be a positive number");

    /// <summary>A missing file is named.</summary>
    [Fact]
    public void Missing_file_is_named()
    {
        var act = () => ProvidersFileLoader.Load("/nonexistent/providers.json");

        act.Should().Throw<ProvidersFileException>().Which.Message.Should().Contain("/nonexistent/providers.json");
    }

    /// <summary>The models listing shows key status without the key value.</summary>
    [Fact]
    public void Models_listing_shows_key_status_not_value()
    {
        var file = ProvidersFileLoader.Parse("""{"defaultModel":"a","providers":[{"name":"p","type":"openai","endpoint":"http://x/v1","apiKeyEnv":"K","models":[{"alias":"a","model":"m"}]},{"name":"q","type":"openai","endpoint":"http://x/v1","apiKeyEnv":"J","models":[{"alias":"b","model":"n"}]}]}""", Source);

        var text = PromptCapture.Cli.ModelsCommand.Render(file, name => name == "K" ? "secret-value" : null);

        text.Should().Contain("a (default)").And.Contain("set (K)").And.Contain("missing (J)").And.NotContain("secret-value");
    }
}
