using Microsoft.Data.Sqlite;
using static PolicyBot.Core.Alerts.SqliteValues;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> on one SQLite file (tables in <see cref="SqliteSchema"/>). Each call opens a pooled
/// connection of its own, so the store holds no connection between calls and is safe from any thread; several
/// instances or processes may share the file (WAL, busy timeout). Every write is a <c>BEGIN IMMEDIATE</c> transaction:
/// it takes the file's write lock before reading, so concurrent writers queue instead of acting on a stale read —
/// which is what keeps two claimers from taking the same alert, and two recorders from planning an alert twice.
/// As <see cref="IReplicaCoordination"/> it serves the processes sharing the file: event claims and leases work across
/// them, while library change notifications do nothing (see <see cref="ListenForLibraryChangesAsync"/>).
/// </summary>
public sealed class SqliteAlertStore : IAlertStore, IReplicaCoordination, PolicyBot.Core.Feedback.IFeedbackStore, IDisposable
{
    /// <summary>How long a call waits for another connection's write lock before SQLite reports the file busy.</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    /// <summary>One TryClaimEvent call in this many also forgets old claims: often enough to bound the table, rarely
    /// enough that the delete costs nothing per event.</summary>
    private const int ClaimCleanupEvery = 100;

    private const string AlertColumns = AlertRows.Columns;

    private readonly string _connectionString;
    private readonly SchemaOnce _schema = new();
    private volatile bool _disposed;
    private int _claimCalls;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/policybot/policybot.db</c>.
    /// A private in-memory database (<c>:memory:</c>) does not work: every call has its own connection, hence its own database.</param>
    public SqliteAlertStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsing now turns a malformed string into an error at startup rather than at the first alert.
        _connectionString = new SqliteConnectionStringBuilder(connectionString).ToString();
    }

    public async Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(connection, transaction, """
            INSERT INTO subscriptions (platform, channel_id, topic, topic_key, created_by, created_at)
            VALUES (@platform, @channel, @topic, @key, @user, @at)
            ON CONFLICT (platform, channel_id, topic_key) DO NOTHING;
            """);
        AddChannel(insert, channel);
        insert.Parameters.AddWithValue("@topic", OrNull(Topic(topic)));
        insert.Parameters.AddWithValue("@key", TopicKey(topic));
        insert.Parameters.AddWithValue("@user", user);
        insert.Parameters.AddWithValue("@at", Time(at));
        int added = await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return added == 1;
    }

    public async Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var delete = Command(connection, transaction, topic is null
            ? "DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel;"
            : "DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel AND topic_key = @key;");
        AddChannel(delete, channel);
        if (topic is not null)
        {
            delete.Parameters.AddWithValue("@key", TopicKey(topic));
        }

        int removed = await delete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null, channel is null
            ? "SELECT id, platform, channel_id, topic, created_by, created_at FROM subscriptions ORDER BY created_at, id;"
            : """
              SELECT id, platform, channel_id, topic, created_by, created_at FROM subscriptions
              WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;
              """);
        if (channel is not null)
        {
            AddChannel(select, channel);
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
        return await IsRecordedAsync(connection, null, articleId, contentHash, ct);
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null, "SELECT NOT EXISTS (SELECT 1 FROM article_versions);");
        return (long)(await select.ExecuteScalarAsync(ct))! == 1;
    }

    public async Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articles);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(connection, transaction, """
            INSERT INTO article_versions (article_id, content_hash, title, recorded_at)
            VALUES (@id, @hash, @title, @at)
            ON CONFLICT (article_id, content_hash) DO NOTHING;
            """);
        var id = insert.Parameters.Add("@id", SqliteType.Text);
        var hash = insert.Parameters.Add("@hash", SqliteType.Text);
        var title = insert.Parameters.Add("@title", SqliteType.Text);
        insert.Parameters.AddWithValue("@at", Time(at));
        foreach (var article in articles)
        {
            id.Value = article.ArticleId;
            hash.Value = article.ContentHash;
            title.Value = article.Title;
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    public async Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(alerts);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        if (await IsRecordedAsync(connection, transaction, article.ArticleId, article.ContentHash, ct))
        {
            await transaction.RollbackAsync(ct);
            return false;
        }

        await using (var version = Command(connection, transaction, """
            INSERT INTO article_versions (article_id, content_hash, title, recorded_at) VALUES (@id, @hash, @title, @at);
            """))
        {
            version.Parameters.AddWithValue("@id", article.ArticleId);
            version.Parameters.AddWithValue("@hash", article.ContentHash);
            version.Parameters.AddWithValue("@title", article.Title);
            version.Parameters.AddWithValue("@at", Time(at));
            await version.ExecuteNonQueryAsync(ct);
        }

        await using var insert = Command(connection, transaction, """
            INSERT INTO outbox (article_id, content_hash, platform, channel_id, topic, matched_sentence, matched_paragraph,
                                state, attempts, created_at, next_attempt_at)
            VALUES (@id, @hash, @platform, @channel, @topic, @sentence, @paragraph, @state, 0, @at, @at);
            """);
        insert.Parameters.AddWithValue("@id", article.ArticleId);
        insert.Parameters.AddWithValue("@hash", article.ContentHash);
        insert.Parameters.AddWithValue("@state", State(AlertState.Pending));
        insert.Parameters.AddWithValue("@at", Time(at));
        var platform = insert.Parameters.Add("@platform", SqliteType.Text);
        var channel = insert.Parameters.Add("@channel", SqliteType.Text);
        var topic = insert.Parameters.Add("@topic", SqliteType.Text);
        var sentence = insert.Parameters.Add("@sentence", SqliteType.Text);
        var paragraph = insert.Parameters.Add("@paragraph", SqliteType.Integer);

        // One alert per channel: when the planner lists a channel twice (two of its topics matched), the first wins.
        var planned = new HashSet<ChannelRef>();
        foreach (var alert in alerts)
        {
            if (!planned.Add(alert.Channel))
            {
                continue;
            }

            platform.Value = alert.Channel.Platform;
            channel.Value = alert.Channel.ChannelId;
            topic.Value = OrNull(alert.Topic);
            sentence.Value = OrNull(alert.MatchedSentence);
            paragraph.Value = OrNull(alert.MatchedParagraph);
            await insert.ExecuteNonQueryAsync(ct);
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
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var claim = Command(connection, transaction, $"""
            UPDATE outbox SET state = @sending, claimed_at = @now, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.state = @pending AND o.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM paused_channels p WHERE p.platform = o.platform AND p.channel_id = o.channel_id)
                ORDER BY o.created_at, o.id
                LIMIT @max)
            RETURNING {AlertColumns};
            """);
        claim.Parameters.AddWithValue("@sending", State(AlertState.Sending));
        claim.Parameters.AddWithValue("@pending", State(AlertState.Pending));
        claim.Parameters.AddWithValue("@now", Time(now));
        claim.Parameters.AddWithValue("@max", max);
        var claimed = await ReadAlertsAsync(claim, ct);
        await transaction.CommitAsync(ct);

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
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var reclaim = Command(connection, transaction, $"""
            UPDATE outbox SET claimed_at = @now
            WHERE id IN (
                SELECT id FROM outbox WHERE state = @sending AND claimed_at < @before
                ORDER BY created_at, id
                LIMIT @max)
            RETURNING {AlertColumns};
            """);
        reclaim.Parameters.AddWithValue("@sending", State(AlertState.Sending));
        reclaim.Parameters.AddWithValue("@before", Time(claimedBefore));
        reclaim.Parameters.AddWithValue("@now", Time(now));
        reclaim.Parameters.AddWithValue("@max", max);
        var reclaimed = await ReadAlertsAsync(reclaim, ct);
        await transaction.CommitAsync(ct);
        return [.. reclaimed.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)];
    }

    public async Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null,
            $"SELECT {AlertColumns} FROM outbox WHERE state = @sending ORDER BY created_at, id;");
        select.Parameters.AddWithValue("@sending", State(AlertState.Sending));
        return await ReadAlertsAsync(select, ct);
    }

    public async Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var update = Command(connection, transaction, """
            UPDATE outbox SET state = @sent, sent_at = @at, platform_message_id = @message WHERE id = @id;
            """);
        update.Parameters.AddWithValue("@sent", State(AlertState.Sent));
        update.Parameters.AddWithValue("@at", Time(at));
        update.Parameters.AddWithValue("@message", OrNull(platformMessageId));
        update.Parameters.AddWithValue("@id", id);
        await UpdateOneAsync(update, transaction, id, ct);
    }

    public async Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // A delivered alert stays delivered: a late retry (say, from a sender that timed out while another recorded
        // the post) must not put it back in the queue and post it twice.
        await using var update = Command(connection, transaction, """
            UPDATE outbox SET state = @pending, next_attempt_at = @next, last_error = @error
            WHERE id = @id AND state <> @sent;
            """);
        update.Parameters.AddWithValue("@pending", State(AlertState.Pending));
        update.Parameters.AddWithValue("@sent", State(AlertState.Sent));
        update.Parameters.AddWithValue("@next", Time(nextAttemptAt));
        update.Parameters.AddWithValue("@error", error);
        update.Parameters.AddWithValue("@id", id);
        await UpdateOneAsync(update, transaction, id, ct);
    }

    public async Task MarkFailedAsync(long id, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // As for retries: an alert known to be delivered is not relabelled as given up.
        await using var update = Command(connection, transaction, """
            UPDATE outbox SET state = @failed, last_error = @error WHERE id = @id AND state <> @sent;
            """);
        update.Parameters.AddWithValue("@failed", State(AlertState.Failed));
        update.Parameters.AddWithValue("@sent", State(AlertState.Sent));
        update.Parameters.AddWithValue("@error", error);
        update.Parameters.AddWithValue("@id", id);
        await UpdateOneAsync(update, transaction, id, ct);
    }

    public async Task<int> OutboxDepthAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var count = Command(connection, null, "SELECT COUNT(*) FROM outbox WHERE state IN (@pending, @sending);");
        count.Parameters.AddWithValue("@pending", State(AlertState.Pending));
        count.Parameters.AddWithValue("@sending", State(AlertState.Sending));
        return checked((int)(long)(await count.ExecuteScalarAsync(ct))!);
    }

    public async Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null, $"SELECT {AlertColumns} FROM outbox WHERE id = @id;");
        select.Parameters.AddWithValue("@id", id);
        var found = await ReadAlertsAsync(select, ct);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null,
            $"SELECT {AlertColumns} FROM outbox WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;");
        AddChannel(select, channel);
        return await ReadAlertsAsync(select, ct);
    }

    public async Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reason);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Pausing a paused channel keeps the latest reason and time: that is the one worth showing.
        await using var upsert = Command(connection, transaction, """
            INSERT INTO paused_channels (platform, channel_id, reason, paused_at) VALUES (@platform, @channel, @reason, @at)
            ON CONFLICT (platform, channel_id) DO UPDATE SET reason = excluded.reason, paused_at = excluded.paused_at;
            """);
        AddChannel(upsert, channel);
        upsert.Parameters.AddWithValue("@reason", reason);
        upsert.Parameters.AddWithValue("@at", Time(at));
        await upsert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var delete = Command(connection, transaction,
            "DELETE FROM paused_channels WHERE platform = @platform AND channel_id = @channel;");
        AddChannel(delete, channel);
        await delete.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null,
            "SELECT reason FROM paused_channels WHERE platform = @platform AND channel_id = @channel;");
        AddChannel(select, channel);
        return await select.ExecuteScalarAsync(ct) as string;
    }

    public async Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null, """
            SELECT feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error
            FROM feed_state WHERE feed_url = @url;
            """);
        select.Parameters.AddWithValue("@url", feedUrl);
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
        await using var insert = Command(connection, null, """
            INSERT INTO feedback (at, platform, user_id, question, passages, helpful) VALUES (@at, @platform, @user, @question, @passages, @helpful);
            """);
        insert.Parameters.AddWithValue("@at", Time(entry.At));
        insert.Parameters.AddWithValue("@platform", entry.Platform);
        insert.Parameters.AddWithValue("@user", entry.User);
        insert.Parameters.AddWithValue("@question", entry.Question);
        insert.Parameters.AddWithValue("@passages", System.Text.Json.JsonSerializer.Serialize(entry.Passages));
        insert.Parameters.AddWithValue("@helpful", entry.Helpful ? 1 : 0);
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<PolicyBot.Core.Feedback.FeedbackEntry>> ReadAllAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var select = Command(connection, null, $"SELECT {AlertRows.FeedbackColumns} FROM feedback ORDER BY id;");
        return await AlertRows.ReadFeedbackAsync(select, (reader, ordinal) => ReadTime((SqliteDataReader)reader, ordinal), ct);
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var upsert = Command(connection, transaction, """
            INSERT INTO feed_state (feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error)
            VALUES (@url, @etag, @modified, @polled, @failures, @error)
            ON CONFLICT (feed_url) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, last_polled_at = excluded.last_polled_at,
                consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error;
            """);
        upsert.Parameters.AddWithValue("@url", state.FeedUrl);
        upsert.Parameters.AddWithValue("@etag", OrNull(state.ETag));
        upsert.Parameters.AddWithValue("@modified", OrNull(state.LastModified));
        upsert.Parameters.AddWithValue("@polled", TimeOrNull(state.LastPolledAt));
        upsert.Parameters.AddWithValue("@failures", state.ConsecutiveFailures);
        upsert.Parameters.AddWithValue("@error", OrNull(state.LastError));
        await upsert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    public async Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        ArgumentNullException.ThrowIfNull(itemKey);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(connection, transaction, """
            INSERT INTO feed_items_seen (feed_url, item_key, seen_at) VALUES (@url, @key, @at)
            ON CONFLICT (feed_url, item_key) DO NOTHING;
            """);
        insert.Parameters.AddWithValue("@url", feedUrl);
        insert.Parameters.AddWithValue("@key", itemKey);
        insert.Parameters.AddWithValue("@at", Time(at));
        int added = await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return added == 1;
    }

    public async Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.Zero);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // Forgetting is occasional, and the first call of each process does it too, so a table left by a stopped
        // process is trimmed as soon as one starts again.
        if ((uint)Interlocked.Increment(ref _claimCalls) % ClaimCleanupEvery == 1)
        {
            await using var forget = Command(connection, transaction, "DELETE FROM event_claims WHERE claimed_at < @cutoff;");
            forget.Parameters.AddWithValue("@cutoff", Time(at - keep));
            await forget.ExecuteNonQueryAsync(ct);
        }

        await using var insert = Command(connection, transaction,
            "INSERT INTO event_claims (key, claimed_at) VALUES (@key, @at) ON CONFLICT (key) DO NOTHING;");
        insert.Parameters.AddWithValue("@key", key);
        insert.Parameters.AddWithValue("@at", Time(at));
        int added = await insert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return added == 1;
    }

    public async Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        await using var connection = await OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        // The conflict branch updates only an expired lease or the owner's own; otherwise no row changes, which is
        // the refusal. The write lock taken by BEGIN IMMEDIATE makes the check and the update one step.
        await using var upsert = Command(connection, transaction, """
            INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE leases.until < @now OR leases.owner = @owner;
            """);
        upsert.Parameters.AddWithValue("@name", name);
        upsert.Parameters.AddWithValue("@owner", owner);
        upsert.Parameters.AddWithValue("@until", Time(now + duration));
        upsert.Parameters.AddWithValue("@now", Time(now));
        int changed = await upsert.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        return changed == 1;
    }

    /// <summary>Nothing to do: the processes sharing a SQLite file have no channel between them, and rescan instead.</summary>
    public Task NotifyLibraryChangedAsync(string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <summary>Returns at once: SQLite cannot notify, so nothing will ever arrive (callers keep their periodic rescan).</summary>
    public Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Releases the pooled connections to the file (so it can be moved or deleted); other instances on the same
    /// connection string simply open new ones.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _schema.Dispose();
    }

    /// <summary>A connection ready for use: open, with the busy timeout set, on a file whose schema exists.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection, not per file, so it is set on every open (a pooled connection keeps it; setting it
            // again is cheap). Without it a second writer fails at once instead of waiting its turn.
            await using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};";
                await pragma.ExecuteNonQueryAsync(ct);
            }

            await _schema.EnsureAsync(token => SqliteSchema.EnsureAsync(connection, token), ct);

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void AddChannel(SqliteCommand command, ChannelRef channel)
    {
        command.Parameters.AddWithValue("@platform", channel.Platform);
        command.Parameters.AddWithValue("@channel", channel.ChannelId);
    }

    private static async Task<bool> IsRecordedAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string articleId, string contentHash, CancellationToken ct)
    {
        await using var select = Command(connection, transaction,
            "SELECT EXISTS (SELECT 1 FROM article_versions WHERE article_id = @id AND content_hash = @hash);");
        select.Parameters.AddWithValue("@id", articleId);
        select.Parameters.AddWithValue("@hash", contentHash);
        return (long)(await select.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>
    /// Runs an update of one alert and commits. No row changed means either a guard held (the alert was already
    /// sent) — fine — or there is no such alert, which is a caller's bug worth an exception.
    /// </summary>
    private static async Task UpdateOneAsync(SqliteCommand update, SqliteTransaction transaction, long id, CancellationToken ct)
    {
        if (await update.ExecuteNonQueryAsync(ct) == 0)
        {
            await using var exists = Command(update.Connection!, transaction, "SELECT EXISTS (SELECT 1 FROM outbox WHERE id = @id);");
            exists.Parameters.AddWithValue("@id", id);
            if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
            {
                throw new KeyNotFoundException($"No alert with id {id}.");
            }
        }

        await transaction.CommitAsync(ct);
    }

    private static Task<List<OutboxAlert>> ReadAlertsAsync(SqliteCommand select, CancellationToken ct) =>
        AlertRows.ReadAlertsAsync(select, (reader, ordinal) => ReadTime((SqliteDataReader)reader, ordinal), ct);
}
