using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.Storage;

namespace PolicyBot.Adapters.Discord.Tests;

/// <summary>Alerts through the real dispatcher, store and Discord sender into the fake Discord over loopback.</summary>
public sealed class DiscordAlertSenderTests : IAsyncLifetime, IDisposable
{
    private const string Channel = "1100000000000000042";
    private static readonly ChannelRef News = new("discord", Channel);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private ArticleLibrary _library = null!;
    private SqlStore _store = null!;
    private FakeDiscordApi _discord = null!;

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        _discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions { ForbiddenChannels = { "1100000000000000666" } });
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        _store.Dispose();
        _library.Dispose();
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private DiscordAlertSender Sender() => new(new DiscordRestClient(_http, _discord.ApiBaseUrl, _discord.BotToken, TimeProvider.System, NullLogger.Instance) { FirstBackoff = TimeSpan.FromMilliseconds(10) });

    private AlertDispatcher Dispatcher() =>
        new(_store, _store, new AlertComposer(_library), new IAlertSender[] { Sender() }, Options.Create(new AlertOptions()), _time, NullLogger<AlertDispatcher>.Instance);

    private async Task PlanSeedAlertAsync(ChannelRef channel)
    {
        var article = _library.Articles[0];
        await _store.RecordArticleAsync(new ArticleVersion(article.Id, _library.ContentHash(article.Id)!, article.Title), new[] { new PlannedAlert(channel, null, null, null) }, _time.GetUtcNow(), Ct);
    }

    [Fact]
    public async Task Alert_IsPostedWithTheKeyAsNonceAndNoPings()
    {
        await PlanSeedAlertAsync(News);

        await Dispatcher().RunOnceAsync(Ct);

        var message = Assert.Single(_discord.Messages);
        Assert.StartsWith("pb-alert-", message.Nonce, StringComparison.Ordinal);
        Assert.Contains(_library.Articles[0].Title, message.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(message.Pings);
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(News, Ct)).Single().State);
    }

    [Fact]
    public async Task CrashAfterPostingBeforeRecording_IsRepostedWithTheSameNonceAndDiscordKeepsOne()
    {
        await PlanSeedAlertAsync(News);
        var claimed = await _store.ClaimDueAsync(_time.GetUtcNow(), 10, Ct);
        await Sender().SendAsync(News, new AlertComposer(_library).Compose(claimed[0])!, claimed[0].Key, Ct); // posted; the process dies

        _time.Advance(new AlertOptions().InDoubtAfter + TimeSpan.FromSeconds(1)); // long enough that its sender must have stopped
        var dispatcher = Dispatcher();
        await dispatcher.RecoverInDoubtAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_discord.Messages);
        Assert.Equal(1, _discord.NonceDuplicates);
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(News, Ct)).Single().State);
    }

    [Fact]
    public async Task RateLimitsAndServerErrors_AreRetriedAndPostedOnce()
    {
        await PlanSeedAlertAsync(News);
        _discord.RateLimitNext(3, "user", 0.05);
        _discord.FailNext(2, 503);

        await Dispatcher().RunOnceAsync(Ct);

        Assert.Single(_discord.Messages);
        Assert.Equal(0, _discord.EarlyRetries);
    }

    [Fact]
    public async Task MissingAccess_PausesTheChannel()
    {
        var forbidden = new ChannelRef("discord", "1100000000000000666");
        await PlanSeedAlertAsync(forbidden);

        await Dispatcher().RunOnceAsync(Ct);

        Assert.Empty(_discord.Messages);
        Assert.Contains("50001", await _store.PausedReasonAsync(forbidden, Ct), StringComparison.Ordinal);
        Assert.Equal(1, await _store.OutboxDepthAsync(Ct));
    }
}
