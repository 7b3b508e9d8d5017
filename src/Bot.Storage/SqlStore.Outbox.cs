using System.Data.Common;
using System.Globalization;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage;

/// <summary><see cref="IArticleVersionStore"/> and <see cref="IOutboxStore"/>: article versions seen, and the alerts planned for them.</summary>
public sealed partial class SqlStore
{
    /// <summary>The outbox columns every alert query selects, in the order <see cref="ReadAlertsAsync"/> reads them.</summary>
    private const string AlertColumns =
        "id, article_id, content_hash, platform, channel_id, topic, matched_sentence, matched_paragraph, "
        + "state, attempts, created_at, next_attempt_at, claimed_at, last_error";

    private const string InsertArticleVersion = """
        INSERT INTO article_versions (article_id, content_hash, title, recorded_at) VALUES (@id, @hash, @title, @at)
        ON CONFLICT (article_id, content_hash) DO NOTHING;
        """;

    public async Task<bool> IsRecordedAsync(string articleId, string contentHash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articleId);
        ArgumentNullException.ThrowIfNull(contentHash);
        await using var session = await ReadAsync(ct);
        return await session.TrueAsync(
            "SELECT EXISTS (SELECT 1 FROM article_versions WHERE article_id = @id AND content_hash = @hash);", ct,
            _dialect.Text("@id", articleId), _dialect.Text("@hash", contentHash));
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        return await session.TrueAsync("SELECT NOT EXISTS (SELECT 1 FROM article_versions);", ct);
    }

    public async Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            return;
        }

        // One transaction keeps the baseline all-or-nothing.
        await using var session = await WriteAsync(severalStatements: true, ct);
        await session.ExecuteEachAsync(InsertArticleVersion, articles, article => ArticleVersion(article, at), ct);
        await session.CommitAsync(ct);
    }

    public async Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(alerts);
        await using var session = await WriteAsync(severalStatements: true, ct);
        // A second recorder of the same version (another process or replica, at the same moment) waits here on the
        // first one's key or write lock, then inserts nothing: only one of them goes on to plan the alerts. Leaving
        // without a commit rolls back.
        if (await session.ExecuteAsync(InsertArticleVersion, ct, ArticleVersion(article, at)) == 0)
        {
            return false;
        }

        // One alert per channel: when the planner lists a channel twice (two of its topics matched), the first wins.
        var planned = alerts.DistinctBy(alert => alert.Channel).ToList();
        await session.ExecuteEachAsync("""
            INSERT INTO outbox (article_id, content_hash, platform, channel_id, topic, matched_sentence, matched_paragraph,
                                state, attempts, created_at, next_attempt_at)
            VALUES (@id, @hash, @platform, @channel, @topic, @sentence, @paragraph, @state, 0, @at, @at)
            ON CONFLICT (article_id, content_hash, platform, channel_id) DO NOTHING;
            """, planned, alert => [
                _dialect.Text("@id", article.ArticleId), _dialect.Text("@hash", article.ContentHash), .. Channel(alert.Channel),
                _dialect.Text("@topic", alert.Topic), _dialect.Text("@sentence", alert.MatchedSentence),
                _dialect.Integer("@paragraph", alert.MatchedParagraph), State("@state", AlertState.Pending), _dialect.Time("@at", at)],
            ct);
        await session.CommitAsync(ct);
        return true;
    }

    public async Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        // One statement: the dialect's claim lock (or SQLite's write lock) keeps two claimers' rows apart.
        await using var session = await WriteAsync(severalStatements: false, ct);
        var claimed = await ReadAlertsAsync(session.Command($"""
            UPDATE outbox SET state = @sending, claimed_at = @now, attempts = attempts + 1
            WHERE id IN (
                SELECT o.id FROM outbox o
                WHERE o.state = @pending AND o.next_attempt_at <= @now
                  AND NOT EXISTS (SELECT 1 FROM paused_channels p WHERE p.platform = o.platform AND p.channel_id = o.channel_id)
                ORDER BY o.created_at, o.id
                LIMIT @max
                {_dialect.ClaimLock})
            RETURNING {AlertColumns};
            """, State("@sending", AlertState.Sending), State("@pending", AlertState.Pending), _dialect.Time("@now", now), _dialect.Integer("@max", max)), ct);
        await session.CommitAsync(ct);
        return OldestFirst(claimed);
    }

    public async Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return [];
        }

        // As for claims: each stale alert gets one new owner.
        await using var session = await WriteAsync(severalStatements: false, ct);
        var reclaimed = await ReadAlertsAsync(session.Command($"""
            UPDATE outbox SET claimed_at = @now
            WHERE id IN (
                SELECT id FROM outbox WHERE state = @sending AND claimed_at < @before
                ORDER BY created_at, id
                LIMIT @max
                {_dialect.ClaimLock})
            RETURNING {AlertColumns};
            """, State("@sending", AlertState.Sending), _dialect.Time("@before", claimedBefore), _dialect.Time("@now", now), _dialect.Integer("@max", max)), ct);
        await session.CommitAsync(ct);
        return OldestFirst(reclaimed);
    }

    public async Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        return await ReadAlertsAsync(session.Command(
            $"SELECT {AlertColumns} FROM outbox WHERE state = @sending ORDER BY created_at, id;", State("@sending", AlertState.Sending)), ct);
    }

    public Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct) =>
        UpdateOneAsync(id, "UPDATE outbox SET state = @sent, sent_at = @at, platform_message_id = @message WHERE id = @id;", ct,
            State("@sent", AlertState.Sent), _dialect.Time("@at", at), _dialect.Text("@message", platformMessageId));

    public Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        // A delivered alert stays delivered: a late retry (say, from a sender that timed out while another recorded
        // the post) must not put it back in the queue and post it twice.
        return UpdateOneAsync(id, """
            UPDATE outbox SET state = @pending, next_attempt_at = @next, last_error = @error
            WHERE id = @id AND state <> @sent;
            """, ct,
            State("@pending", AlertState.Pending), State("@sent", AlertState.Sent), _dialect.Time("@next", nextAttemptAt), _dialect.Text("@error", error));
    }

    public Task MarkFailedAsync(long id, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        // As for retries: an alert known to be delivered is not relabelled as given up.
        return UpdateOneAsync(id, "UPDATE outbox SET state = @failed, last_error = @error WHERE id = @id AND state <> @sent;", ct,
            State("@failed", AlertState.Failed), State("@sent", AlertState.Sent), _dialect.Text("@error", error));
    }

    public async Task<int> OutboxDepthAsync(CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        await using var count = session.Command(
            "SELECT COUNT(*) FROM outbox WHERE state IN (@pending, @sending);", State("@pending", AlertState.Pending), State("@sending", AlertState.Sending));
        return checked((int)Convert.ToInt64(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture));
    }

    public async Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        var found = await ReadAlertsAsync(session.Command($"SELECT {AlertColumns} FROM outbox WHERE id = @id;", _dialect.Bigint("@id", id)), ct);
        return found.Count == 0 ? null : found[0];
    }

    public async Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var session = await ReadAsync(ct);
        return await ReadAlertsAsync(session.Command(
            $"SELECT {AlertColumns} FROM outbox WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;", Channel(channel)), ct);
    }

    /// <summary>
    /// Runs an update of one alert and commits. No row changed means either a guard held (the alert was already
    /// sent) — fine — or there is no such alert, which is a caller's bug worth an exception. Alerts are never
    /// deleted, so the check after the update cannot race with a removal.
    /// </summary>
    private async Task UpdateOneAsync(long id, string sql, CancellationToken ct, params DbParameter[] parameters)
    {
        await using var session = await WriteAsync(severalStatements: false, ct);
        if (await session.ExecuteAsync(sql, ct, [.. parameters, _dialect.Bigint("@id", id)]) == 0
            && !await session.TrueAsync("SELECT EXISTS (SELECT 1 FROM outbox WHERE id = @id);", ct, _dialect.Bigint("@id", id)))
        {
            throw new KeyNotFoundException($"No alert with id {id}.");
        }

        await session.CommitAsync(ct);
    }

    private DbParameter[] ArticleVersion(ArticleVersion article, DateTimeOffset at) =>
        [_dialect.Text("@id", article.ArticleId), _dialect.Text("@hash", article.ContentHash), _dialect.Text("@title", article.Title), _dialect.Time("@at", at)];

    /// <summary>States are stored by name so the tables read plainly (and PostgreSQL's CHECK lists them).</summary>
    private DbParameter State(string name, AlertState state) => _dialect.Text(name, state switch
    {
        AlertState.Pending => "Pending",
        AlertState.Sending => "Sending",
        AlertState.Sent => "Sent",
        AlertState.Failed => "Failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    });

    /// <summary>RETURNING gives rows in no promised order; the contract is oldest first.</summary>
    private static List<OutboxAlert> OldestFirst(List<OutboxAlert> alerts) => [.. alerts.OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)];

    /// <summary>Runs <paramref name="select"/> (and disposes it), reading <see cref="AlertColumns"/> from each row.</summary>
    private async Task<List<OutboxAlert>> ReadAlertsAsync(DbCommand select, CancellationToken ct)
    {
        await using var command = select;
        var result = new List<OutboxAlert>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new OutboxAlert(
                Id: reader.GetInt64(0),
                ArticleId: reader.GetString(1),
                ContentHash: reader.GetString(2),
                Channel: new ChannelRef(reader.GetString(3), reader.GetString(4)),
                Topic: StringOrNull(reader, 5),
                MatchedSentence: StringOrNull(reader, 6),
                MatchedParagraph: reader.IsDBNull(7) ? null : reader.GetInt32(7),
                State: Enum.Parse<AlertState>(reader.GetString(8), ignoreCase: false),
                Attempts: reader.GetInt32(9),
                CreatedAt: _dialect.ReadTime(reader, 10),
                NextAttemptAt: _dialect.ReadTime(reader, 11),
                ClaimedAt: _dialect.ReadTimeOrNull(reader, 12),
                LastError: StringOrNull(reader, 13)));
        }

        return result;
    }
}
