using Microsoft.Data.Sqlite;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage.Tests;

/// <summary>
/// The store on SQLite: the shared contract (<see cref="StoreContractTests"/>), which never skips here, then
/// what only a file of its own has to get right (schema versions, WAL, upgrading an older file, no notifications).
/// </summary>
public sealed class SqliteStoreTests : StoreContractTests, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pb-store-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqlStore> _stores = [];

    public SqliteStoreTests() => Directory.CreateDirectory(_folder);

    private string DatabasePath => Path.Combine(_folder, "policybot.db");

    /// <summary>A store on this test's file; a second call is "another process" or "after a restart".</summary>
    protected override SqlStore Open()
    {
        var store = SqlStore.ForSqlite($"Data Source={DatabasePath}", Clock);
        _stores.Add(store);
        return store;
    }

    protected override SqlStore Construct(string connectionString) => SqlStore.ForSqlite(connectionString);

    protected override Task CloseAsync(SqlStore store)
    {
        store.Dispose();
        // Pooled connections would carry the closed store's state over to the next one.
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        // Pooled connections keep the file open; they must go before the folder can.
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    protected override Task<long> ScalarAsync(string sql) => ScalarAsync(DatabasePath, sql);

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    protected override async Task<string?> ScalarTextAsync(string sql, long id)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }

    // ---- schema ----

    [Fact]
    public async Task FreshFile_GetsTheCurrentSchemaVersionInWalMode_AndASecondInstanceSeesTheData()
    {
        var first = Open();
        Assert.True(await first.IsEmptyAsync(Ct));
        Assert.True(File.Exists(DatabasePath));
        Assert.True(await first.SubscribeAsync(Slack, "tariffs", "U1", T0, Ct));
        Assert.True(await first.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));

        Assert.Equal(SqliteSchema.Version, await ScalarAsync(DatabasePath, "SELECT version FROM schema_version;"));
        Assert.Equal(1, await ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM schema_version;"));
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync(Ct));
        }

        first.Dispose();
        SqliteConnection.ClearAllPools();

        var second = Open();
        Assert.False(await second.IsEmptyAsync(Ct));
        Assert.True(await second.IsRecordedAsync("a1", "h1", Ct));
        var subscription = Assert.Single(await second.SubscriptionsAsync(null, Ct));
        Assert.Equal(new Subscription(subscription.Id, Slack, "tariffs", "U1", T0), subscription);
        var alert = Assert.Single(await second.AlertsForAsync(Slack, Ct));
        Assert.Equal(AlertState.Pending, alert.State);
        Assert.Equal(1, await ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM schema_version;"));
    }

    [Fact]
    public async Task NewerSchemaVersion_IsRefused()
    {
        var store = Open();
        Assert.True(await store.IsEmptyAsync(Ct));
        await ScalarAsync(DatabasePath, $"UPDATE schema_version SET version = {SqliteSchema.Version + 1};");
        SqliteConnection.ClearAllPools();

        var newer = Open();
        await Assert.ThrowsAsync<InvalidOperationException>(() => newer.IsEmptyAsync(Ct));
    }

    [Fact]
    public async Task Version1File_IsUpgradedToTheCurrentVersion_KeepingItsData()
    {
        // A version-1 file as the previous build left it: its tables and data, without version 2's tables.
        var old = Open();
        Assert.True(await old.SubscribeAsync(Slack, "tariffs", "U1", T0, Ct));
        Assert.True(await old.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));
        old.Dispose();
        SqliteConnection.ClearAllPools();
        await ScalarAsync(DatabasePath, "DROP TABLE event_claims; DROP TABLE leases; DROP TABLE feedback; DROP TABLE conversations; UPDATE schema_version SET version = 1;");
        SqliteConnection.ClearAllPools();

        var upgraded = Open();
        Assert.True(await upgraded.TryClaimEventAsync("slack:event:Ev1", T0, TimeSpan.FromHours(1), Ct));
        Assert.True(await upgraded.TryLeaseAsync("feeds", "replica-a", T0, TimeSpan.FromMinutes(1), Ct));

        Assert.Equal(SqliteSchema.Version, await ScalarAsync(DatabasePath, "SELECT version FROM schema_version;"));
        Assert.Equal(1, await ScalarAsync(DatabasePath, "SELECT COUNT(*) FROM schema_version;"));
        Assert.Equal("tariffs", Assert.Single(await upgraded.SubscriptionsAsync(Slack, Ct)).Topic);
        Assert.Equal(AlertState.Pending, Assert.Single(await upgraded.AlertsForAsync(Slack, Ct)).State);
        Assert.False(await upgraded.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));
        Assert.False(await Open().TryClaimEventAsync("slack:event:Ev1", T0, TimeSpan.FromHours(1), Ct));
    }

    // ---- replica coordination ----

    [Fact]
    public async Task TryClaimEvent_FirstCallerOnlyAcrossInstances_AndConcurrentCallersGetOneTrue()
    {
        var first = Open();
        var second = Open();
        var keep = TimeSpan.FromHours(1);
        Assert.True(await first.TryClaimEventAsync("slack:event:Ev1", T0, keep, Ct));
        Assert.False(await first.TryClaimEventAsync("slack:event:Ev1", T0, keep, Ct));
        Assert.False(await second.TryClaimEventAsync("slack:event:Ev1", T0.AddMinutes(1), keep, Ct));
        Assert.True(await second.TryClaimEventAsync("discord:interaction:1", T0, keep, Ct));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => Task.Run(() =>
            (n % 2 == 0 ? first : second).TryClaimEventAsync("slack:event:Ev2", T0, keep, Ct))));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task LibraryChanges_NotifyDoesNothing_ListenReturnsAtOnce()
    {
        var store = Open();
        await store.NotifyLibraryChangedAsync("replica-a", Ct);
        bool called = false;
        var listening = store.ListenForLibraryChangesAsync((_, _) =>
        {
            called = true;
            return Task.CompletedTask;
        }, Ct);
        Assert.True(listening.IsCompleted);
        await listening;
        Assert.False(called);
    }
}
