using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Storage;

/// <summary>
/// Every store role the bot has, on one database through ADO.NET: subscriptions, article versions, the alert outbox,
/// feed state, feedback, conversations and replica coordination. The SQL is written once; what the databases do
/// differently (opening and migrating, write locks and claim locks, times, booleans, JSON, notifications) is its
/// <see cref="SqlDialect"/>'s: SQLite (<see cref="ForSqlite"/>, the default: one file) or PostgreSQL
/// (<see cref="ForPostgres"/>: one database shared by a fleet). Each call takes a pooled connection of its own and
/// returns it, so the store is safe from any thread, and several stores (processes, replicas) may share a database.
/// </summary>
public sealed partial class SqlStore
    : ISubscriptionStore, IArticleVersionStore, IOutboxStore, IFeedStateStore, IFeedbackStore, IConversationStore, IReplicaCoordination,
      IAsyncDisposable, IDisposable
{
    private readonly SqlDialect _dialect;
    private readonly TimeProvider _time;
    private readonly SchemaOnce _schema = new();
    private volatile bool _disposed;

    private SqlStore(SqlDialect dialect, TimeProvider? time)
    {
        _dialect = dialect;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>A store on one SQLite file.</summary>
    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/policybot/policybot.db</c>
    /// (not a private <c>:memory:</c> database: every call has its own connection, hence would have its own database).</param>
    /// <param name="time">The clock conversations expire by (the system's by default).</param>
    public static SqlStore ForSqlite(string connectionString, TimeProvider? time = null) => new(new SqliteDialect(connectionString), time);

    /// <summary>A store on one PostgreSQL database, for several replicas.</summary>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>Host=db;Database=policybot;Username=policybot;Password=…</c>.</param>
    /// <param name="logger">Where the library change listener reports dropped connections; never given the connection string.</param>
    /// <param name="time">The clock conversations expire by (the system's by default).</param>
    public static SqlStore ForPostgres(string connectionString, ILogger? logger = null, TimeProvider? time = null) =>
        new(new PostgresDialect(connectionString, logger), time);

    /// <summary>The store <paramref name="options"/> name (validated options: see <see cref="StorageOptions"/>).</summary>
    public static SqlStore Create(StorageOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        return options.IsPostgres
            ? ForPostgres(options.ResolveConnectionString(), loggers.CreateLogger<SqlStore>(), time)
            : ForSqlite(options.ResolveConnectionString(), time);
    }

    /// <summary>Releases the store's connections; other stores on the same database simply open their own.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _dialect.Dispose();
        _schema.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dialect.DisposeAsync();
        _schema.Dispose();
    }

    /// <summary>A connection for reading, on a database whose schema is current.</summary>
    private async Task<Session> ReadAsync(CancellationToken ct) => new(await OpenAsync(ct), null);

    /// <summary>
    /// A connection for writing, in the transaction the dialect gives writes (see <see cref="SqlDialect.BeginWriteAsync"/>);
    /// <paramref name="severalStatements"/> when the statements must commit together.
    /// </summary>
    private async Task<Session> WriteAsync(bool severalStatements, CancellationToken ct)
    {
        var connection = await OpenAsync(ct);
        try
        {
            return new Session(connection, await _dialect.BeginWriteAsync(connection, severalStatements, ct));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = await _dialect.OpenAsync(ct);
        try
        {
            await _schema.EnsureAsync(token => _dialect.EnsureSchemaAsync(connection, token), ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>One call's connection (and its write transaction, if any): commands on it, then commit or dispose.</summary>
    private sealed class Session(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
    {
        public DbCommand Command(string sql, params DbParameter[] parameters)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddRange(parameters);
            return command;
        }

        public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params DbParameter[] parameters)
        {
            await using var command = Command(sql, parameters);
            return await command.ExecuteNonQueryAsync(ct);
        }

        /// <summary>The first column of the first row as a boolean (SQLite answers 0/1, PostgreSQL a boolean).</summary>
        public async Task<bool> TrueAsync(string sql, CancellationToken ct, params DbParameter[] parameters)
        {
            await using var command = Command(sql, parameters);
            return Convert.ToBoolean(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Runs <paramref name="sql"/> once per row, with the parameters <paramref name="bind"/> gives it: as one batch
        /// (one round trip) where the provider has batches, else as one prepared command run again per row.
        /// </summary>
        public async Task ExecuteEachAsync<T>(string sql, IEnumerable<T> rows, Func<T, DbParameter[]> bind, CancellationToken ct)
        {
            if (connection.CanCreateBatch)
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = transaction;
                foreach (var row in rows)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = sql;
                    command.Parameters.AddRange(bind(row));
                    batch.BatchCommands.Add(command);
                }

                if (batch.BatchCommands.Count > 0)
                {
                    await batch.ExecuteNonQueryAsync(ct);
                }

                return;
            }

            await using var each = Command(sql);
            foreach (var row in rows)
            {
                each.Parameters.Clear();
                each.Parameters.AddRange(bind(row));
                await each.ExecuteNonQueryAsync(ct);
            }
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
