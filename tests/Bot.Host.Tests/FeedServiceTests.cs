using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Feeds;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.Storage;

namespace PolicyBot.Host.Tests;

public sealed class FeedServiceTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task FailingFeed_IsLoggedEachTimeAndToldToSubscribedChannelsOnce()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        string feed = $"http://127.0.0.1:{closedPort}/feed.xml";
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        using var store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        await store.SubscribeAsync(ShellAlertSender.Channel, null, "me", DateTimeOffset.UtcNow, CancellationToken.None);
        var options = new ArticleOptions { Path = _folder.Articles, Feeds = { feed }, AllowPrivateNetworks = true, FeedTimeout = TimeSpan.FromSeconds(5) };
        using var http = new SafeHttp(options);
        var output = new StringWriter();
        using var services = new ServiceCollection().BuildServiceProvider();
        var service = new FeedService(new FeedPoller(store, http, options), Options.Create(options), store, new IAlertSender[] { new ShellAlertSender(output) }, library, services, TimeProvider.System, NullLogger<FeedService>.Instance);

        var results = new List<FeedPollResult?>();
        for (int i = 0; i < FeedService.ReportAfter + 2; i++)
        {
            results.Add(await service.PollAsync(feed, CancellationToken.None));
        }

        Assert.All(results, r => Assert.Equal(FeedPollStatus.Failed, r!.Status));
        Assert.Equal(FeedService.ReportAfter + 2, results[^1]!.ConsecutiveFailures);
        string told = output.ToString();
        Assert.Contains($"I could not read the feed {feed} {FeedService.ReportAfter} times in a row", told, StringComparison.Ordinal);
        Assert.Equal(1, told.Split("could not read the feed").Length - 1);
    }

    [Fact]
    public async Task TwoReplicas_PollAFeedOneAtATime()
    {
        string feed = $"http://127.0.0.1:{HostTestSupport.FreePort()}/feed.xml"; // nobody listens: each poll that runs fails
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        using var store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        var options = new ArticleOptions { Path = _folder.Articles, Feeds = { feed }, AllowPrivateNetworks = true, FeedTimeout = TimeSpan.FromSeconds(5) };
        using var http = new SafeHttp(options);
        FeedService Replica(string id, ServiceProvider services) =>
            new(new FeedPoller(store, http, options), Options.Create(options), store, Array.Empty<IAlertSender>(), library, services, TimeProvider.System, NullLogger<FeedService>.Instance);
        using var one = new ServiceCollection().AddSingleton<IReplicaCoordination>(store).AddSingleton(ReplicaIdentity.Create("r1")).BuildServiceProvider();
        using var two = new ServiceCollection().AddSingleton<IReplicaCoordination>(store).AddSingleton(ReplicaIdentity.Create("r2")).BuildServiceProvider();

        var first = await Replica("r1", one).PollAsync(feed, CancellationToken.None);
        var second = await Replica("r2", two).PollAsync(feed, CancellationToken.None);
        var firstAgain = await Replica("r1", one).PollAsync(feed, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second); // r1 holds the lease for this interval
        Assert.NotNull(firstAgain); // the holder renews it
        Assert.Equal(2, (await store.GetFeedStateAsync(feed, CancellationToken.None))!.ConsecutiveFailures);
    }
}
