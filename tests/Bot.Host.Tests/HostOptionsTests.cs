using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Feedback;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

/// <summary>Every setting is bound to an options class and validated at start, so a bad value is one line naming it.</summary>
public sealed class HostOptionsTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public HostOptionsTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Err)> Run(params string[] args)
    {
        var error = new StringWriter();
        var all = args.Concat(new[] { "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false" }).ToArray();
        int code = await PolicyBotCli.RunAsync(all, TextWriter.Null, error, CancellationToken.None);
        return (code, error.ToString());
    }

    [Fact]
    public async Task Articles_LoggingFormatNeitherTextNorJson_ExitsOneNamingTheSetting()
    {
        var (code, stderr) = await Run("articles", "--Logging:Format=xml");

        Assert.Equal(1, code);
        Assert.Contains("Logging:Format must be 'text' or 'json'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ShutdownTimeoutOverAnHour_ExitsOneNamingTheSetting()
    {
        var (code, stderr) = await Run("serve", "--Slack:Enabled=true", "--Slack:BotToken=xoxb-1", "--Slack:SigningSecret=s", "--Http:ShutdownTimeout=02:00:00", "--Alerts:Enabled=false");

        Assert.Equal(1, code);
        Assert.Contains("Http:ShutdownTimeout", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildWeb_SettingsOfEachSection_ReachTheServicesThatUseThem()
    {
        string feedback = Path.Combine(_folder.Root, "verdicts.jsonl");
        await using var app = BotHost.BuildWeb(
            new[]
            {
                $"--Articles:IndexPath={_folder.IndexPath}", "--Http:ShutdownTimeout=00:00:07", $"--Feedback:Path={feedback}", "--Fleet:ReplicaId=replica-7",
                "--Discord:Enabled=true", "--Discord:ApplicationId=1", "--Discord:BotToken=t", $"--Discord:PublicKey={new string('a', 64)}", "--Discord:InlineBudget=00:00:01.5",
                $"--Storage:ConnectionString=Data Source={Path.Combine(_folder.Root, "alerts.db")}",
            },
            _folder.Articles, TextWriter.Null);

        Assert.Equal(TimeSpan.FromSeconds(7), app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        Assert.Equal(feedback, app.Services.GetRequiredService<FeedbackLog>().FilePath);
        Assert.Equal("replica-7", app.Services.GetRequiredService<ReplicaIdentity>().Id);
        Assert.Equal(TimeSpan.FromSeconds(1.5), app.Services.GetRequiredService<PolicyBot.Adapters.Discord.Http.DiscordInteractionTiming>().InlineBudget);
        Assert.Equal(BotHost.DefaultShutdownTimeout, new HttpOptions().ShutdownTimeout);
        Assert.Equal(FeedbackOptions.DefaultPath, new FeedbackOptions { Path = " " }.ResolvePath());
    }
}
