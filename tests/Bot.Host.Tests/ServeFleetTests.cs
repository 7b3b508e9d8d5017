using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using PolicyBot.Core.Alerts;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;
using PolicyBot.Storage;

namespace PolicyBot.Host.Tests;

/// <summary>
/// Two replicas of `policybot serve` on one article folder and one store — a SQLite file, and a PostgreSQL database
/// when <c>POLICYBOT_TEST_POSTGRES</c> names a server (skipped otherwise) — against one fake Slack that retries
/// deliveries onto the other replica.
/// </summary>
public sealed class ServeFleetTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "fleet-test-signing-secret";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempArticleFolder _folder = new();
    private readonly List<(CancellationTokenSource Stop, Task<int> Serving)> _replicas = new();
    private readonly List<HttpClient> _clients = new();
    private FakeSlackWebApi _slack = null!;
    private string? _postgresDatabase;

    private string Database => Path.Combine(_folder.Root, "fleet.db");

    private static string? PostgresServer => Environment.GetEnvironmentVariable("POLICYBOT_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>The storage settings for the replicas: the SQLite file, or a fresh PostgreSQL database of this test's own.</summary>
    private async Task<string[]> StorageAsync(string provider)
    {
        if (provider == "sqlite")
        {
            return new[] { $"--Storage:ConnectionString=Data Source={Database}" };
        }

        Skip.If(PostgresServer is null, "POLICYBOT_TEST_POSTGRES is not set: no PostgreSQL server for this test");
        _postgresDatabase = "pb_fleet_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync($"CREATE DATABASE \"{_postgresDatabase}\";");
        return new[] { "--Storage:Provider=Postgres", $"--Storage:ConnectionString={ConnectionString()}" };
    }

    private string ConnectionString() => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = _postgresDatabase }.ConnectionString;

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private SqlStore OpenStore() => _postgresDatabase is null ? SqlStore.ForSqlite($"Data Source={Database}") : SqlStore.ForPostgres(ConnectionString());

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _slack = await FakeSlackWebApi.StartAsync();
        _slack.EnforceChannelRate = false;
    }

    public async Task DisposeAsync()
    {
        foreach (var (stop, serving) in _replicas)
        {
            await stop.CancelAsync();
            await serving;
            stop.Dispose();
        }

        await _slack.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE);");
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _folder.Dispose();
    }

    /// <summary>Starts a replica and returns its base URL once it answers /healthz.</summary>
    private async Task<Uri> StartReplicaAsync(string name, string[] storage)
    {
        int port = HostTestSupport.FreePort();
        var args = new List<string>
        {
            "serve", "--articles", _folder.Articles, "--Articles:IndexPath=memory", "--Answers:Semantic=false",
            "--Slack:Enabled=true", $"--Slack:BotToken={_slack.BotToken}", $"--Slack:SigningSecret={Secret}", $"--Slack:ApiBaseUrl={_slack.BaseUrl}",
            $"--Http:Urls=http://127.0.0.1:{port}", $"--Fleet:ReplicaId={name}",
            "--Alerts:ChannelInterval=00:00:00", "--Articles:WatchSettle=00:00:00.200", "--Articles:RescanInterval=00:00:01",
        };
        args.AddRange(storage);
        var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _replicas.Add((stop, PolicyBotCli.RunAsync(args.ToArray(), TextWriter.Null, new StringWriter(), stop.Token)));
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _clients.Add(client);
        Assert.True(await HostTestSupport.WaitForHealthAsync(client), $"replica {name} did not start");
        return client.BaseAddress;
    }

    private static async Task UntilAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    private static JsonObject Mention(string text, string ts) => new()
    {
        ["type"] = "app_mention", ["user"] = "U0000ALICE", ["text"] = "<@UBOT00001> " + text, ["ts"] = ts, ["channel"] = "C0000GENERAL", ["event_ts"] = ts,
    };

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task RetryLandingOnTheOtherReplica_IsNotAnsweredTwice(string provider)
    {
        var storage = await StorageAsync(provider);
        var a = await StartReplicaAsync("r1", storage);
        var b = await StartReplicaAsync("r2", storage);
        _slack.EventsTarget = (new Uri(a, "slack/events"), Secret);
        _slack.EventsReplicas = new[] { new Uri(a, "slack/events"), new Uri(b, "slack/events") };

        // Replica 1 answers but Slack does not see its ack in time: the retry goes to replica 2.
        _slack.LoseAcks("EvFleet1", 1);
        await _slack.DeliverEventAsync(Mention("What does Tesla plan to build in Nevada?", "1700000200.000100"), "EvFleet1");
        await UntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == "1700000200.000100"), "the answer");

        // A later question answered proves both replicas have finished with the first one.
        await _slack.DeliverEventAsync(Mention("What did Trudeau agree to import?", "1700000201.000100"), "EvFleet2");
        await UntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == "1700000201.000100"), "the second answer");

        Assert.Equal(2, _slack.Deliveries.Count(d => d.EventId == "EvFleet1"));
        Assert.Single(_slack.Posted, p => p.ThreadTs == "1700000200.000100");
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task NewArticle_IsAlertedOnceByTwoReplicasAndAnsweredByBoth(string provider)
    {
        var storage = await StorageAsync(provider);
        await StartReplicaAsync("r1", storage);
        await StartReplicaAsync("r2", storage);
        var store = OpenStore();
        try
        {
            await store.SubscribeAsync(new ChannelRef("slack", "C0000GENERAL"), null, "U0000ALICE", DateTimeOffset.UtcNow, CancellationToken.None);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        _folder.Write("fleet/steel.md", "---\ntitle: \"EU tightens steel quotas\"\nsource: \"Daily Ledger\"\n---\nThe EU cut steel import quotas by 15 percent in March, the commissioner said.\n\nProducers welcomed the decision.\n");
        await UntilAsync(() => _slack.Posted.Any(p => p.Text.Contains("EU tightens steel quotas", StringComparison.Ordinal)), "the alert");

        foreach (var client in _clients)
        {
            using var asked = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.True(asked.IsSuccessStatusCode);
        }

        // Both replicas have indexed it: each answers a question about it from its own index.
        _slack.EventsTarget = (new Uri(_clients[0].BaseAddress!, "slack/events"), Secret);
        _slack.EventsReplicas = null;
        await _slack.DeliverEventAsync(Mention("By how much did the EU cut steel import quotas?", "1700000300.000100"), "EvFleet3");
        _slack.EventsTarget = (new Uri(_clients[1].BaseAddress!, "slack/events"), Secret);
        await _slack.DeliverEventAsync(Mention("By how much did the EU cut steel import quotas?", "1700000301.000100"), "EvFleet4");
        await UntilAsync(() => _slack.Posted.Count(p => p.ThreadTs is "1700000300.000100" or "1700000301.000100") == 2, "both answers");

        Assert.Single(_slack.Posted, p => p.Text.Contains("EU tightens steel quotas", StringComparison.Ordinal) && p.Text.StartsWith("New article", StringComparison.Ordinal));
        Assert.All(_slack.Posted.Where(p => p.ThreadTs is "1700000300.000100" or "1700000301.000100"), p => Assert.Contains("15 percent", p.Text, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task ArticleIndexedByOneReplica_ReachesAnotherThatNeitherWatchesNorRescans_ThroughNotify()
    {
        var storage = await StorageAsync("postgres");
        var a = await StartReplicaAsync("r1", storage);
        // Replica 2 hears of new files only from the others: no file-system events, and its rescan is an hour away.
        var b = await StartReplicaAsync("r2", storage.Concat(new[] { "--Articles:WatchEvents=false", "--Articles:RescanInterval=01:00:00" }).ToArray());

        _slack.EventsReplicas = null;
        _slack.EventsTarget = (new Uri(b, "slack/events"), Secret);

        // The library opens on first use: a first question makes replica 2 read the folder before the article exists.
        await _slack.DeliverEventAsync(Mention("What does Tesla plan to build in Nevada?", "1700000399.000001"), "EvNotify0");
        await UntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == "1700000399.000001"), "the first answer");

        _folder.Write("fleet/wheat.md", "---\ntitle: \"Record wheat harvest in Argentina\"\n---\nWheat exports from Argentina rose by a fifth this season, traders in Rosario said.\n");
        var deadline = DateTime.UtcNow + Wait;
        int asked = 0;
        while (!_slack.Posted.Any(p => p.Text.Contains("Rosario", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "replica 2 never answered from the new article");
            string ts = $"1700000400.{++asked:D6}";
            await _slack.DeliverEventAsync(Mention("By how much did wheat exports from Argentina rise?", ts), "EvNotify" + asked);
            await UntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == ts), "an answer");
        }

        _ = a;
    }

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AlertClaimedByAReplicaThatDied_IsSentOnceByTheOthers(string provider)
    {
        var storage = await StorageAsync(provider);
        await StartReplicaAsync("r1", storage);
        await StartReplicaAsync("r2", storage);

        // A third replica claimed an alert three minutes ago and was killed before posting it.
        var store = OpenStore();
        try
        {
            var channel = new ChannelRef("slack", "C0000GENERAL");
            var seedId = Path.GetFileNameWithoutExtension(Directory.GetFiles(_folder.Articles).Single()).ToLowerInvariant();
            var claimedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
            await store.RecordArticleAsync(new ArticleVersion(seedId, "claimed-by-a-dead-replica", "seed"), new[] { new PlannedAlert(channel, null, null, null) }, claimedAt, CancellationToken.None);
            Assert.Single(await store.ClaimDueAsync(claimedAt, 10, CancellationToken.None));

            await UntilAsync(() => _slack.Posted.Any(p => p.Text.StartsWith("New article", StringComparison.Ordinal)), "the alert taken over");
            await UntilAsync(() => store.OutboxDepthAsync(CancellationToken.None).GetAwaiter().GetResult() == 0, "the alert recorded as sent");
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }

        Assert.Single(_slack.Posted, p => p.Text.StartsWith("New article", StringComparison.Ordinal));
    }
}
