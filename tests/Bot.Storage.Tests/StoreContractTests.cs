using System.Collections.Concurrent;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;
using PolicyBot.TestKit;

namespace PolicyBot.Storage.Tests;

/// <summary>
/// The contract the store keeps in every role (<see cref="ISubscriptionStore"/>, <see cref="IArticleVersionStore"/>,
/// <see cref="IOutboxStore"/>, <see cref="IFeedStateStore"/>, <see cref="IReplicaCoordination"/>, <see cref="IFeedbackStore"/>
/// and <see cref="IConversationStore"/>), tested once and run on each database by a derived class, which adds what only its
/// database has to get right (schema and migrations, notifications). The tests are <c>[SkippableFact]</c> so that a store
/// that needs a server can skip them when there is none: <see cref="Open"/> calls <c>Skip.If</c> before anything else.
/// </summary>
public abstract class StoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    protected static readonly ChannelRef Slack = new("slack", "C1");
    protected static readonly ChannelRef Discord = new("discord", "D1");
    protected static readonly ChannelRef Shell = new("shell", "console");
    protected static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The clock the stores from <see cref="Open"/> expire conversations by; it stands at <see cref="T0"/> until a test moves it.</summary>
    protected ManualTimeProvider Clock { get; } = new(T0);

    /// <summary>
    /// A store on this test's database; a second call is "another replica" or "after a restart". Skips the test
    /// (<c>Skip.If</c>) when the store has nothing to run against.
    /// </summary>
    protected abstract SqlStore Open();

    /// <summary>A store made from <paramref name="connectionString"/> alone, for the constructor's checks; never skips.</summary>
    protected abstract SqlStore Construct(string connectionString);

    /// <summary>Closes a store from <see cref="Open"/> as a stopping process would, so that the next one starts afresh.</summary>
    protected abstract Task CloseAsync(SqlStore store);

    /// <summary>A number from this test's database, read outside any store.</summary>
    protected abstract Task<long> ScalarAsync(string sql);

    /// <summary>A text from this test's database, read outside any store; <paramref name="id"/> is <c>@id</c>.</summary>
    protected abstract Task<string?> ScalarTextAsync(string sql, long id);

    protected static ArticleVersion Article(string id, string hash = "h1") => new(id, hash, "Title of " + id);

    protected static PlannedAlert Everything(ChannelRef channel) => new(channel, null, null, null);

    // ---- schema ----

    [SkippableFact]
    public void Constructor_RejectsBlankAndMalformedConnectionStrings()
    {
        Assert.Throws<ArgumentException>(() => Construct(" "));
        Assert.Throws<ArgumentException>(() => Construct("Nonsense Keyword=1"));
    }

    // ---- subscriptions ----

    [SkippableFact]
    public async Task Subscribe_DuplicateTopicIsFalse_TrimmedAndCaseInsensitive()
    {
        var store = Open();
        Assert.True(await store.SubscribeAsync(Slack, "  EV Tariffs ", "U1", T0, Ct));
        Assert.False(await store.SubscribeAsync(Slack, "ev tariffs", "U2", T0.AddMinutes(1), Ct));
        Assert.True(await store.SubscribeAsync(Slack, "batteries", "U2", T0.AddMinutes(2), Ct));
        Assert.True(await store.SubscribeAsync(Discord, "ev tariffs", "U3", T0.AddMinutes(3), Ct));

        var slack = await store.SubscriptionsAsync(Slack, Ct);
        Assert.Equal(["EV Tariffs", "batteries"], slack.Select(s => s.Topic));
        Assert.Equal("U1", slack[0].CreatedBy);
        Assert.All(slack, s => Assert.Equal(Slack, s.Channel));
        Assert.Equal(3, (await store.SubscriptionsAsync(null, Ct)).Count);
    }

    [SkippableFact]
    public async Task Subscribe_NullEmptyAndBlankTopicAreAllEverything()
    {
        var store = Open();
        Assert.True(await store.SubscribeAsync(Slack, null, "U1", T0, Ct));
        Assert.False(await store.SubscribeAsync(Slack, "", "U1", T0, Ct));
        Assert.False(await store.SubscribeAsync(Slack, "   ", "U1", T0, Ct));
        Assert.Null(Assert.Single(await store.SubscriptionsAsync(Slack, Ct)).Topic);
    }

    [SkippableFact]
    public async Task Subscriptions_AreOldestFirst_ByTheCallersTime()
    {
        var store = Open();
        await store.SubscribeAsync(Slack, "later", "U1", T0.AddHours(1), Ct);
        await store.SubscribeAsync(Discord, "earlier", "U1", T0, Ct);
        Assert.Equal(["earlier", "later"], (await store.SubscriptionsAsync(null, Ct)).Select(s => s.Topic));
    }

    [SkippableFact]
    public async Task Unsubscribe_OneTopicMatchesTrimmedCaseInsensitive_NullRemovesAllOfTheChannel()
    {
        var store = Open();
        await store.SubscribeAsync(Slack, "Tariffs", "U1", T0, Ct);
        await store.SubscribeAsync(Slack, "Batteries", "U1", T0, Ct);
        await store.SubscribeAsync(Slack, null, "U1", T0, Ct);
        await store.SubscribeAsync(Discord, "Tariffs", "U1", T0, Ct);

        Assert.Equal(1, await store.UnsubscribeAsync(Slack, "  tariffs ", Ct));
        Assert.Equal(0, await store.UnsubscribeAsync(Slack, "tariffs", Ct));
        Assert.Equal(2, (await store.SubscriptionsAsync(Slack, Ct)).Count);

        Assert.Equal(2, await store.UnsubscribeAsync(Slack, null, Ct));
        Assert.Empty(await store.SubscriptionsAsync(Slack, Ct));
        Assert.Equal("Tariffs", Assert.Single(await store.SubscriptionsAsync(Discord, Ct)).Topic);
    }

    [SkippableFact]
    public async Task Unsubscribe_EmptyTopicRemovesOnlyTheEverythingSubscription()
    {
        var store = Open();
        await store.SubscribeAsync(Slack, null, "U1", T0, Ct);
        await store.SubscribeAsync(Slack, "tariffs", "U1", T0, Ct);
        Assert.Equal(1, await store.UnsubscribeAsync(Slack, "", Ct));
        Assert.Equal("tariffs", Assert.Single(await store.SubscriptionsAsync(Slack, Ct)).Topic);
    }

    // ---- recording articles ----

    [SkippableFact]
    public async Task RecordArticle_WritesTheVersionAndOneRowPerChannel_FirstOfADuplicateChannelWins()
    {
        var store = Open();
        PlannedAlert[] alerts =
        [
            new(Slack, "tariffs", "Tariffs rose.", 3),
            new(Discord, null, null, null),
            new(Slack, "batteries", "Batteries fell.", 5),
        ];

        Assert.True(await store.RecordArticleAsync(Article("a1"), alerts, T0, Ct));

        Assert.True(await store.IsRecordedAsync("a1", "h1", Ct));
        Assert.False(await store.IsRecordedAsync("a1", "h2", Ct));
        var slack = Assert.Single(await store.AlertsForAsync(Slack, Ct));
        Assert.Equal(
            new OutboxAlert(slack.Id, "a1", "h1", Slack, "tariffs", "Tariffs rose.", 3, AlertState.Pending, 0, T0, T0, null, null),
            slack);
        Assert.Equal($"pb-alert-{slack.Id}", slack.Key);
        var discord = Assert.Single(await store.AlertsForAsync(Discord, Ct));
        Assert.Null(discord.Topic);
        Assert.Null(discord.MatchedSentence);
        Assert.Null(discord.MatchedParagraph);
        Assert.Equal(2, await store.OutboxDepthAsync(Ct));
    }

    [SkippableFact]
    public async Task RecordArticle_SameVersionAgain_IsFalseAndWritesNothing_AlsoAfterARestart()
    {
        var store = Open();
        Assert.True(await store.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));

        Assert.False(await store.RecordArticleAsync(Article("a1"), [Everything(Slack), Everything(Discord)], T0.AddMinutes(1), Ct));
        Assert.False(await Open().RecordArticleAsync(Article("a1"), [Everything(Shell)], T0.AddMinutes(2), Ct));

        Assert.Single(await store.AlertsForAsync(Slack, Ct));
        Assert.Empty(await store.AlertsForAsync(Discord, Ct));
        Assert.Empty(await store.AlertsForAsync(Shell, Ct));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM article_versions;"));
        Assert.Equal(1, await store.OutboxDepthAsync(Ct));
    }

    [SkippableFact]
    public async Task RecordArticle_ChangedHashOfTheSameArticle_RecordsAgain()
    {
        var store = Open();
        Assert.True(await store.RecordArticleAsync(Article("a1", "h1"), [Everything(Slack)], T0, Ct));
        Assert.True(await store.RecordArticleAsync(Article("a1", "h2"), [Everything(Slack)], T0.AddMinutes(1), Ct));

        Assert.Equal(["h1", "h2"], (await store.AlertsForAsync(Slack, Ct)).Select(a => a.ContentHash));
        Assert.True(await store.IsRecordedAsync("a1", "h2", Ct));
    }

    [SkippableFact]
    public async Task RecordArticle_WithNoAlerts_StillRecordsTheVersion()
    {
        var store = Open();
        Assert.True(await store.RecordArticleAsync(Article("a1"), [], T0, Ct));
        Assert.True(await store.IsRecordedAsync("a1", "h1", Ct));
        Assert.Equal(0, await store.OutboxDepthAsync(Ct));
    }

    [SkippableFact]
    public async Task RecordArticle_TwoInstancesAtOnce_OnlyOnePlansTheAlerts()
    {
        var first = Open();
        var second = Open();
        Assert.True(await first.IsEmptyAsync(Ct));

        for (int i = 0; i < 20; i++)
        {
            var version = Article("a" + i);
            var results = await Task.WhenAll(
                Task.Run(() => first.RecordArticleAsync(version, [Everything(Slack)], T0, Ct)),
                Task.Run(() => second.RecordArticleAsync(version, [Everything(Slack)], T0, Ct)));
            Assert.Single(results, r => r);
        }

        Assert.Equal(20, (await first.AlertsForAsync(Slack, Ct)).Count);
    }

    [SkippableFact]
    public async Task Baseline_RecordsVersionsWithoutAlerts_AndLaterRecordsOfThemAreFalse()
    {
        var store = Open();
        Assert.True(await store.IsEmptyAsync(Ct));

        await store.RecordBaselineAsync([Article("a1"), Article("a2"), Article("a1")], T0, Ct);
        await store.RecordBaselineAsync([Article("a2")], T0, Ct);

        Assert.False(await store.IsEmptyAsync(Ct));
        Assert.True(await store.IsRecordedAsync("a1", "h1", Ct));
        Assert.True(await store.IsRecordedAsync("a2", "h1", Ct));
        Assert.Equal(0, await store.OutboxDepthAsync(Ct));
        Assert.False(await store.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));
        Assert.Empty(await store.AlertsForAsync(Slack, Ct));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM article_versions;"));
    }

    [SkippableFact]
    public async Task Baseline_Empty_LeavesTheStoreEmpty()
    {
        var store = Open();
        await store.RecordBaselineAsync([], T0, Ct);
        Assert.True(await store.IsEmptyAsync(Ct));
    }

    // ---- claiming ----

    [SkippableFact]
    public async Task ClaimDue_TakesDuePendingRowsOldestFirst_UpToMax_AndMovesThemToSending()
    {
        var store = Open();
        // Recorded out of time order: "oldest first" is by created time, then id.
        await store.RecordArticleAsync(Article("late"), [Everything(Slack)], T0.AddMinutes(2), Ct);
        await store.RecordArticleAsync(Article("early"), [Everything(Slack), Everything(Discord)], T0, Ct);
        await store.RecordArticleAsync(Article("future"), [Everything(Slack)], T0.AddMinutes(10), Ct);

        var now = T0.AddMinutes(5);
        var claimed = await store.ClaimDueAsync(now, 2, Ct);

        Assert.Equal(["early", "early"], claimed.Select(a => a.ArticleId));
        Assert.True(claimed[0].Id < claimed[1].Id);
        Assert.All(claimed, a =>
        {
            Assert.Equal(AlertState.Sending, a.State);
            Assert.Equal(1, a.Attempts);
            Assert.Equal(now, a.ClaimedAt);
        });
        Assert.Equal(claimed[0], await store.GetAlertAsync(claimed[0].Id, Ct));

        var next = Assert.Single(await store.ClaimDueAsync(now, 10, Ct));
        Assert.Equal("late", next.ArticleId);
        Assert.Empty(await store.ClaimDueAsync(now, 10, Ct));

        // Due exactly at its time: next_attempt_at <= now.
        Assert.Equal("future", Assert.Single(await store.ClaimDueAsync(T0.AddMinutes(10), 10, Ct)).ArticleId);
        Assert.Equal(4, await store.OutboxDepthAsync(Ct));
    }

    [SkippableFact]
    public async Task ClaimDue_ComparesInstantsWhateverTheCallersOffset()
    {
        var store = Open();
        var plusTwo = TimeSpan.FromHours(2);
        // 13:30+02:00 is 11:30Z: earlier than 12:00Z although its local clock reads later.
        await store.RecordArticleAsync(Article("utc"), [Everything(Slack)], T0, Ct);
        await store.RecordArticleAsync(Article("offset"), [Everything(Slack)], new DateTimeOffset(2026, 3, 1, 13, 30, 0, plusTwo), Ct);

        Assert.Empty(await store.ClaimDueAsync(new DateTimeOffset(2026, 3, 1, 13, 0, 0, plusTwo), 10, Ct));
        var claimed = await store.ClaimDueAsync(new DateTimeOffset(2026, 3, 1, 14, 0, 0, plusTwo), 10, Ct);
        Assert.Equal(["offset", "utc"], claimed.Select(a => a.ArticleId));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 13, 30, 0, plusTwo), claimed[0].CreatedAt);
    }

    [SkippableFact]
    public async Task ClaimDue_SkipsPausedChannels_UntilResumed()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack), Everything(Discord)], T0, Ct);
        await store.PauseChannelAsync(Slack, "not_in_channel", T0, Ct);
        await store.PauseChannelAsync(Slack, "channel_not_found", T0.AddMinutes(1), Ct);

        Assert.Equal("channel_not_found", await store.PausedReasonAsync(Slack, Ct));
        Assert.Null(await store.PausedReasonAsync(Discord, Ct));
        Assert.Equal(Discord, Assert.Single(await store.ClaimDueAsync(T0, 10, Ct)).Channel);
        Assert.Empty(await store.ClaimDueAsync(T0, 10, Ct));
        Assert.Equal(AlertState.Pending, Assert.Single(await store.AlertsForAsync(Slack, Ct)).State);

        await store.ResumeChannelAsync(Slack, Ct);
        Assert.Null(await store.PausedReasonAsync(Slack, Ct));
        Assert.Equal(Slack, Assert.Single(await store.ClaimDueAsync(T0, 10, Ct)).Channel);
    }

    [SkippableFact]
    public async Task ClaimDue_MaxZeroClaimsNothing_NegativeIsRejected()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct);
        Assert.Empty(await store.ClaimDueAsync(T0, 0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ClaimDueAsync(T0, -1, Ct));
        Assert.Empty(await store.InDoubtAsync(Ct));
    }

    [SkippableFact]
    public async Task InDoubt_ListsClaimsWithoutOutcome_AndSurvivesARestart()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack), Everything(Discord), Everything(Shell)], T0, Ct);
        var claimed = await store.ClaimDueAsync(T0, 2, Ct);
        await store.MarkSentAsync(claimed[1].Id, "m1", T0, Ct);
        await CloseAsync(store);

        var restarted = Open();
        var inDoubt = Assert.Single(await restarted.InDoubtAsync(Ct));
        Assert.Equal(claimed[0], inDoubt);
        Assert.Equal(2, await restarted.OutboxDepthAsync(Ct));
    }

    [SkippableFact]
    public async Task ReclaimStale_TakesOverOnlyOldClaims_EachByOneOfTwoReplicas()
    {
        var first = Open();
        var second = Open();
        for (int i = 0; i < 40; i++)
        {
            await first.RecordArticleAsync(Article("a" + i), [Everything(Slack)], T0, Ct);
        }

        var stale = await first.ClaimDueAsync(T0, 30, Ct); // this replica dies with 30 claimed
        var fresh = await second.ClaimDueAsync(T0.AddMinutes(5), 10, Ct); // another is busy with 10

        var takers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? first : second).ReclaimStaleAsync(T0.AddMinutes(2), T0.AddMinutes(6), 7, Ct)));

        var reclaimed = takers.SelectMany(t => t).ToList();
        Assert.Equal(stale.Select(a => a.Id).Order(), reclaimed.Select(a => a.Id).Order());
        Assert.All(reclaimed, a => Assert.Equal(T0.AddMinutes(6), a.ClaimedAt));
        Assert.All(reclaimed, a => Assert.Equal(AlertState.Sending, a.State));
        Assert.Empty(await first.ReclaimStaleAsync(T0.AddMinutes(2), T0.AddMinutes(7), 100, Ct));
        Assert.DoesNotContain(reclaimed, a => fresh.Any(f => f.Id == a.Id));
    }

    [SkippableFact]
    public async Task Feedback_IsKeptInTheStoreForEveryReplica()
    {
        var first = Open();
        var entry = new FeedbackEntry(T0, "slack", "U1", "What did Trudeau agree to?", [new("ev-tariffs", 2), new("steel", 5)], Helpful: false);

        await first.RecordAsync(entry, Ct);
        await first.RecordAsync(entry with { Platform = "discord", Helpful = true, Passages = [] }, Ct);

        var read = await Open().ReadAllAsync(Ct);
        Assert.Equal(2, read.Count);
        Assert.Equal(entry.Question, read[0].Question);
        Assert.Equal(entry.Passages, read[0].Passages);
        Assert.False(read[0].Helpful);
        Assert.Equal(T0, read[0].At);
        Assert.Equal("discord", read[1].Platform);
        Assert.True(read[1].Helpful);
    }

    // ---- outcomes ----

    [SkippableFact]
    public async Task MarkRetry_PutsTheAlertBackToPendingUntilItsTime_RememberingTheError()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct);
        var alert = Assert.Single(await store.ClaimDueAsync(T0, 10, Ct));

        await store.MarkRetryAsync(alert.Id, T0.AddMinutes(1), "rate limited", Ct);
        var retried = await store.GetAlertAsync(alert.Id, Ct);
        Assert.NotNull(retried);
        Assert.Equal(AlertState.Pending, retried.State);
        Assert.Equal(T0.AddMinutes(1), retried.NextAttemptAt);
        Assert.Equal("rate limited", retried.LastError);
        Assert.Equal(1, await store.OutboxDepthAsync(Ct));
        Assert.Empty(await store.InDoubtAsync(Ct));

        Assert.Empty(await store.ClaimDueAsync(T0.AddSeconds(59), 10, Ct));
        var again = Assert.Single(await store.ClaimDueAsync(T0.AddMinutes(1), 10, Ct));
        Assert.Equal(2, again.Attempts);
        Assert.Equal(T0.AddMinutes(1), again.ClaimedAt);
    }

    [SkippableFact]
    public async Task MarkSent_FromAnyState_LeavesTheOutbox_AndLaterRetryOrFailureDoNotUndoIt()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack), Everything(Discord)], T0, Ct);
        var claimed = Assert.Single(await store.ClaimDueAsync(T0, 1, Ct));
        var pending = Assert.Single(await store.AlertsForAsync(Discord, Ct));

        await store.MarkSentAsync(claimed.Id, "1700000000.000100", T0.AddSeconds(1), Ct);
        await store.MarkSentAsync(pending.Id, null, T0.AddSeconds(1), Ct);
        Assert.Equal(0, await store.OutboxDepthAsync(Ct));
        Assert.Equal("1700000000.000100", await ScalarTextAsync("SELECT platform_message_id FROM outbox WHERE id = @id;", claimed.Id));

        await store.MarkRetryAsync(claimed.Id, T0, "late timeout", Ct);
        await store.MarkFailedAsync(pending.Id, "late refusal", Ct);
        Assert.Equal(AlertState.Sent, (await store.GetAlertAsync(claimed.Id, Ct))!.State);
        Assert.Equal(AlertState.Sent, (await store.GetAlertAsync(pending.Id, Ct))!.State);
        Assert.Empty(await store.ClaimDueAsync(T0.AddHours(1), 10, Ct));
    }

    [SkippableFact]
    public async Task MarkFailed_GivesUp_WithTheError()
    {
        var store = Open();
        await store.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct);
        var alert = Assert.Single(await store.ClaimDueAsync(T0, 10, Ct));

        await store.MarkFailedAsync(alert.Id, "channel_not_found", Ct);

        var failed = await store.GetAlertAsync(alert.Id, Ct);
        Assert.Equal(AlertState.Failed, failed!.State);
        Assert.Equal("channel_not_found", failed.LastError);
        Assert.Equal(0, await store.OutboxDepthAsync(Ct));
        Assert.Empty(await store.ClaimDueAsync(T0.AddDays(1), 10, Ct));
        Assert.Empty(await store.InDoubtAsync(Ct));
    }

    [SkippableFact]
    public async Task Outcomes_ForAnUnknownAlert_Throw()
    {
        var store = Open();
        Assert.Null(await store.GetAlertAsync(42, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.MarkSentAsync(42, null, T0, Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.MarkRetryAsync(42, T0, "x", Ct));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => store.MarkFailedAsync(42, "x", Ct));
    }

    // ---- concurrency ----

    [SkippableFact]
    public async Task ClaimDue_ParallelClaimersOnTwoInstances_ClaimEveryRowExactlyOnce()
    {
        var first = Open();
        var second = Open();
        var channels = Enumerable.Range(0, 200).Select(i => new ChannelRef("slack", "C" + i)).ToList();
        Assert.True(await first.RecordArticleAsync(Article("a1"), [.. channels.Select(Everything)], T0, Ct));

        var claimedIds = new ConcurrentBag<long>();
        var claimers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            var store = n % 2 == 0 ? first : second;
            while (true)
            {
                var batch = await store.ClaimDueAsync(T0, 5, Ct);
                Assert.InRange(batch.Count, 0, 5);
                if (batch.Count == 0)
                {
                    return;
                }

                foreach (var alert in batch)
                {
                    claimedIds.Add(alert.Id);
                }
            }
        }));
        await Task.WhenAll(claimers);

        Assert.Equal(200, claimedIds.Count);
        Assert.Equal(200, claimedIds.Distinct().Count());
        var inDoubt = await second.InDoubtAsync(Ct);
        Assert.Equal(200, inDoubt.Count);
        Assert.All(inDoubt, a => Assert.Equal(1, a.Attempts));
    }

    // ---- feeds ----

    [SkippableFact]
    public async Task FeedState_IsNullBeforeTheFirstSave_ThenUpserted()
    {
        var store = Open();
        const string Url = "https://example.org/feed.xml";
        Assert.Null(await store.GetFeedStateAsync(Url, Ct));

        var first = new FeedState(Url, "\"abc\"", "Sun, 01 Mar 2026 12:00:00 GMT", T0, 0, null);
        await store.SaveFeedStateAsync(first, Ct);
        Assert.Equal(first, await store.GetFeedStateAsync(Url, Ct));

        var failing = new FeedState(Url, null, null, T0.AddMinutes(5), 2, "HTTP 503");
        await store.SaveFeedStateAsync(failing, Ct);
        Assert.Equal(failing, await Open().GetFeedStateAsync(Url, Ct));
        Assert.Null(await store.GetFeedStateAsync("https://example.org/other.xml", Ct));
    }

    [SkippableFact]
    public async Task FeedItemSeen_IsTrueOnlyTheFirstTimePerFeed()
    {
        var store = Open();
        Assert.True(await store.MarkFeedItemSeenAsync("feed-a", "guid-1", T0, Ct));
        Assert.False(await store.MarkFeedItemSeenAsync("feed-a", "guid-1", T0.AddMinutes(1), Ct));
        Assert.True(await store.MarkFeedItemSeenAsync("feed-b", "guid-1", T0, Ct));
        Assert.True(await store.MarkFeedItemSeenAsync("feed-a", "guid-2", T0, Ct));
        Assert.False(await Open().MarkFeedItemSeenAsync("feed-a", "guid-1", T0, Ct));
    }

    // ---- replica coordination ----

    [SkippableFact]
    public async Task TryClaimEvent_ClaimsOlderThanKeep_AreForgotten()
    {
        var store = Open();
        var keep = TimeSpan.FromHours(1);
        Assert.True(await store.TryClaimEventAsync("old", T0, keep, Ct));
        Assert.True(await store.TryClaimEventAsync("recent", T0.AddMinutes(90), keep, Ct));

        // Forgetting happens now and then (the first call of a store, then one in a hundred): a restarted store forgets.
        var restarted = Open();
        Assert.True(await restarted.TryClaimEventAsync("other", T0.AddHours(2), keep, Ct));
        Assert.True(await restarted.TryClaimEventAsync("old", T0.AddHours(2), keep, Ct));
        Assert.False(await restarted.TryClaimEventAsync("recent", T0.AddHours(2), keep, Ct));
        Assert.Equal(3, await ScalarAsync("SELECT COUNT(*) FROM event_claims;"));
    }

    [SkippableFact]
    public async Task TryLease_SecondOwnerRefusedUntilExpiry_SameOwnerRenews()
    {
        var first = Open();
        var second = Open();
        var minute = TimeSpan.FromMinutes(1);
        Assert.True(await first.TryLeaseAsync("feeds", "replica-a", T0, minute, Ct));
        Assert.False(await second.TryLeaseAsync("feeds", "replica-b", T0.AddSeconds(30), minute, Ct));
        Assert.True(await second.TryLeaseAsync("other-job", "replica-b", T0, minute, Ct));

        // Renewing moves the expiry: at T0+1m30 the lease (renewed at T0+50s) is still replica-a's.
        Assert.True(await first.TryLeaseAsync("feeds", "replica-a", T0.AddSeconds(50), minute, Ct));
        Assert.False(await second.TryLeaseAsync("feeds", "replica-b", T0.AddSeconds(90), minute, Ct));

        // Held until its end: refused at exactly the expiry, free just after it.
        Assert.False(await second.TryLeaseAsync("feeds", "replica-b", T0.AddSeconds(110), minute, Ct));
        Assert.True(await second.TryLeaseAsync("feeds", "replica-b", T0.AddSeconds(111), minute, Ct));
        Assert.False(await first.TryLeaseAsync("feeds", "replica-a", T0.AddSeconds(112), minute, Ct));
    }

    // ---- conversations ----

    private static ConversationState Conversation(string question, DateTimeOffset at, params ShownText[] shown) =>
        new(question, shown.Select(s => s.ArticleId).ToHashSet(StringComparer.Ordinal), shown, at);

    private static void AssertSameConversation(ConversationState expected, ConversationState? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Question, actual.Question);
        Assert.Equal(expected.Articles.Order(StringComparer.Ordinal), actual.Articles.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Shown, actual.Shown);
        Assert.Equal(expected.At, actual.At);
    }

    [SkippableFact]
    public async Task Conversation_RememberedOnOneStore_IsRecalledWithEveryField_OnAnotherStoreOfTheDatabase()
    {
        var first = Open();
        var second = Open();
        var state = Conversation("What tariffs will Canada impose on “Chinese” EVs?", T0.AddMinutes(-5),
            new ShownText("ev-tariffs", "Trudeau agreed to import a certain number of Chinese electric vehicles, and \"only\" impose minimal tariffs."),
            new ShownText("steel", "Steel quotas — 25 % — stay."),
            new ShownText("ev-tariffs", "A second passage of the same article."));

        await first.RememberAsync("slack:C1:1700000000.000100", state, Ct);

        AssertSameConversation(state, await second.RecallAsync("slack:C1:1700000000.000100", Ct));
        Assert.Contains("steel", (await second.RecallAsync("slack:C1:1700000000.000100", Ct))!.Articles);
        Assert.Null(await second.RecallAsync("slack:C1:other-thread", Ct));
        Assert.Null(await first.RecallAsync("discord:D1", Ct));
    }

    [SkippableFact]
    public async Task Conversation_RememberedAgain_ReplacesTheState()
    {
        var store = Open();
        await store.RememberAsync("shell", Conversation("first question", T0.AddMinutes(-10), new ShownText("a1", "One.")), Ct);
        var later = Conversation("and what about Canada?", T0.AddMinutes(-1), new ShownText("a2", "Two."), new ShownText("a3", "Three."));
        await store.RememberAsync("shell", later, Ct);
        await store.RememberAsync("discord:D1", Conversation("elsewhere", T0, new ShownText("a9", "Nine.")), Ct);

        AssertSameConversation(later, await Open().RecallAsync("shell", Ct));
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM conversations;"));
    }

    [SkippableFact]
    public async Task Conversation_AnHourAfterItsAnswer_IsForgotten()
    {
        var store = Open();
        var state = Conversation("What did Trudeau say?", T0, new ShownText("a1", "He said it."));
        await store.RememberAsync("slack:C1:t1", state, Ct);
        await store.RememberAsync("slack:C1:old", state with { At = T0 - ConversationMemory.Lifetime }, Ct);

        Assert.Null(await store.RecallAsync("slack:C1:old", Ct));
        Clock.Advance(ConversationMemory.Lifetime - TimeSpan.FromSeconds(1));
        AssertSameConversation(state, await store.RecallAsync("slack:C1:t1", Ct));
        Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await store.RecallAsync("slack:C1:t1", Ct));
    }

    [SkippableFact]
    public async Task Conversation_ExpiredRows_AreDeletedByALaterStoresFirstRemember()
    {
        var first = Open();
        await first.RememberAsync("old", Conversation("old question", T0.AddHours(-2), new ShownText("a1", "One.")), Ct);
        await first.RememberAsync("recent", Conversation("recent question", T0.AddMinutes(-1), new ShownText("a1", "One.")), Ct);
        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM conversations;"));

        await Open().RememberAsync("new", Conversation("new question", T0, new ShownText("a2", "Two.")), Ct);

        Assert.Equal(2, await ScalarAsync("SELECT COUNT(*) FROM conversations;"));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM conversations WHERE conversation = 'old';"));
        Assert.NotNull(await first.RecallAsync("recent", Ct));
    }

    // ---- cancellation ----

    [SkippableFact]
    public async Task ACancelledToken_CancelsTheCall()
    {
        var store = Open();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SubscribeAsync(Slack, null, "U1", T0, cancelled.Token));
        Assert.Empty(await store.SubscriptionsAsync(null, Ct));
    }
}
