using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;
using PolicyBot.Storage;

namespace PolicyBot.Adapters.Slack.Tests;

/// <summary>Alerts through the real dispatcher, store and Slack sender into the fake Slack over loopback.</summary>
public sealed class SlackAlertSenderTests : IAsyncLifetime, IDisposable
{
    private const string Channel = "C0000GENERAL";
    private static readonly ChannelRef General = new("slack", Channel);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private ArticleLibrary _library = null!;
    private SqlStore _store = null!;
    private FakeSlackWebApi _slack = null!;

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        _slack = await FakeSlackWebApi.StartAsync();
        _slack.EnforceChannelRate = false;
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _store.Dispose();
        _library.Dispose();
        SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private AlertDispatcher Dispatcher(IOutboxStore? store = null)
    {
        // The client waits out Retry-After at once (InstantTimeProvider), so rate-limit storms run at full speed.
        var api = new SlackApiClient(_http, _slack.BaseUrl, _slack.BotToken, new InstantTimeProvider(), NullLogger.Instance);
        return new AlertDispatcher(store ?? _store, _store, new AlertComposer(_library), new IAlertSender[] { new SlackAlertSender(api) }, Options.Create(new AlertOptions()), _time, NullLogger<AlertDispatcher>.Instance);
    }

    private async Task PlanSeedAlertAsync()
    {
        var article = _library.Articles[0];
        await _store.RecordArticleAsync(new ArticleVersion(article.Id, _library.ContentHash(article.Id)!, article.Title), new[] { new PlannedAlert(General, null, null, null) }, _time.GetUtcNow(), Ct);
    }

    [Fact]
    public async Task Alert_IsPostedOnceWithTitleSummaryAndItsKeyAsMetadata()
    {
        await PlanSeedAlertAsync();

        await Dispatcher().RunOnceAsync(Ct);

        var post = Assert.Single(_slack.Posted);
        Assert.Equal(Channel, post.Channel);
        Assert.Contains("New article", post.Text, StringComparison.Ordinal);
        Assert.Contains(_library.Articles[0].Title, post.Text, StringComparison.Ordinal);
        Assert.Equal(SlackAlertSender.MetadataEventType, post.Metadata?["event_type"]?.GetValue<string>());
        Assert.StartsWith("pb-alert-", post.Metadata?["event_payload"]?["key"]?.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(General, Ct)).Single().State);
    }

    [Fact]
    public async Task RateLimitStorm_IsWaitedOutAndPostedOnce()
    {
        await PlanSeedAlertAsync();
        _slack.RateLimitNext(4);

        await Dispatcher().RunOnceAsync(Ct);

        Assert.Single(_slack.Posted);
        Assert.True(_slack.RateLimitedResponses >= 4);
    }

    [Fact]
    public async Task NotInChannel_PausesTheChannelAndKeepsTheAlert()
    {
        await PlanSeedAlertAsync();
        _slack.NotInChannel.Add(Channel);
        var dispatcher = Dispatcher();

        await dispatcher.RunOnceAsync(Ct);
        _time.Advance(TimeSpan.FromHours(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Empty(_slack.Posted);
        Assert.Contains("not_in_channel", await _store.PausedReasonAsync(General, Ct), StringComparison.Ordinal);
        Assert.Equal(1, await _store.OutboxDepthAsync(Ct));
    }

    [Fact]
    public async Task LostAnswer_IsNotPostedAgain()
    {
        await PlanSeedAlertAsync();
        _slack.LoseAnswerOfNextPosts = 1;
        var dispatcher = Dispatcher();

        await dispatcher.RunOnceAsync(Ct);
        var row = (await _store.AlertsForAsync(General, Ct)).Single();
        Assert.Equal(AlertState.Pending, row.State);
        _time.Advance(row.NextAttemptAt - _time.GetUtcNow());
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_slack.Posted);
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(General, Ct)).Single().State);
    }

    [Fact]
    public async Task CrashAfterPostingBeforeRecording_IsSettledFromTheChannelHistory()
    {
        await PlanSeedAlertAsync();
        var claimed = await _store.ClaimDueAsync(_time.GetUtcNow(), 10, Ct);
        var reply = new AlertComposer(_library).Compose(claimed[0])!;
        var api = new SlackApiClient(_http, _slack.BaseUrl, _slack.BotToken, TimeProvider.System, NullLogger.Instance);
        await new SlackAlertSender(api).SendAsync(General, reply, claimed[0].Key, Ct); // posted; the process dies before recording it

        _time.Advance(new AlertOptions().InDoubtAfter + TimeSpan.FromSeconds(1)); // long enough that its sender must have stopped
        var dispatcher = Dispatcher();
        await dispatcher.RecoverInDoubtAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_slack.Posted);
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(General, Ct)).Single().State);
    }

    [Fact]
    public async Task CrashAfterClaimingBeforePosting_IsPostedAtTheNextStart()
    {
        await PlanSeedAlertAsync();
        await _store.ClaimDueAsync(_time.GetUtcNow(), 10, Ct); // claimed; the process dies before posting

        _time.Advance(new AlertOptions().InDoubtAfter + TimeSpan.FromSeconds(1)); // long enough that its sender must have stopped
        var dispatcher = Dispatcher();
        await dispatcher.RecoverInDoubtAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_slack.Posted);
    }
}
