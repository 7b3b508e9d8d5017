using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace PolicyBot.Storage;

/// <summary>
/// <see cref="SqlStore"/> on one PostgreSQL database (tables in <see cref="PostgresSchema"/>), for several replicas
/// sharing one store. Each call takes a pooled connection from its own <see cref="NpgsqlDataSource"/>. Concurrency is
/// the database's: inserts race on unique keys with <c>ON CONFLICT DO NOTHING</c> (so an article version, an event or a
/// feed item is taken once whichever replica gets there first), a single statement needs no transaction of ours, and
/// claiming uses <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers never take the same alert and never wait for
/// each other. Library changes travel by LISTEN/NOTIFY.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>The LISTEN/NOTIFY channel of library changes; one per database, shared by every replica.</summary>
    public const string LibraryChannel = "policybot_library";

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastReconnectDelay = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _listenSource;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposing = new();
    private volatile bool _disposed;

    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=policybot;Username=policybot;Password=…</c>.</param>
    /// <param name="logger">Where the change listener reports dropped connections; never given the connection string.</param>
    public PostgresDialect(string connectionString, ILogger? logger)
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
        _logger = logger ?? NullLogger.Instance;
    }

    public override string ClaimLock => "FOR UPDATE SKIP LOCKED";

    protected override DbProviderFactory Factory => NpgsqlFactory.Instance;

    /// <summary>
    /// The connection string's host, port, database and user, for logs and errors: never its password or other
    /// settings, which may carry secrets too.
    /// </summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct) =>
        PostgresSchema.EnsureAsync((NpgsqlConnection)connection, ct);

    public override async Task<DbTransaction?> BeginWriteAsync(DbConnection connection, bool severalStatements, CancellationToken ct) =>
        severalStatements ? await connection.BeginTransactionAsync(ct) : null;

    /// <summary>
    /// A <c>timestamptz</c> parameter. Npgsql writes only UTC DateTimeOffsets to <c>timestamptz</c>, so the caller's
    /// offset is dropped here; the instant is unchanged, and record equality compares instants.
    /// </summary>
    public override DbParameter Time(string name, DateTimeOffset value) =>
        new NpgsqlParameter<DateTimeOffset>(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() };

    public override DbParameter TimeOrNull(string name, DateTimeOffset? value) =>
        new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value };

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override DbParameter Bool(string name, bool value) => Parameter(name, DbType.Boolean, value);

    public override bool ReadBool(DbDataReader reader, int ordinal) => reader.GetBoolean(ordinal);

    public override DbParameter Json(string name, string json) => new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json };

    public override async Task NotifyLibraryChangedAsync(string origin, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @origin);", connection);
        notify.Parameters.Add(Text("channel", LibraryChannel));
        notify.Parameters.Add(Text("origin", origin));
        await notify.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Listens on its own connection (outside the pool) and calls <paramref name="onChange"/> with each notification's
    /// origin — this replica's own notifications included, so a caller that knows its origin skips those. A dropped
    /// connection is replaced after a short, growing delay; notifications sent while it was down are lost, which the
    /// callers' periodic rescan covers. A failing <paramref name="onChange"/> is logged and listening goes on. Returns
    /// when <paramref name="ct"/> is cancelled or the store is disposed.
    /// </summary>
    public override async Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct)
    {
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

    public override void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _disposing.Cancel();
        _dataSource.Dispose();
        _listenSource.Dispose();
        _disposing.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _disposing.CancelAsync();
        await _dataSource.DisposeAsync();
        await _listenSource.DisposeAsync();
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
}
