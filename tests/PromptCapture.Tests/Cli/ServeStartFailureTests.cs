using FluentAssertions;
using PromptCapture.Tests.Fakes;
using Xunit;

namespace PromptCapture.Tests.Cli;

/// <summary>serve failing to start says why in one line and exits 2, as a mistyped setting does; no stack trace.</summary>
public sealed class ServeStartFailureTests
{
    /// <summary>The port is taken (another gateway, or Ollama next door): the message names port and address and what to pass.</summary>
    [Fact]
    public async Task Port_in_use_is_one_clear_line_and_exit_code_2()
    {
        using var folder = new TempFolder("pc-port-");
        await File.WriteAllTextAsync(folder.File("providers.json"),
            """{"defaultModel":"echo","providers":[{"name":"echo","type":"echo","models":[{"alias":"echo","model":"echo"}]}]}""");
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        await using var gateway = GatewayProcess.Start(folder.Path, null, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-log");
        var exitCode = await gateway.WaitForExitAsync();

        exitCode.Should().Be(2, gateway.Output);
        gateway.Output.Should().Contain($"error: port {port} on 127.0.0.1 is already in use (another PromptCapture or Ollama?); pass --port");
        gateway.Output.Should().NotContain("   at ").And.NotContain("Exception");
    }
}
