using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage;

/// <summary><see cref="IFeedStateStore"/>: what the feed poller remembers between polls.</summary>
public sealed partial class SqlStore
{
    public async Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        await using var session = await ReadAsync(ct);
        await using var select = session.Command("""
            SELECT feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error
            FROM feed_state WHERE feed_url = @url;
            """, _dialect.Text("@url", feedUrl));
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new FeedState(
            reader.GetString(0),
            StringOrNull(reader, 1),
            StringOrNull(reader, 2),
            _dialect.ReadTimeOrNull(reader, 3),
            reader.GetInt32(4),
            StringOrNull(reader, 5));
    }

    public async Task SaveFeedStateAsync(FeedState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var session = await WriteAsync(severalStatements: false, ct);
        await session.ExecuteAsync("""
            INSERT INTO feed_state (feed_url, etag, last_modified, last_polled_at, consecutive_failures, last_error)
            VALUES (@url, @etag, @modified, @polled, @failures, @error)
            ON CONFLICT (feed_url) DO UPDATE SET
                etag = excluded.etag, last_modified = excluded.last_modified, last_polled_at = excluded.last_polled_at,
                consecutive_failures = excluded.consecutive_failures, last_error = excluded.last_error;
            """, ct,
            _dialect.Text("@url", state.FeedUrl), _dialect.Text("@etag", state.ETag), _dialect.Text("@modified", state.LastModified),
            _dialect.TimeOrNull("@polled", state.LastPolledAt), _dialect.Integer("@failures", state.ConsecutiveFailures),
            _dialect.Text("@error", state.LastError));
        await session.CommitAsync(ct);
    }

    public async Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedUrl);
        ArgumentNullException.ThrowIfNull(itemKey);
        await using var session = await WriteAsync(severalStatements: false, ct);
        int added = await session.ExecuteAsync("""
            INSERT INTO feed_items_seen (feed_url, item_key, seen_at) VALUES (@url, @key, @at)
            ON CONFLICT (feed_url, item_key) DO NOTHING;
            """, ct, _dialect.Text("@url", feedUrl), _dialect.Text("@key", itemKey), _dialect.Time("@at", at));
        await session.CommitAsync(ct);
        return added == 1;
    }
}
