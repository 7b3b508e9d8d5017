using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

/// <summary>Logging:Format=json turns the console log into JSON lines carrying the adapters' scopes as fields.</summary>
public sealed class LoggingFormatTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public LoggingFormatTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    private static string FormatterName(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName ?? "";

    [Fact]
    public async Task JsonFormat_ALogLineInAnAdapterScope_IsOneJsonObjectWithPlatformChannelAndMessageId()
    {
        await using var app = BotHost.BuildWeb(new[] { "--Logging:Format=json", $"--Articles:IndexPath={_folder.IndexPath}" }, _folder.Articles, TextWriter.Null);
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == FormatterName(app.Services));
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["platform"] = "discord", ["channel"] = "1200", ["message_id"] = "1300" });
        var entry = new LogEntry<string>(LogLevel.Error, "PolicyBot.Adapters.Discord.DiscordMessageResponder", new EventId(0), "Answering a Discord message failed", null, (s, _) => s);
        using var output = new StringWriter();

        formatter.Write(in entry, scopes, output);

        Assert.Equal(ConsoleFormatterNames.Json, formatter.Name);
        string line = output.ToString().TrimEnd('\n', '\r');
        Assert.DoesNotContain('\n', line);
        var json = (JsonObject)JsonNode.Parse(line)!;
        Assert.Equal("Answering a Discord message failed", (string?)json["Message"]);
        Assert.Equal("Error", (string?)json["LogLevel"]);
        var scopeFields = json["Scopes"]!.AsArray().OfType<JsonObject>().Single();
        Assert.Equal("discord", (string?)scopeFields["platform"]);
        Assert.Equal("1200", (string?)scopeFields["channel"]);
        Assert.Equal("1300", (string?)scopeFields["message_id"]);
    }

    [Fact]
    public async Task DefaultFormat_IsTheSimpleConsole()
    {
        await using var app = BotHost.BuildWeb(new[] { $"--Articles:IndexPath={_folder.IndexPath}" }, _folder.Articles, TextWriter.Null);

        Assert.Equal(ConsoleFormatterNames.Simple, FormatterName(app.Services));
        Assert.False(BotHost.IsJsonLogging(app.Configuration));
    }
}
