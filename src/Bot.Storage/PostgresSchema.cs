using Npgsql;

namespace PolicyBot.Storage;

/// <summary>
/// The tables behind <see cref="SqlStore"/> on PostgreSQL (<see cref="PostgresDialect"/>), as numbered migrations. Version 1 holds the same tables as
/// <see cref="SqliteSchema"/> (article versions, subscriptions, outbox, paused channels, feed state, feed items seen)
/// plus what replicas coordinate through: <c>event_claims</c> (each incoming event's key, claimed once) and
/// <c>leases</c> (a named job's current owner and until when). Times are <c>timestamptz</c>, so comparisons are
/// between instants whatever the writer's offset; PostgreSQL keeps microseconds, so a time's last tick digit is lost.
/// <c>schema_version</c> has one row per migration applied.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// The key of the transaction-level advisory lock that serialises migrations. Fixed, so every replica of every
    /// build contends for the same lock; the value is arbitrary ("PolicyBt" in ASCII), chosen to stay clear of
    /// anything else a shared database might lock.
    /// </summary>
    public const long MigrationLockKey = 0x506F6C6963794274;

    private const string Version1 = """
        CREATE TABLE article_versions (
            article_id   text        NOT NULL,
            content_hash text        NOT NULL,
            title        text        NOT NULL,
            recorded_at  timestamptz NOT NULL,
            PRIMARY KEY (article_id, content_hash)
        );

        CREATE TABLE subscriptions (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            platform   text        NOT NULL,
            channel_id text        NOT NULL,
            topic      text        NULL,
            topic_key  text        NOT NULL,
            created_by text        NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (platform, channel_id, topic_key)
        );

        CREATE TABLE outbox (
            id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            article_id          text        NOT NULL,
            content_hash        text        NOT NULL,
            platform            text        NOT NULL,
            channel_id          text        NOT NULL,
            topic               text        NULL,
            matched_sentence    text        NULL,
            matched_paragraph   integer     NULL,
            state               text        NOT NULL CHECK (state IN ('Pending', 'Sending', 'Sent', 'Failed')),
            attempts            integer     NOT NULL DEFAULT 0,
            created_at          timestamptz NOT NULL,
            next_attempt_at     timestamptz NOT NULL,
            claimed_at          timestamptz NULL,
            last_error          text        NULL,
            sent_at             timestamptz NULL,
            platform_message_id text        NULL,
            UNIQUE (article_id, content_hash, platform, channel_id)
        );

        -- Claiming scans due Pending rows in created order; per-channel listing for diagnostics.
        CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
        CREATE INDEX outbox_channel ON outbox (platform, channel_id);

        CREATE TABLE paused_channels (
            platform   text        NOT NULL,
            channel_id text        NOT NULL,
            reason     text        NOT NULL,
            paused_at  timestamptz NOT NULL,
            PRIMARY KEY (platform, channel_id)
        );

        CREATE TABLE feed_state (
            feed_url             text PRIMARY KEY,
            etag                 text        NULL,
            last_modified        text        NULL,
            last_polled_at       timestamptz NULL,
            consecutive_failures integer     NOT NULL DEFAULT 0,
            last_error           text        NULL
        );

        CREATE TABLE feed_items_seen (
            feed_url text        NOT NULL,
            item_key text        NOT NULL,
            seen_at  timestamptz NOT NULL,
            PRIMARY KEY (feed_url, item_key)
        );

        CREATE TABLE event_claims (
            key        text PRIMARY KEY,
            claimed_at timestamptz NOT NULL
        );

        -- Forgetting old claims deletes by age.
        CREATE INDEX event_claims_age ON event_claims (claimed_at);

        CREATE TABLE leases (
            name  text PRIMARY KEY,
            owner text        NOT NULL,
            until timestamptz NOT NULL
        );
        """;

    /// <summary>Version 2: "Helpful" / "Not helpful" verdicts from every replica, with the question and the passages shown.</summary>
    private const string Version2 = """
        CREATE TABLE feedback (
            id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at        timestamptz NOT NULL,
            platform  text        NOT NULL,
            user_id   text        NOT NULL,
            question  text        NOT NULL,
            passages  jsonb       NOT NULL,
            helpful   boolean     NOT NULL
        );
        """;

    /// <summary>
    /// Version 3: each conversation's short-term memory (the last question and the passages shown), shared by every
    /// replica so a follow-up landing on another one is answered; <c>at</c> is when it was last answered.
    /// </summary>
    private const string Version3 = """
        CREATE TABLE conversations (
            conversation text PRIMARY KEY,
            state        jsonb       NOT NULL,
            at           timestamptz NOT NULL
        );

        CREATE INDEX conversations_age ON conversations (at);
        """;

    /// <summary>Every migration in order; a new schema version is a new entry here, never an edit of an old one.</summary>
    private static readonly (int Version, string Sql)[] Migrations = [(1, Version1), (2, Version2), (3, Version3)];

    public static int Version => Migrations[^1].Version;

    /// <summary>
    /// Brings the database to <see cref="Version"/>. Safe when several replicas start at once: everything happens in one
    /// transaction that first takes a fixed advisory lock, so the second replica waits for the first to commit and then
    /// finds nothing left to do; the lock goes with the transaction, so a crashed replica cannot leave it held.
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var command = new NpgsqlCommand(
            """
            SELECT pg_advisory_xact_lock(@key);
            CREATE TABLE IF NOT EXISTS schema_version (
                version    integer PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("key", MigrationLockKey);
            await command.ExecuteNonQueryAsync(ct);
        }

        int current;
        await using (var select = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", connection, transaction))
        {
            current = (int)(await select.ExecuteScalarAsync(ct))!;
        }

        await SchemaMigrations.ApplyAsync(current, Migrations, async (version, sql, token) =>
        {
            await using var migrate = new NpgsqlCommand(sql, connection, transaction);
            await migrate.ExecuteNonQueryAsync(token);
            await using var record = new NpgsqlCommand("INSERT INTO schema_version (version) VALUES (@version);", connection, transaction);
            record.Parameters.AddWithValue("version", version);
            await record.ExecuteNonQueryAsync(token);
        }, ct);

        await transaction.CommitAsync(ct);
    }
}
