using System.Net;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using PromptCapture.Tests.Fakes;
using PromptCapture.Tests.Gateway;
using Xunit;

namespace PromptCapture.Tests.Reliability;

/// <summary>A capture database that cannot be used never takes the gateway down with it.</summary>
public sealed class CaptureFailureTests
{
    /// <summary>A foreign file at the database path: requests are served, readiness says so, shutdown is clean.</summary>
    [Fact]
    public async Task Unusable_database_keeps_gateway_serving_and_reports_not_ready()
    {
        var harness = await GatewayHarness.StartAsync(beforeStart: path =>
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE turns (something_else TEXT); CREATE TABLE threads (x INTEGER);";
            command.ExecuteNonQuery();
        });
        try
        {
            for (var i = 0; i < 3; i++)
                (await harness.Http.PostChatAsync(Requests.Simple("fake-chat", $"still served {i}"))).StatusCode.Should().Be(HttpStatusCode.OK);
            await harness.FlushAsync();

            var ready = await harness.Http.GetAsync("/health/ready");
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("capture").GetString().Should().Be("failing");
            harness.Store.Written.Should().Be(0);
        }
        finally
        {
            var dispose = async () => await harness.DisposeAsync();
            await dispose.Should().NotThrowAsync();
        }
    }
}
