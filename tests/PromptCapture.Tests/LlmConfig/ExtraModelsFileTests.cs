using FluentAssertions;
using PromptCapture.Cli;
using PromptCapture.LlmConfig;
using Xunit;

namespace PromptCapture.Tests.LlmConfig;

/// <summary>The text edits behind `llm install` on the file shapes a user may have, and the URL it points llm at.</summary>
public class ExtraModelsFileTests
{
    /// <summary>One of our entries.</summary>
    private static readonly GatewayModelEntry Ours = new("echo", "http://127.0.0.1:11435/v1", null);

    /// <summary>An empty "[]" list (what uninstall leaves beside comments) takes our entries in its place, and gives them back.</summary>
    [Fact]
    public void Empty_flow_list_is_replaced_and_restored()
    {
        const string text = "# mine\n[]\n";

        var installed = ExtraModelsFile.Install(text, "f.yaml", [Ours]);

        installed.Should().Be("# mine\n" + Ours.ToYaml().TrimEnd() + "\n");
        ExtraModelsFile.Items(installed, "f.yaml").Should().ContainSingle().Which.IsOurs.Should().BeTrue();
        ExtraModelsFile.Uninstall(installed, "f.yaml").Should().Be(text);
    }

    /// <summary>A file of comments only keeps them, and gets "[]" once our entries go, since llm cannot load a file without a list.</summary>
    [Fact]
    public void Comments_only_file_keeps_its_comments_and_stays_loadable()
    {
        const string text = "# nothing yet\n";

        var installed = ExtraModelsFile.Install(text, "f.yaml", [Ours]);

        installed.Should().Be(text + Ours.ToYaml());
        ExtraModelsFile.Uninstall(installed, "f.yaml").Should().Be("# nothing yet\n[]\n");
    }

    /// <summary>Windows line endings stay Windows line endings, and a last line without a break gets one before our entries.</summary>
    [Fact]
    public void Crlf_file_gets_crlf_entries()
    {
        const string text = "- model_id: a\r\n  model_name: a";

        var installed = ExtraModelsFile.Install(text, "f.yaml", [Ours]);

        installed.Should().Be(text + "\r\n" + Ours.ToYaml("\r\n"));
        ExtraModelsFile.Uninstall(installed, "f.yaml").Should().Be(text + "\r\n");
    }

    /// <summary>Only the header marks an entry as ours: another gateway URL, or our header with another value, is the user's.</summary>
    [Fact]
    public void Only_entries_with_our_header_are_ours()
    {
        const string text = """
            - model_id: a
              model_name: a
              api_base: http://127.0.0.1:11435/v1
            - model_id: b
              model_name: b
              headers: {x-promptcapture-no-capture: llm}
            - model_id: c
              model_name: c
              headers:
                X-PromptCapture-No-Capture: someone-else

            """;

        ExtraModelsFile.Items(text, "f.yaml").Select(i => (i.ModelId, i.IsOurs)).Should().Equal(("a", false), ("b", true), ("c", false));
    }

    /// <summary>Text that is not YAML is refused with the file's name, not rewritten.</summary>
    [Fact]
    public void Broken_yaml_is_refused()
    {
        var act = () => ExtraModelsFile.Install("- model_id: [unclosed\n", "/home/me/f.yaml", [Ours]);

        act.Should().Throw<ExtraModelsFileException>().WithMessage("/home/me/f.yaml is not valid YAML*");
    }

    /// <summary>Where llm on this machine reaches serve, for each kind of bind address.</summary>
    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:11435/v1")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11435/v1")]
    [InlineData("::", "http://[::1]:11435/v1")]
    [InlineData("::1", "http://[::1]:11435/v1")]
    [InlineData("localhost", "http://localhost:11435/v1")]
    public void Gateway_url_is_reachable_from_this_machine(string host, string url) =>
        LlmCommand.GatewayUrl(host, 11435).Should().Be(url);
}
