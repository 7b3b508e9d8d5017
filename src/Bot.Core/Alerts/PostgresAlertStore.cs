using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static PolicyBot.Core.Alerts.PostgresValues;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> and <see cref="IReplicaCoordination"/> on one PostgreSQL database (tables in
/// <see cref="PostgresSchema"/>), for several replicas sharing one store. Each call takes a pooled connection from its
/// own <see cref="NpgsqlDataSource"/> and returns it, so the store is safe from any thread. Concurrency is the
/// database's: inserts race on unique keys with <c>ON CONFLICT DO NOTHING</c> (so an article version, an event or a feed
/// item is taken once whichever replica gets there first), and claiming uses <c>FOR UPDATE SKIP LOCKED</c>, so
/// concurrent claimers never take the same alert and never wait for each other.
/// </summary>
public sealed class PostgresAlertStore : IAlertStore, IReplicaCoordination, PolicyBot.Core.Feedback.IFeedbackStore, IAsyncDisposable, IDisposable
{
    /// <summary>The LISTEN/NOTIFY channel of library changes; one per database, shared by every replica.</summary>
    public const string LibraryChannel = "policybot_library";

    /// <summary>One TryClaimEvent call in this many also forgets old claims: often enough to bound the table, rarely
    /// enough that the delete costs nothing per event.</summary>
    private const int ClaimCleanupEvery = 100;

    private const string AlertColumns = AlertRows.Columns;

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenSource;
    private readonly ILogger _logger;
    private readonly SchemaOnce _schema = new();
    private readonly CancellationTokenSource _disposing = new();
    private volatile bool _disposed;
    private int _claimCalls;

    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=policybot;Username=policybot;Password=…</c>.</param>
    /// <param name="logger">Where the change listener reports dropped connections; never given the connection string.</param>
    public PostgresAlertStore(string connectionString, ILogger<PostgresAlertStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsing now turns a malformed string into an error at startup rather than at the first alert.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _dataSource = NpgsqlDataSource.Create(builder);

        // The listener holds one connection for as long as it listens: outside the pool (so a pool reset never
        // UNLISTENs it and it never counts against the callers' connections), with keepalives so a silently dropped
        // connection is noticed and replaced instead of waiting forever.
        var listen = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false };
        if (listen.KeepAlive == 0)
        {
            listen.KeepAlive = 30;
        }

        if (string.IsNullOrEmpty(listen.ApplicationName))
        {
            listen.ApplicationName = "policybot-listen";
        }

        _listenSource = NpgsqlDataSource.Create(listen);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>
    /// The connection string's host, port, database and user, for logs and errors: never its password or other
    /// settings, which may carry secrets too.
    /// </summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
    }

    public async Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await OpenAsync(ct);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO subscriptions (platform, channel_id, topic, topic_key, created_by, created_at)
            VALUES (@platform, @channel, @topic, @key, @user, @at)
            ON CONFLICT (platform, channel_id, topic_key) DO NOTHING;
            """, connection);
        insert.AddChannel(channel);
        insert.AddText("topic", AlertTopics.Display(topic));
        insert.AddText("key", AlertTopics.Key(topic));
        insert.AddText("user", user);
        insert.AddTime("at", at);
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var delete = new NpgsqlCommand(topic is null
            ? "DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel;"
            : "DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel AND topic_key = @key;", connection);
        delete.AddChannel(channel);
        if (topic is not null)
        {
            delete.AddText("key", AlertTopics.Key(topic));
        }

        return await delete.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand(channel is null
            ? "SELECT id, platform, channel_id, topic, created_by, created_at FROM subscriptions ORDER BY created_at, id;"
            : """
              SELECT id, platform, channel_id, topic, created_by, created_at FROM subscriptions
              WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;
              """, connection);
        if (channel is not null)
        {
            select.AddChannel(channel);
        }

        var result = new List<Subscription>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new Subscription(
                reader.GetInt64(0),
                new ChannelRef(reader.GetString(1), reader.GetString(2)),
                ReadStringOrNull(reader, 3),
                reader.GetString(4),
                ReadTime(reader, 5)));
        }

        return result;
    }

    public async Task<bool> IsRecordedAsync(string articleId, string contentHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        ArgumentNullException.ThrowIfNull(contentHash);
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM article_versions WHERE article_id = @id AND content_hash = @hash);", connection);
        select.AddText("id", articleId);
        select.AddText("hash", contentHash);
        return (bool)(await select.ExecuteScalarAsync(ct))!;
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM article_versions);", connection);
        return (bool)(await select.ExecuteScalarAsync(ct))!;
    }

    public async Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // One batch, one round trip; the transaction keeps the baseline all-or-nothing as in the SQLite store.
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var article in articles)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO article_versions (article_id, content_hash, title, recorded_at)
                VALUES (@id, @hash, @title, @at)
                ON CONFLICT (article_id, content_hash) DO NOTHING;
                """);
            insert.Parameters.Add(new NpgsqlParameter<string>("id", article.ArticleId));
            insert.Parameters.Add(new NpgsqlParameter<string>("hash", article.ContentHash));
            insert.Parameters.Add(new NpgsqlParameter<string>("title", article.Title));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", at.ToUniversalTime()));
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(alerts);
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var version = new NpgsqlCommand("""
            INSERT INTO article_versions (article_id, content_hash, title, recorded_at) VALUES (@id, @hash, @title, @at)
            ON CONFLICT (article_id, content_hash) DO NOTHING;
            """, connection, transaction))
        {
            version.AddText("id", article.ArticleId);
            version.AddText("hash", article.ContentHash);
            version.AddText("title", article.Title);
            version.AddTime("at", at);
            // A second replica recording the same version at the same moment waits here on the first one's key, then
            // inserts nothing: only one of them goes on to plan the alerts.
            if (await version.ExecuteNonQueryAsync(ct) == 0)
            {
                await transaction.RollbackAsync(ct);
                return false;
            }
        }

        // One alert per channel: when the planner lists a channel twice (two of its topics matched), the first wins.
        var planned = new HashSet<ChannelRef>();
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var alert in alerts)
        {
            if (!planned.Add(alert.Channel))
            {
                continue;
            }

            var insert = new NpgsqlBatchCommand("""
                INSERT INTO outbox (article_id, content_hash, platform, channel_id, topic, matched_sentence, matched_paragraph,
                                    state, attempts, created_at, next_attempt_at)
                VALUES (@id, @hash, @platform, @channel, @topic, @sentence, @paragraph, @state, 0, @at, @at)
                ON CONFLICT (article_id, content_hash, platform, channel_id) DO NOTHING;
                """);
            insert.Parameters.Add(new NpgsqlParameter<string>("id", article.ArticleId));
            insert.Parameters.Add(new NpgsqlParameter<string>("hash", article.ContentHash));
            insert.Parameters.Add(new NpgsqlParameter<string>("platform", alert.Channel.Platform));
            insert.Parameters.Add(new NpgsqlParameter<string>("channel", alert.Channel.ChannelId));
            insert.Parameters.Add(new NpgsqlParameter("topic", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)alert.Topic ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("sentence", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)alert.MatchedSentence ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("paragraph", NpgsqlTypes.NpgsqlDbType.Integer) { Value = alert.MatchedParagraph is { } p ? p : DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter<string>("state", State(AlertState.Pending)));
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("at", at.ToUniversalTime()));
            batch.BatchCommands.Add(insert);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(ct);
        // One statement, so no transaction of ours: the inner SELECT locks the rows it picks and skips rows another
        // claimer has locked, so two replicas claiming at once take disjoint sets and neither waits for the other.
        await using var claim = new NpgsqlCommand($"""
            UPDATE outbox SET state = @sending, claimed_at = @now, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.state = @pending AND o.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM paused_channels p WHERE p.platform = o.platform AND p.channel_id = o.channel_id)
                ORDER BY o.created_at, o.id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            RETURNING {AlertColumns};
            """, connection);
        claim.AddText("sending", State(AlertState.Sending));
        claim.AddText("pending", State(AlertState.Pending));
        claim.AddTime("now", now);
        claim.AddInteger("max", max);
        var claimed = await ReadAlertsAsync(claim, ct);

        // RETURNING gives rows in no promised order; the contract is oldest first.
        return [.. claimed.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)];
    }

    public async Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(ct);
        // As for claims: rows locked by another replica's reclaim are skipped, so each stale alert has one new owner.
        await using var reclaim = new NpgsqlCommand($"""
            UPDATE outbox SET claimed_at = @now
            WHERE id IN (
                SELECT id FROM outbox WHERE state = @sending AND claimed_at < @before
                ORDER BY created_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            RETURNING {AlertColumns};
            """, connection);
        reclaim.AddText("sending", State(AlertState.Sending));
        reclaim.AddTime("before", claimedBefore);
        reclaim.AddTime("now", now);
        reclaim.AddInteger("max", max);
        var reclaimed = await ReadAlertsAsync(reclaim, ct);
        return [.. reclaimed.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)];
    }

    public async Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand(
            $"SELECT {AlertColumns} FROM outbox WHERE state = @sending ORDER BY created_at, id;", connection);
        select.AddText("sending", State(AlertState.Sending));
        return await ReadAlertsAsync(select, ct);
    }

    public async Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var update = new NpgsqlCommand("""
            UPDATE outbox SET state = @sent, sent_at = @at, platform_message_id = @message WHERE id = @id;
            """, connection);
        update.AddText("sent", State(AlertState.Sent));
        update.AddTime("at", at);
        update.AddText("message", platformMessageId);
        update.AddBigint("id", id);
        await UpdateOneAsync(update, id, ct);
    }

    public async Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await OpenAsync(ct);
        // A delivered alert stays delivered: a late retry (say, from a sender that timed out while another recorded
        // the post) must not put it back in the queue and post it twice.
        await using var update = new NpgsqlCommand("""
            UPDATE outbox SET state = @pending, next_attempt_at = @next, last_error = @error
            WHERE id = @id AND state <> @sent;
            """, connection);
        update.AddText("pending", State(AlertState.Pending));
        update.AddText("sent", State(AlertState.Sent));
        update.AddTime("next", nextAttemptAt);
        update.AddText("error", error);
        update.AddBigint("id", id);
        await UpdateOneAsync(update, id, ct);
    }

    public async Task MarkFailedAsync(long id, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await OpenAsync(ct);
        // As for retries: an alert known to be delivered is not relabelled as given up.
        await using var update = new NpgsqlCommand("""
            UPDATE outbox SET state = @failed, last_error = @error WHERE id = @id AND state <> @sent;
            """, connection);
        update.AddText("failed", State(AlertState.Failed));
        update.AddText("sent", State(AlertState.Sent));
        update.AddText("error", error);
        update.AddBigint("id", id);
        await UpdateOneAsync(update, id, ct);
    }

    public async Task<int> OutboxDepthAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM outbox WHERE state IN (@pending, @sending);", connection);
        count.AddText("pending", State(AlertState.Pending));
        count.AddText("sending", State(AlertState.Sending));
        return checked((int)(long)(await count.ExecuteScalarAsync(ct))!);
    }

    public async Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand($"SELECT {AlertColumns} FROM outbox WHERE id = @id;", connection);
        select.AddBigint("id", id);
        var found = await ReadAlertsAsync(select, ct);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand(
            $"SELECT {AlertColumns} FROM outbox WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;", connection);
        select.AddChannel(channel);
        return await ReadAlertsAsync(select, ct);
    }

    public async Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reason);
        await using var connection = await OpenAsync(ct);
        // Pausing a paused channel keeps the latest reason and time: that is the one worth showing.
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO paused_channels (platform, channel_id, reason, paused_at) VALUES (@platform, @channel, @reason, @at)
            ON CONFLICT (platform, channel_id) DO UPDATE SET reason = excluded.reason, paused_at = excluded.paused_at;
            """, connection);
        upsert.AddChannel(channel);
        upsert.AddText("reason", reason);
        upsert.AddTime("at", at);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public async Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var delete = new NpgsqlCommand(
            "DELETE FROM paused_channels WHERE platform = @platform AND channel_id = @channel;", connection);
        delete.AddChannel(channel);
        await delete.ExecuteNonQueryAsync(ct);
    }

    public async Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand(
            "SELECT reason FROM paused_channels WHERE platform = @platform AND channel_id = @channel;", connection);
        select.AddChannel(channel);
        return await select.ExecuteScalarAsync(ct) as string;
    }

    public async Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand("""
            SELECT feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error
            FROM feed_state WHERE feed_url = @url;
            """, connection);
        select.AddText("url", feedUrl);
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new FeedState(
            reader.GetString(0),
            ReadStringOrNull(reader, 1),
            ReadStringOrNull(reader, 2),
            ReadTimeOrNull(reader, 3),
            reader.GetInt32(4),
            ReadStringOrNull(reader, 5));
    }

    public async Task RecordAsync(PolicyBot.Core.Feedback.FeedbackEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(ct);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO feedback (at, platform, user_id, question, passages, helpful) VALUES (@at, @platform, @user, @question, @passages::jsonb, @helpful);
            """, connection);
        insert.AddTime("at", entry.At);
        insert.AddText("platform", entry.Platform);
        insert.AddText("user", entry.User);
        insert.AddText("question", entry.Question);
        insert.AddText("passages", System.Text.Json.JsonSerializer.Serialize(entry.Passages));
        insert.Parameters.AddWithValue("helpful", entry.Helpful);
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<PolicyBot.Core.Feedback.FeedbackEntry>> ReadAllAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = new NpgsqlCommand("SELECT at, platform, user_id, question, passages::text, helpful FROM feedback ORDER BY id;", connection);
        return await AlertRows.ReadFeedbackAsync(select, (reader, ordinal) => ReadTime((NpgsqlDataReader)reader, ordinal), ct);
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await OpenAsync(ct);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO feed_state (feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error)
            VALUES (@url, @etag, @modified, @polled, @failures, @error)
            ON CONFLICT (feed_url) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, last_polled_at = excluded.last_polled_at,
                consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error;
            """, connection);
        upsert.AddText("url", state.FeedUrl);
        upsert.AddText("etag", state.ETag);
        upsert.AddText("modified", state.LastModified);
        upsert.AddTimeOrNull("polled", state.LastPolledAt);
        upsert.AddInteger("failures", state.ConsecutiveFailures);
        upsert.AddText("error", state.LastError);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    public async Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        ArgumentNullException.ThrowIfNull(itemKey);
        await using var connection = await OpenAsync(ct);
        await using var insert = new NpgsqlCommand("""
            INSERT INTO feed_items_seen (feed_url, item_key, seen_at) VALUES (@url, @key, @at)
            ON CONFLICT (feed_url, item_key) DO NOTHING;
            """, connection);
        insert.AddText("url", feedUrl);
        insert.AddText("key", itemKey);
        insert.AddTime("at", at);
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.Zero);
        await using var connection = await OpenAsync(ct);
        // Forgetting is occasional, and the first call of each process does it too, so a table left by replicas
        // that all stopped is trimmed as soon as one starts again.
        if ((uint)Interlocked.Increment(ref _claimCalls) % ClaimCleanupEvery == 1)
        {
            await using var forget = new NpgsqlCommand("DELETE FROM event_claims WHERE claimed_at < @cutoff;", connection);
            forget.AddTime("cutoff", at - keep);
            await forget.ExecuteNonQueryAsync(ct);
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO event_claims (key, claimed_at) VALUES (@key, @at) ON CONFLICT (key) DO NOTHING;", connection);
        insert.AddText("key", key);
        insert.AddTime("at", at);
        return await insert.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        await using var connection = await OpenAsync(ct);
        // The conflict branch updates only an expired lease or the owner's own; otherwise it touches no row, which
        // is the refusal. Two replicas racing for a free lease serialise on its key: the second sees the first's row.
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE leases.until < @now OR leases.owner = @owner;
            """, connection);
        upsert.AddText("name", name);
        upsert.AddText("owner", owner);
        upsert.AddTime("until", now + duration);
        upsert.AddTime("now", now);
        return await upsert.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task NotifyLibraryChangedAsync(string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(origin);
        await using var connection = await OpenAsync(ct);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @origin);", connection);
        notify.AddText("channel", LibraryChannel);
        notify.AddText("origin", origin);
        await notify.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Listens on its own connection (outside the pool) and calls <paramref name="onChange"/> with each notification's
    /// origin — this replica's own notifications included, so a caller that knows its origin skips those. A dropped
    /// connection is replaced after a short, growing delay; notifications sent while it was down are lost, which the
    /// callers' periodic rescan covers. A failing <paramref name="onChange"/> is logged and listening goes on. Returns
    /// when <paramref name="ct"/> is cancelled or the store is disposed.
    /// </summary>
    public async Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _disposing.Token);
        var token = linked.Token;
        var delay = FirstReconnectDelay;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(onChange, () => delay = FirstReconnectDelay, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                // Whatever broke (the server restarted, the network dropped, a failover), listening is what the
                // caller asked for until it cancels, so every failure is a reason to reconnect, not to stop.
                _logger.LogWarning("Listening for library changes failed ({Error}); reconnecting in {Delay} ms.", e.Message, (int)delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastReconnectDelay.Ticks));
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _disposing.Cancel();
        _dataSource.Dispose();
        _listenSource.Dispose();
        _schema.Dispose();
        _disposing.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _disposing.CancelAsync();
        await _dataSource.DisposeAsync();
        await _listenSource.DisposeAsync();
        _schema.Dispose();
        _disposing.Dispose();
    }

    /// <summary>One listening connection's life: LISTEN, then hand each notification to the caller until it drops.</summary>
    private async Task ListenOnceAsync(Func<string, CancellationToken, Task> onChange, Action connected, CancellationToken ct)
    {
        await using var connection = await _listenSource.OpenConnectionAsync(ct);
        // Notifications arrive as events raised inside WaitAsync; they are queued and the caller's (async) handler
        // runs after WaitAsync returns, so a slow handler never runs on Npgsql's read path.
        var received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        connection.Notification += (_, e) => received.Writer.TryWrite(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {LibraryChannel};", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        connected();
        while (true)
        {
            await connection.WaitAsync(ct);
            while (received.Reader.TryRead(out var origin))
            {
                try
                {
                    await onChange(origin, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    _logger.LogWarning(e, "A library change handler failed for the change from {Origin}.", origin);
                }
            }
        }
    }

    /// <summary>An open pooled connection on a database whose schema is current.</summary>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            await _schema.EnsureAsync(token => PostgresSchema.EnsureAsync(connection, token), ct);

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs an update of one alert. No row changed means either a guard held (the alert was already sent) — fine — or
    /// there is no such alert, which is a caller's bug worth an exception. Alerts are never deleted, so the check after
    /// the update cannot race with a removal.
    /// </summary>
    private static async Task UpdateOneAsync(NpgsqlCommand update, long id, CancellationToken ct)
    {
        if (await update.ExecuteNonQueryAsync(ct) == 0)
        {
            await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM outbox WHERE id = @id);", update.Connection);
            exists.AddBigint("id", id);
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                throw new KeyNotFoundException($"No alert with id {id}.");
            }
        }
    }

    private static Task<List<OutboxAlert>> ReadAlertsAsync(NpgsqlCommand select, CancellationToken ct) =>
        AlertRows.ReadAlertsAsync(select, (reader, ordinal) => ReadTime((NpgsqlDataReader)reader, ordinal), ct);
}
