using Npgsql;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage.Tests;

/// <summary>
/// The store on PostgreSQL against a real server: the shared contract (<see cref="StoreContractTests"/>),
/// then what only a shared database has to get right (replicas migrating, claiming and coordinating at once, LISTEN/NOTIFY). The server comes
/// from <c>POLICYBOT_TEST_POSTGRES</c> (a connection string; scripts/ci-postgres.sh starts one); without it every test
/// here is skipped. Each test gets a database of its own, created before and dropped after it, so tests never see
/// each other's rows, notifications or advisory locks; two stores on it are two replicas (two data sources, two pools).
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests, IAsyncLifetime
{
    private const string ServerVariable = "POLICYBOT_TEST_POSTGRES";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly string? _server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s ? s : null;
    private readonly string _database = "pb_" + Guid.NewGuid().ToString("N");
    private readonly List<SqlStore> _stores = [];
    private string? _connectionString;

    public async Task InitializeAsync()
    {
        if (_server is null)
        {
            return;
        }

        await AdminAsync($"CREATE DATABASE \"{_database}\";");
        _connectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        if (_connectionString is not null)
        {
            // FORCE ends whatever a failed test left connected (a listener, a pooled connection).
            await AdminAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE);");
        }
    }

    /// <summary>
    /// A store on this test's database; a second call is "another replica" or "after a restart". Without a server the
    /// test is skipped here: every test that needs one opens a store first.
    /// </summary>
    protected override SqlStore Open()
    {
        Skip.If(_connectionString is null, $"{ServerVariable} is not set: no PostgreSQL server to test against (scripts/ci-postgres.sh starts one).");
        var store = SqlStore.ForPostgres(_connectionString, time: Clock);
        _stores.Add(store);
        return store;
    }

    protected override SqlStore Construct(string connectionString) => SqlStore.ForPostgres(connectionString);

    protected override async Task CloseAsync(SqlStore store) => await store.DisposeAsync();

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    /// <summary>A connection to this test's database outside any store's pool, for looking at the tables directly.</summary>
    private async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    protected override async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct));
    }

    protected override async Task<string?> ScalarTextAsync(string sql, long id)
    {
        await using var connection = await ConnectAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }

    // ---- schema ----

    [SkippableFact]
    public async Task FreshDatabase_GetsTheCurrentSchemaVersion_AndASecondInstanceSeesTheData()
    {
        var first = Open();
        Assert.True(await first.IsEmptyAsync(Ct));
        Assert.True(await first.SubscribeAsync(Slack, "tariffs", "U1", T0, Ct));
        Assert.True(await first.RecordArticleAsync(Article("a1"), [Everything(Slack)], T0, Ct));
        Assert.Equal(PostgresSchema.Version, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal(PostgresSchema.Version, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
        await first.DisposeAsync();

        var second = Open();
        Assert.False(await second.IsEmptyAsync(Ct));
        Assert.True(await second.IsRecordedAsync("a1", "h1", Ct));
        var subscription = Assert.Single(await second.SubscriptionsAsync(null, Ct));
        Assert.Equal(new Subscription(subscription.Id, Slack, "tariffs", "U1", T0), subscription);
        Assert.Equal(AlertState.Pending, Assert.Single(await second.AlertsForAsync(Slack, Ct)).State);
        Assert.Equal(PostgresSchema.Version, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));
    }

    [SkippableFact]
    public async Task Replicas_MigratingAtTheSameMoment_AllSucceed_AndMigrateOnce()
    {
        var replicas = Enumerable.Range(0, 6).Select(_ => Open()).ToList();
        // Each replica's first call migrates; started together they contend for the advisory lock.
        var empty = await Task.WhenAll(replicas.Select(r => Task.Run(() => r.IsEmptyAsync(Ct))));
        Assert.All(empty, Assert.True);
        Assert.Equal(PostgresSchema.Version, await ScalarAsync("SELECT COUNT(*) FROM schema_version;"));

        var subscribed = await Task.WhenAll(replicas.Select((r, i) => Task.Run(() => r.SubscribeAsync(Slack, "topic " + i, "U1", T0, Ct))));
        Assert.All(subscribed, Assert.True);
        Assert.Equal(6, (await replicas[0].SubscriptionsAsync(Slack, Ct)).Count);
    }

    [SkippableFact]
    public async Task Version2Database_IsUpgradedToTheCurrentVersion_KeepingItsData()
    {
        // A version-2 database as the previous build left it: its tables and data, without conversations.
        var old = Open();
        Assert.True(await old.SubscribeAsync(Slack, "tariffs", "U1", T0, Ct));
        await old.DisposeAsync();
        await ScalarAsync("DROP TABLE conversations; DELETE FROM schema_version WHERE version > 2; SELECT 0;");

        var upgraded = Open();
        var state = new PolicyBot.Core.Conversation.ConversationState("q", new HashSet<string> { "a1" }, [new("a1", "One.")], T0);
        await upgraded.RememberAsync("slack:C1:t1", state, Ct);

        Assert.Equal(PostgresSchema.Version, await ScalarAsync("SELECT MAX(version) FROM schema_version;"));
        Assert.Equal("q", (await upgraded.RecallAsync("slack:C1:t1", Ct))?.Question);
        Assert.Equal("tariffs", Assert.Single(await upgraded.SubscriptionsAsync(Slack, Ct)).Topic);
    }

    [SkippableFact]
    public async Task NewerSchemaVersion_IsRefused()
    {
        var store = Open();
        Assert.True(await store.IsEmptyAsync(Ct));
        await ScalarAsync("INSERT INTO schema_version (version) VALUES (99);");

        var newer = Open();
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => newer.IsEmptyAsync(Ct));
        Assert.Contains("99", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamesTheServer_NeverThePassword()
    {
        string described = PostgresDialect.Describe("Host=db.internal;Port=5433;Database=policybot;Username=bot;Password=s3cret-pw");
        Assert.Equal("Host=db.internal;Port=5433;Database=policybot;Username=bot", described);
        Assert.DoesNotContain("s3cret", described, StringComparison.Ordinal);
    }

    // ---- replica coordination ----

    [SkippableFact]
    public async Task TryClaimEvent_TenConcurrentCallersOnTwoReplicas_ExactlyOneWins()
    {
        var first = Open();
        var second = Open();
        var keep = TimeSpan.FromHours(1);
        for (int round = 0; round < 5; round++)
        {
            string key = "slack:event:Ev" + round;
            var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => Task.Run(() =>
                (n % 2 == 0 ? first : second).TryClaimEventAsync(key, T0, keep, Ct))));
            Assert.Single(results, r => r);
        }

        Assert.False(await first.TryClaimEventAsync("slack:event:Ev0", T0.AddMinutes(1), keep, Ct));
        Assert.True(await second.TryClaimEventAsync("discord:interaction:1", T0, keep, Ct));
    }

    [SkippableFact]
    public async Task TryLease_ConcurrentOwnersOfAFreeLease_ExactlyOneGetsIt()
    {
        var first = Open();
        var second = Open();
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(n => Task.Run(() =>
            (n % 2 == 0 ? first : second).TryLeaseAsync("feeds", "replica-" + n, T0, TimeSpan.FromMinutes(1), Ct))));
        Assert.Single(results, r => r);
    }

    [SkippableFact]
    public async Task LibraryChanges_ANotificationFromOneReplica_ReachesTheOthersListener()
    {
        var a = Open();
        var b = Open();
        using var stop = new CancellationTokenSource();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = b.ListenForLibraryChangesAsync((origin, _) =>
        {
            if (origin == "replica-a")
            {
                heard.TrySetResult(origin);
            }

            return Task.CompletedTask;
        }, stop.Token);

        Assert.Equal("replica-a", await NotifyUntilHeardAsync(a, "replica-a", heard.Task));

        await stop.CancelAsync();
        await listening.WaitAsync(Patience, Ct);
    }

    [SkippableFact]
    public async Task LibraryChanges_TheListenerReconnects_WhenItsConnectionIsKilled()
    {
        var a = Open();
        var b = Open();
        using var stop = new CancellationTokenSource();
        var first = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = b.ListenForLibraryChangesAsync((origin, _) =>
        {
            (origin == "before" ? first : origin == "after" ? second : null)?.TrySetResult(origin);
            return Task.CompletedTask;
        }, stop.Token);
        await NotifyUntilHeardAsync(a, "before", first.Task);

        Assert.True(await ScalarAsync("""
            SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'policybot-listen';
            """) >= 1);

        Assert.Equal("after", await NotifyUntilHeardAsync(a, "after", second.Task));
        Assert.False(listening.IsCompleted);
        await stop.CancelAsync();
        await listening.WaitAsync(Patience, Ct);
    }

    [SkippableFact]
    public async Task LibraryChanges_AFailingHandler_DoesNotStopTheListener()
    {
        var a = Open();
        var b = Open();
        using var stop = new CancellationTokenSource();
        var heard = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = b.ListenForLibraryChangesAsync((origin, _) =>
        {
            if (origin == "bad")
            {
                throw new InvalidOperationException("handler bug");
            }

            heard.TrySetResult(origin);
            return Task.CompletedTask;
        }, stop.Token);

        await a.NotifyLibraryChangedAsync("bad", Ct);
        Assert.Equal("good", await NotifyUntilHeardAsync(a, "good", heard.Task));
        Assert.False(listening.IsCompleted);
        await stop.CancelAsync();
        await listening.WaitAsync(Patience, Ct);
    }

    [SkippableFact]
    public async Task LibraryChanges_ListeningStops_WhenTheStoreIsDisposed()
    {
        var b = Open();
        var listening = b.ListenForLibraryChangesAsync((_, _) => Task.CompletedTask, Ct);
        await b.DisposeAsync();
        await listening.WaitAsync(Patience, Ct);
    }

    /// <summary>
    /// A notification sent before the listener has run LISTEN reaches no one, and the test cannot see that moment,
    /// so it notifies again until the listener reports it heard (or the patience runs out).
    /// </summary>
    private static async Task<string> NotifyUntilHeardAsync(SqlStore notifier, string origin, Task<string> heard)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (!heard.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            await notifier.NotifyLibraryChangedAsync(origin, Ct);
            await Task.WhenAny(heard, Task.Delay(TimeSpan.FromMilliseconds(200), Ct));
        }

        Assert.True(heard.IsCompleted, $"The listener did not hear '{origin}' within {Patience.TotalSeconds} s.");
        return await heard;
    }
}
