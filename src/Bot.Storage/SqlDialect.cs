using System.Data;
using System.Data.Common;

namespace PolicyBot.Storage;

/// <summary>
/// What differs between the databases <see cref="SqlStore"/> runs on, and nothing else: how a connection is opened
/// and its schema migrated, how writes are made atomic and claims kept disjoint, how times, booleans and JSON are
/// kept, and library change notifications. Every statement the two databases read alike lives once, in the store
/// (upserts included: SQLite and PostgreSQL share <c>ON CONFLICT … DO NOTHING / DO UPDATE</c> and <c>RETURNING</c>).
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// What a claiming subquery ends with so that concurrent claimers take disjoint rows without waiting for each
    /// other (PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>); empty where the write transaction already serialises them.
    /// </summary>
    public abstract string ClaimLock { get; }

    /// <summary>The provider's factory, for parameters whose type ADO.NET's <see cref="DbType"/> states alike on both.</summary>
    protected abstract DbProviderFactory Factory { get; }

    /// <summary>An open connection, set up for use; its schema is the store's to check.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Creates the tables when missing and migrates them to the current version, safely when several processes start at once.</summary>
    public abstract Task EnsureSchemaAsync(DbConnection connection, CancellationToken ct);

    /// <summary>
    /// The transaction a write runs in: one that takes the write lock first where the database needs it (SQLite's
    /// <c>BEGIN IMMEDIATE</c>, so concurrent writers queue instead of acting on a stale read), else one only when
    /// <paramref name="severalStatements"/> must be atomic together (null: the single statement is its own transaction).
    /// </summary>
    public abstract Task<DbTransaction?> BeginWriteAsync(DbConnection connection, bool severalStatements, CancellationToken ct);

    public abstract DbParameter Time(string name, DateTimeOffset value);

    public abstract DbParameter TimeOrNull(string name, DateTimeOffset? value);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract DbParameter Bool(string name, bool value);

    public abstract bool ReadBool(DbDataReader reader, int ordinal);

    /// <summary>A JSON document (the column is <c>jsonb</c> on PostgreSQL, text on SQLite); read back with <see cref="DbDataReader.GetString"/>.</summary>
    public abstract DbParameter Json(string name, string json);

    /// <summary>Tells the other processes sharing the store that the article collection changed.</summary>
    public abstract Task NotifyLibraryChangedAsync(string origin, CancellationToken ct);

    /// <inheritdoc cref="PolicyBot.Core.Alerts.IReplicaCoordination.ListenForLibraryChangesAsync"/>
    public abstract Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct);

    public abstract ValueTask DisposeAsync();

    public abstract void Dispose();

    /// <summary>A text parameter; a null is sent typed, not left for the database to guess.</summary>
    public DbParameter Text(string name, string? value) => Parameter(name, DbType.String, value);

    public DbParameter Integer(string name, int? value) => Parameter(name, DbType.Int32, value);

    public DbParameter Bigint(string name, long value) => Parameter(name, DbType.Int64, value);

    public DateTimeOffset? ReadTimeOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    protected DbParameter Parameter(string name, DbType type, object? value)
    {
        var parameter = Factory.CreateParameter() ?? throw new InvalidOperationException("The provider makes no parameters.");
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
