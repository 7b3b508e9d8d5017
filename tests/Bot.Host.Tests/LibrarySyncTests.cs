using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Search;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

/// <summary>
/// The listening half of the replicas' library sync in the real container, with only the store's notification channel
/// replaced. With the watcher on, the PostgreSQL fleet tests (ServeFleetTests) cover it end to end; without one, the
/// sync refreshes the library itself.
/// </summary>
public sealed class LibrarySyncTests : IDisposable
{
    private const string NewArticle = "---\ntitle: \"Record wheat harvest in Argentina\"\n---\nWheat exports from Argentina rose by a fifth this season, traders in Rosario said.\n";
    private readonly TempArticleFolder _folder = new();
    private readonly ScriptedCoordination _shared = new();

    public LibrarySyncTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AnnouncementFromAnotherReplica_WithTheWatcherOff_RefreshesTheLibrary()
    {
        using var host = BotHost.Build(
            new[]
            {
                $"--Articles:IndexPath={_folder.IndexPath}", "--Articles:Watch=false", "--Answers:Semantic=false",
                $"--Storage:ConnectionString=Data Source={Path.Combine(_folder.Root, "alerts.db")}",
            },
            _folder.Articles, new HostMode(Shell: false, LogLevel.Warning, LogProgress: true), TextWriter.Null,
            services => services.AddSingleton<IReplicaCoordination>(_shared));
        var library = await host.Services.GetRequiredService<LibraryStartup>().OpenAsync(CancellationToken.None);
        Assert.Null(host.Services.GetService<PolicyBot.Core.Articles.ArticleFolderWatcher>());
        var sync = host.Services.GetServices<IHostedService>().OfType<LibrarySyncService>().Single();
        int before = library.Articles.Count;

        await sync.StartAsync(CancellationToken.None);
        try
        {
            _folder.Write("fleet/wheat.md", NewArticle);
            // This replica's own announcement is an echo of a change it has indexed already: nothing to do.
            await _shared.AnnounceAsync(host.Services.GetRequiredService<ReplicaIdentity>().InstanceId);
            Assert.Equal(before, library.Articles.Count);

            await _shared.AnnounceAsync("another-replica");
            Assert.Equal(before + 1, library.Articles.Count);
            Assert.Contains(library.Articles, a => a.Title == "Record wheat harvest in Argentina");
        }
        finally
        {
            await sync.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>A store's notification channel that the test drives: each announcement is handled before it returns.</summary>
    private sealed class ScriptedCoordination : IReplicaCoordination
    {
        private readonly TaskCompletionSource<(Func<string, CancellationToken, Task> OnChange, CancellationToken Ct)> _listener =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct) => Task.FromResult(true);

        public Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct) => Task.FromResult(true);

        public Task NotifyLibraryChangedAsync(string origin, CancellationToken ct) => Task.CompletedTask;

        public async Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct)
        {
            _listener.TrySetResult((onChange, ct));
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        /// <summary>Another replica's (or this one's) announcement, handled by the listening service before this returns.</summary>
        public async Task AnnounceAsync(string origin)
        {
            var (onChange, ct) = await _listener.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await onChange(origin, ct);
        }
    }
}
