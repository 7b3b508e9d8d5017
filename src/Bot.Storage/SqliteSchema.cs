using Microsoft.Data.Sqlite;

namespace PolicyBot.Storage;

/// <summary>
/// The tables behind <see cref="SqlStore"/> on SQLite (<see cref="SqliteDialect"/>), version 4. Version 1:
/// <list type="bullet">
/// <item><c>article_versions</c>: each (article_id, content_hash) recorded, with its title and when.</item>
/// <item><c>subscriptions</c>: per (platform, channel_id) a topic as typed (trimmed, NULL = everything) and
/// <c>topic_key</c>, its lower-cased form ('' = everything), which is what uniqueness and unsubscribe compare.</item>
/// <item><c>outbox</c>: one alert per article version and channel, with its delivery state
/// ('Pending', 'Sending', 'Sent', 'Failed') and attempts.</item>
/// <item><c>paused_channels</c>: channels not delivered to, and why.</item>
/// <item><c>feed_state</c>: per feed URL the conditional-request validators and its health.</item>
/// <item><c>feed_items_seen</c>: (feed_url, item_key) pairs already seen.</item>
/// <item><c>schema_version</c>: one row, the schema's version, so later versions know what to migrate from.</item>
/// </list>
/// Version 2 adds what replicas coordinate through (<see cref="PolicyBot.Core.Alerts.IReplicaCoordination"/>): <c>event_claims</c> (each
/// incoming event's key, claimed once) and <c>leases</c> (a named job's current owner and until when).
/// Version 3 adds <c>feedback</c>, version 4 <c>conversations</c>.
/// Every time is UTC text of fixed width (<see cref="SqliteDialect.TimeFormat"/>), so text order is time order and
/// comparisons such as <c>next_attempt_at &lt;= @now</c> are right in SQL.
/// </summary>
internal static class SqliteSchema
{
    public static int Version => Migrations[^1].Version;

    /// <summary>Version 1 as first shipped: run as is on every start, it creates a new file's tables at version 1,
    /// and the migrations below take it (or an existing version-1 file) further.</summary>
    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version INTEGER NOT NULL
        );

        CREATE TABLE IF NOT EXISTS article_versions (
            article_id   TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            title        TEXT NOT NULL,
            recorded_at  TEXT NOT NULL,
            PRIMARY KEY (article_id, content_hash)
        );

        CREATE TABLE IF NOT EXISTS subscriptions (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            platform   TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            topic      TEXT NULL,
            topic_key  TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (platform, channel_id, topic_key)
        );

        CREATE TABLE IF NOT EXISTS outbox (
            id                  INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id          TEXT NOT NULL,
            content_hash        TEXT NOT NULL,
            platform            TEXT NOT NULL,
            channel_id          TEXT NOT NULL,
            topic               TEXT NULL,
            matched_sentence    TEXT NULL,
            matched_paragraph   INTEGER NULL,
            state               TEXT NOT NULL,
            attempts            INTEGER NOT NULL DEFAULT 0,
            created_at          TEXT NOT NULL,
            next_attempt_at     TEXT NOT NULL,
            claimed_at          TEXT NULL,
            last_error          TEXT NULL,
            sent_at             TEXT NULL,
            platform_message_id TEXT NULL,
            UNIQUE (article_id, content_hash, platform, channel_id)
        );

        -- Claiming scans due Pending rows in created order; per-channel listing for diagnostics.
        CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, next_attempt_at);
        CREATE INDEX IF NOT EXISTS outbox_channel ON outbox (platform, channel_id);

        CREATE TABLE IF NOT EXISTS paused_channels (
            platform   TEXT NOT NULL,
            channel_id TEXT NOT NULL,
            reason     TEXT NOT NULL,
            paused_at  TEXT NOT NULL,
            PRIMARY KEY (platform, channel_id)
        );

        CREATE TABLE IF NOT EXISTS feed_state (
            feed_url             TEXT PRIMARY KEY NOT NULL,
            etag                 TEXT NULL,
            last_modified        TEXT NULL,
            last_polled_at       TEXT NULL,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_error           TEXT NULL
        );

        CREATE TABLE IF NOT EXISTS feed_items_seen (
            feed_url TEXT NOT NULL,
            item_key TEXT NOT NULL,
            seen_at  TEXT NOT NULL,
            PRIMARY KEY (feed_url, item_key)
        );

        INSERT INTO schema_version (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM schema_version);
        """;

    private const string Version2 = """
        CREATE TABLE event_claims (
            key        TEXT PRIMARY KEY NOT NULL,
            claimed_at TEXT NOT NULL
        );

        -- Forgetting old claims deletes by age.
        CREATE INDEX event_claims_age ON event_claims (claimed_at);

        CREATE TABLE leases (
            name  TEXT PRIMARY KEY NOT NULL,
            owner TEXT NOT NULL,
            until TEXT NOT NULL
        );
        """;

    /// <summary>Version 3: "Helpful" / "Not helpful" verdicts, with the question and the passages shown (JSON).</summary>
    private const string Version3 = """
        CREATE TABLE feedback (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            at        TEXT NOT NULL,
            platform  TEXT NOT NULL,
            user_id   TEXT NOT NULL,
            question  TEXT NOT NULL,
            passages  TEXT NOT NULL,
            helpful   INTEGER NOT NULL
        );
        """;

    /// <summary>
    /// Version 4: each conversation's short-term memory (the last question and the passages shown, as JSON), shared by
    /// the processes on the file; <c>at</c> is when it was last answered, which expiry and clean-up compare.
    /// </summary>
    private const string Version4 = """
        CREATE TABLE conversations (
            conversation TEXT PRIMARY KEY NOT NULL,
            state        TEXT NOT NULL,
            at           TEXT NOT NULL
        );

        CREATE INDEX conversations_age ON conversations (at);
        """;

    /// <summary>The steps after version 1, in order; a new version is a new entry here, never an edit of an old one.</summary>
    private static readonly (int Version, string Sql)[] Migrations = [(2, Version2), (3, Version3), (4, Version4)];

    /// <summary>
    /// Creates the tables when missing, checks the file's version and migrates it to <see cref="Version"/>. Safe when
    /// several processes start at once: it all happens in one write transaction, so the second waits and then finds
    /// the file current. schema_version keeps its single row, updated as each migration is applied.
    /// </summary>
    public static async Task EnsureAsync(SqliteConnection connection, CancellationToken ct)
    {
        // WAL lets readers go on while one process writes; the mode is kept in the file, and it cannot be changed
        // inside a transaction, hence before it.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteScalarAsync(ct);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = CreateTables;
            await create.ExecuteNonQueryAsync(ct);
        }

        long found;
        await using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = "SELECT MAX(version) FROM schema_version;";
            found = (long)(await version.ExecuteScalarAsync(ct))!;
        }

        await SchemaMigrations.ApplyAsync(found, Migrations, async (number, sql, token) =>
        {
            await using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = sql + "UPDATE schema_version SET version = @version;";
            migrate.Parameters.AddWithValue("@version", number);
            await migrate.ExecuteNonQueryAsync(token);
        }, ct);

        await transaction.CommitAsync(ct);
    }
}
