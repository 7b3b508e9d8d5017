using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.Storage;

namespace PolicyBot.Core.Tests.Alerts;

/// <summary>
/// Planner and dispatcher over a real library (seed article plus files the tests add) and a real SQLite store; only the
/// platform is a recorder that behaves like a chat service (it keeps what was posted, honours keys like Discord's nonce,
/// and can be told to fail).
/// </summary>
public sealed class AlertPipelineTests : IDisposable
{
    private static readonly ChannelRef Everything = new("test", "C-everything");
    private static readonly ChannelRef Steel = new("test", "C-steel");
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempArticleFolder _folder = new();
    private readonly ArticleLibrary _library;
    private readonly SqlStore _store;
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly RecordingPlatform _platform = new();
    private readonly AlertPlanner _planner;
    private readonly AlertOptions _options = new() { ChannelInterval = TimeSpan.FromSeconds(30), DigestThreshold = 4, RetryBase = TimeSpan.FromSeconds(10) };

    public AlertPipelineTests()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        _planner = new AlertPlanner(_library, new QuestionAnswerer(_library, new AnswerOptions { Semantic = false }), _store, _store, _time, NullLogger.Instance);
    }

    public void Dispose()
    {
        _store.Dispose();
        _library.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private AlertDispatcher Dispatcher(IOutboxStore? outbox = null) =>
        new(outbox ?? _store, _store, new AlertComposer(_library), new[] { _platform }, Options.Create(_options), _time, NullLogger<AlertDispatcher>.Instance);

    private async Task<LibraryChanges> AddArticleAsync(string name, string title, string body)
    {
        _folder.Write(name, $"---\ntitle: \"{title}\"\nsource: \"Daily Ledger\"\npublished: \"2026-11-27\"\nurl: \"https://example.org/{Path.GetFileNameWithoutExtension(name)}\"\n---\n{body}\n");
        var changes = _library.Refresh(null, Ct);
        await _planner.OnLibraryChangedAsync(changes, Ct);
        return changes;
    }

    private const string SteelBody =
        "The European Union cut steel import quotas by 15 percent in March, the trade commissioner said on Tuesday.\n\n" +
        "Steel producers welcomed the decision. Importers warned that prices for construction steel would rise.\n\n" +
        "The quotas will be reviewed again in September, when the safeguard measures expire.";

    private const string WheatBody =
        "Wheat harvests in Argentina reached a record this season thanks to late rains.\n\n" +
        "Farmers expect exports to grow by a fifth next year. Grain traders in Rosario were cautious.";

    private async Task SubscribeBothAsync()
    {
        await _planner.CatchUpAsync(Ct); // first start: the seed is the baseline
        await _store.SubscribeAsync(Everything, null, "U1", _time.GetUtcNow(), Ct);
        await _store.SubscribeAsync(Steel, "steel import quotas", "U2", _time.GetUtcNow(), Ct);
    }

    [Fact]
    public async Task FirstStart_IsABaselineWithoutAlerts()
    {
        await _store.SubscribeAsync(Everything, null, "U1", _time.GetUtcNow(), Ct);

        await _planner.CatchUpAsync(Ct);
        await Dispatcher().RunOnceAsync(Ct);

        Assert.Empty(_platform.Posts);
        Assert.True(await _store.IsRecordedAsync(_library.Articles[0].Id, _library.ContentHash(_library.Articles[0].Id)!, Ct));
    }

    [Fact]
    public async Task NewArticle_OneAlertPerSubscribedChannel_TopicFilterShowsTheMatchingSentence()
    {
        await SubscribeBothAsync();

        await AddArticleAsync("steel.md", "EU tightens steel quotas", SteelBody);
        await AddArticleAsync("wheat.md", "Record wheat harvest in Argentina", WheatBody);
        await Dispatcher().RunOnceAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await Dispatcher().RunOnceAsync(Ct);

        var everything = _platform.PostsIn(Everything);
        Assert.Equal(2, everything.Count);
        var steel = Assert.Single(_platform.PostsIn(Steel));
        var alert = Assert.IsType<AlertReply>(steel.Reply);
        Assert.Equal("EU tightens steel quotas", alert.Article.Title);
        Assert.Equal("steel import quotas", alert.Topic);
        Assert.Contains("steel import quotas", Assert.Single(alert.Matches).Text, StringComparison.Ordinal);
        Assert.Equal(3, alert.Summary.Count);
        Assert.Equal(0, await _store.OutboxDepthAsync(Ct));
    }

    [Fact]
    public async Task ChangedText_AlertsAgain_ButATouchOrARescanDoesNot()
    {
        await SubscribeBothAsync();
        await AddArticleAsync("steel.md", "EU tightens steel quotas", SteelBody);
        var dispatcher = Dispatcher();
        await dispatcher.RunOnceAsync(Ct);

        File.SetLastWriteTimeUtc(Path.Combine(_folder.Articles, "steel.md"), DateTime.UtcNow.AddMinutes(5));
        await _planner.OnLibraryChangedAsync(_library.Refresh(null, Ct), Ct);
        await _planner.CatchUpAsync(Ct);
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RunOnceAsync(Ct);
        Assert.Single(_platform.PostsIn(Everything));

        var changes = await AddArticleAsync("steel.md", "EU tightens steel quotas", SteelBody + "\n\nThe decision was confirmed on Friday.");
        _time.Advance(TimeSpan.FromMinutes(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(changes.Changed);
        Assert.Equal(2, _platform.PostsIn(Everything).Count);
    }

    [Fact]
    public async Task BurstOfArticles_BecomesOneDigest()
    {
        await SubscribeBothAsync();
        for (int i = 0; i < 12; i++)
        {
            _folder.Write($"burst/wheat-{i}.md", $"---\ntitle: \"Wheat report {i}\"\n---\n{WheatBody} Report number {i}.\n");
        }

        await _planner.OnLibraryChangedAsync(_library.Refresh(null, Ct), Ct);
        await Dispatcher().RunOnceAsync(Ct);

        var post = Assert.Single(_platform.PostsIn(Everything));
        Assert.Equal(12, Assert.IsType<AlertDigestReply>(post.Reply).Articles.Count);
        Assert.Empty(_platform.PostsIn(Steel));
        Assert.Equal(0, await _store.OutboxDepthAsync(Ct));
    }

    [Fact]
    public async Task AlertsWithinTheChannelInterval_WaitAndArriveTogether()
    {
        await SubscribeBothAsync();
        var dispatcher = Dispatcher();
        await AddArticleAsync("wheat-1.md", "Wheat one", WheatBody + " One.");
        await dispatcher.RunOnceAsync(Ct);
        for (int i = 2; i <= 5; i++)
        {
            await AddArticleAsync($"wheat-{i}.md", $"Wheat {i}", WheatBody + $" Number {i}.");
            _time.Advance(TimeSpan.FromSeconds(2));
            await dispatcher.RunOnceAsync(Ct);
        }

        Assert.Single(_platform.PostsIn(Everything));
        _time.Advance(TimeSpan.FromSeconds(30));
        await dispatcher.RunOnceAsync(Ct);

        var posts = _platform.PostsIn(Everything);
        Assert.Equal(2, posts.Count);
        Assert.Equal(4, Assert.IsType<AlertDigestReply>(posts[1].Reply).Articles.Count);
    }

    [Fact]
    public async Task RateLimitsAndOutages_AreRetriedWithBackoffAndPostedOnce()
    {
        await SubscribeBothAsync();
        _platform.FailNext(Everything, 3);
        var dispatcher = Dispatcher();
        await AddArticleAsync("wheat.md", "Record wheat harvest in Argentina", WheatBody);

        var waits = new List<TimeSpan>();
        for (int i = 0; i < 4; i++)
        {
            await dispatcher.RunOnceAsync(Ct);
            var row = (await _store.AlertsForAsync(Everything, Ct)).Single();
            if (row.State == AlertState.Sent)
            {
                break;
            }

            waits.Add(row.NextAttemptAt - _time.GetUtcNow());
            _time.Advance(row.NextAttemptAt - _time.GetUtcNow());
        }

        Assert.Single(_platform.PostsIn(Everything));
        // Doubling from RetryBase (10 s), each with up to as much again of jitter.
        Assert.Equal(3, waits.Count);
        Assert.InRange(waits[0], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40));
        Assert.InRange(waits[2], TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(80));
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(Everything, Ct)).Single().State);
    }

    [Fact]
    public async Task ChannelTheBotLost_IsPausedAndResumedBySubscribingAgain()
    {
        await SubscribeBothAsync();
        _platform.Gone.Add(Everything);
        var dispatcher = Dispatcher();
        await AddArticleAsync("wheat.md", "Record wheat harvest in Argentina", WheatBody);
        await dispatcher.RunOnceAsync(Ct);
        _time.Advance(TimeSpan.FromHours(1));
        await dispatcher.RunOnceAsync(Ct);

        Assert.Equal(1, _platform.Attempts(Everything));
        Assert.NotNull(await _store.PausedReasonAsync(Everything, Ct));

        _platform.Gone.Remove(Everything);
        var commands = new AlertCommands(_store, _time);
        var reply = await commands.HandleAsync(new SubscribeCommand(null), Everything, "U1", mayManage: true, Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Contains("will follow", Assert.IsType<ConfirmationReply>(reply).Message, StringComparison.Ordinal);
        Assert.Single(_platform.PostsIn(Everything));
    }

    [Fact]
    public async Task CrashBetweenOutboxAndSend_TheNextStartSendsItOnce()
    {
        await SubscribeBothAsync();
        await AddArticleAsync("wheat.md", "Record wheat harvest in Argentina", WheatBody);

        // The process stops here: planned, never claimed. A new process starts on the same database.
        using var restarted = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        await _planner.CatchUpAsync(Ct);
        var dispatcher = Dispatcher(restarted);
        await dispatcher.RecoverInDoubtAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_platform.PostsIn(Everything));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CrashBetweenSendAndMark_TheNextStartNeitherLosesNorRepeatsIt(bool platformCanTell)
    {
        await SubscribeBothAsync();
        _platform.CanTell = platformCanTell;
        await AddArticleAsync("wheat.md", "Record wheat harvest in Argentina", WheatBody);

        // The first process posts, then dies before recording it.
        var crashing = new CrashBeforeMarkingStore(_store);
        await Assert.ThrowsAsync<IOException>(() => Dispatcher(crashing).RunOnceAsync(Ct));
        Assert.Single(await _store.InDoubtAsync(Ct));

        var dispatcher = Dispatcher();
        await dispatcher.RecoverInDoubtAsync(Ct);
        Assert.Single(await _store.InDoubtAsync(Ct)); // too fresh: its sender may still be at work
        _time.Advance(_options.InDoubtAfter + TimeSpan.FromSeconds(1));
        await dispatcher.RecoverInDoubtAsync(Ct);
        await dispatcher.RunOnceAsync(Ct);

        Assert.Single(_platform.PostsIn(Everything));
        Assert.Equal(AlertState.Sent, (await _store.AlertsForAsync(Everything, Ct)).Single().State);
        Assert.Empty(await _store.InDoubtAsync(Ct));
    }

    [Fact]
    public async Task ArticleAddedWhileTheBotWasDown_IsAlertedAtTheNextStart()
    {
        await SubscribeBothAsync();
        _folder.Write("while-down.md", "---\ntitle: \"Wheat while down\"\n---\n" + WheatBody + "\n");
        _library.Refresh(null, Ct); // the restarted bot opens the folder; no listener saw it arrive

        int planned = await _planner.CatchUpAsync(Ct);
        await Dispatcher().RunOnceAsync(Ct);

        Assert.Equal(1, planned);
        Assert.Single(_platform.PostsIn(Everything));
    }

    /// <summary>A chat platform as alerts see it: keeps posts, treats a repeated key as the original post (Discord's nonce), fails on request.</summary>
    private sealed class RecordingPlatform : IAlertSender
    {
        private readonly ConcurrentQueue<(ChannelRef Channel, Reply Reply, string Key)> _posts = new();
        private readonly ConcurrentDictionary<ChannelRef, int> _failNext = new();
        private readonly ConcurrentDictionary<ChannelRef, int> _attempts = new();

        public HashSet<ChannelRef> Gone { get; } = new();

        /// <summary>Whether the platform can say if a key was posted (Slack's history) or not (Discord).</summary>
        public bool CanTell { get; set; } = true;

        public string Platform => "test";

        public IReadOnlyList<(ChannelRef Channel, Reply Reply, string Key)> Posts => _posts.ToList();

        public List<(ChannelRef Channel, Reply Reply, string Key)> PostsIn(ChannelRef channel) => _posts.Where(p => p.Channel == channel).ToList();

        public int Attempts(ChannelRef channel) => _attempts.GetValueOrDefault(channel);

        public void FailNext(ChannelRef channel, int count) => _failNext[channel] = count;

        public Task<AlertDelivery> SendAsync(ChannelRef channel, Reply reply, string key, CancellationToken ct)
        {
            _attempts.AddOrUpdate(channel, 1, (_, n) => n + 1);
            if (Gone.Contains(channel))
            {
                return Task.FromResult<AlertDelivery>(new AlertDelivery.ChannelGone("not in channel"));
            }

            if (_failNext.TryGetValue(channel, out int left) && left > 0)
            {
                _failNext[channel] = left - 1;
                return Task.FromResult<AlertDelivery>(new AlertDelivery.Retry("rate limited"));
            }

            if (!_posts.Any(p => p.Channel == channel && p.Key == key))
            {
                _posts.Enqueue((channel, reply, key));
            }

            return Task.FromResult<AlertDelivery>(new AlertDelivery.Sent(key));
        }

        public Task<bool?> WasDeliveredAsync(ChannelRef channel, string key, DateTimeOffset since, CancellationToken ct) =>
            Task.FromResult(CanTell ? _posts.Any(p => p.Channel == channel && p.Key == key) : (bool?)null);
    }

    /// <summary>The real outbox, except that recording a delivery fails: the process "dies" between posting and recording.</summary>
    private sealed class CrashBeforeMarkingStore(IOutboxStore inner) : IOutboxStore
    {
        public Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct) => throw new IOException("process killed");

        public Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct) => inner.ClaimDueAsync(now, max, ct);

        public Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct) => inner.InDoubtAsync(ct);

        public Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct) => inner.ReclaimStaleAsync(claimedBefore, now, max, ct);

        public Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct) => inner.MarkRetryAsync(id, nextAttemptAt, error, ct);

        public Task MarkFailedAsync(long id, string error, CancellationToken ct) => inner.MarkFailedAsync(id, error, ct);

        public Task<int> OutboxDepthAsync(CancellationToken ct) => inner.OutboxDepthAsync(ct);

        public Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct) => inner.GetAlertAsync(id, ct);

        public Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct) => inner.AlertsForAsync(channel, ct);

    }
}
