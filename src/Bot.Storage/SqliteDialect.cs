using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PolicyBot.Storage;

/// <summary>
/// <see cref="SqlStore"/> on one SQLite file (tables in <see cref="SqliteSchema"/>). Each call opens a pooled connection
/// of its own; several stores or processes may share the file (WAL, busy timeout). Every write is a
/// <c>BEGIN IMMEDIATE</c> transaction: it takes the file's write lock before reading, so concurrent writers queue
/// instead of acting on a stale read — which is what keeps two claimers from taking the same alert, and two recorders
/// from planning an alert twice. Library change notifications do nothing: the processes sharing a file have no
/// channel between them, and rescan instead.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    /// <summary>
    /// UTC, fixed width, to the tick: text order is time order (so SQL can compare times as text) and a
    /// DateTimeOffset read back equals the one written.
    /// </summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>How long a call waits for another connection's write lock before SQLite reports the file busy.</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly string _connectionString;

    /// <param name="connectionString">A Microsoft.Data.Sqlite connection string, e.g. <c>Data Source=/var/lib/policybot/policybot.db</c>.
    /// A private in-memory database (<c>:memory:</c>) does not work: every call has its own connection, hence its own database.</param>
    public SqliteDialect(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsing now turns a malformed string into an error at startup rather than at the first alert.
        _connectionString = new SqliteConnectionStringBuilder(connectionString).ToString();
    }

    public override string ClaimLock => "";

    protected override DbProviderFactory Factory => SqliteFactory.Instance;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // Per connection, not per file, so it is set on every open (a pooled connection keeps it; setting it
            // again is cheap). Without it a second writer fails at once instead of waiting its turn.
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};";
            await pragma.ExecuteNonQueryAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct) =>
        SqliteSchema.EnsureAsync((SqliteConnection)connection, ct);

    /// <summary>Always <c>BEGIN IMMEDIATE</c>: a single statement that reads before it writes needs the lock first too.</summary>
    public override Task<DbTransaction?> BeginWriteAsync(DbConnection connection, bool severalStatements, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<DbTransaction?>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    public override DbParameter Time(string name, DateTimeOffset value) => Parameter(name, DbType.String, Format(value));

    public override DbParameter TimeOrNull(string name, DateTimeOffset? value) => Parameter(name, DbType.String, value is { } v ? Format(v) : null);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>SQLite has no boolean: 0 and 1.</summary>
    public override DbParameter Bool(string name, bool value) => Parameter(name, DbType.Int32, value ? 1 : 0);

    public override bool ReadBool(DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    public override DbParameter Json(string name, string json) => Parameter(name, DbType.String, json);

    /// <summary>Nothing to do: the processes sharing a SQLite file have no channel between them, and rescan instead.</summary>
    public override Task NotifyLibraryChangedAsync(string origin, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }

    /// <summary>Returns at once: SQLite cannot notify, so nothing will ever arrive (callers keep their periodic rescan).</summary>
    public override Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Releases the pooled connections to the file (so it can be moved or deleted); other stores on the same
    /// connection string simply open new ones.
    /// </summary>
    public override void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
