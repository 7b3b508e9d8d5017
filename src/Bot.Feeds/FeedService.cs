using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;

namespace PolicyBot.Feeds;

/// <summary>
/// Polls the feeds in <c>Articles:Feeds</c> every <c>Articles:FeedInterval</c>. New items become article files, and
/// the library is refreshed at once so alerts follow. A feed that keeps failing is logged each time and, after
/// <see cref="ReportAfter"/> failures in a row, announced once in every subscribed channel.
/// </summary>
public sealed class FeedService : BackgroundService
{
    public const int ReportAfter = 3;
    private readonly FeedPoller _poller;
    private readonly FeedOptions _options;
    private readonly ISubscriptionStore _subscriptions;
    private readonly Dictionary<string, IAlertSender> _senders;
    private readonly ArticleLibrary _library;
    private readonly IEnumerable<ILibraryChangeListener> _listeners;
    private readonly ArticleFolderWatcher? _watcher;
    private readonly IReplicaCoordination? _coordination;
    private readonly ReplicaIdentity? _self;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedService> _logger;

    /// <param name="watcher">The folder watcher when the folder is watched: new files are indexed through it, so its listeners hear of them.</param>
    /// <param name="coordination">With <paramref name="self"/>, the shared store of a fleet: replicas take turns with each feed.</param>
    public FeedService(
        FeedPoller poller,
        IOptions<FeedOptions> options,
        ISubscriptionStore subscriptions,
        IEnumerable<IAlertSender> senders,
        ArticleLibrary library,
        IEnumerable<ILibraryChangeListener> listeners,
        TimeProvider time,
        ILogger<FeedService> logger,
        ArticleFolderWatcher? watcher = null,
        IReplicaCoordination? coordination = null,
        ReplicaIdentity? self = null)
    {
        _poller = poller;
        _options = options.Value;
        _subscriptions = subscriptions;
        _senders = senders.ToDictionary(s => s.Platform, StringComparer.Ordinal);
        _library = library;
        _listeners = listeners;
        _watcher = watcher;
        _coordination = coordination;
        _self = self;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var feeds = _options.Feeds.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (feeds.Count == 0)
        {
            return;
        }

        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (string feed in feeds)
                {
                    await PollAsync(feed, stoppingToken);
                }

                await Task.Delay(_options.FeedInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown; the next start polls again with the saved validators.
        }
    }

    /// <summary>One poll of one feed, with its error boundary.</summary>
    public async Task<FeedPollResult?> PollAsync(string feed, CancellationToken ct)
    {
        // Replicas sharing a store take turns: the lease keeps one poller per feed, and lapses if its replica dies.
        if (_coordination is not null && _self is not null
            && !await _coordination.TryLeaseAsync("feed:" + feed, _self.Id, _time.GetUtcNow(), _options.FeedInterval, ct))
        {
            _logger.LogDebug("The feed {Feed} is polled by another replica this round", feed);
            return null;
        }

        FeedPollResult result;
        try
        {
            result = await _poller.PollAsync(feed, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Polling the feed {Feed} failed", feed);
            return null;
        }

        if (result.Status == FeedPollStatus.Failed)
        {
            _logger.LogWarning("The feed {Feed} failed ({Failures} in a row): {Error}", feed, result.ConsecutiveFailures, result.Error);
            if (result.ConsecutiveFailures == ReportAfter)
            {
                await ReportAsync(feed, result, ct);
            }

            return result;
        }

        if (result.WrittenFiles.Count > 0)
        {
            _logger.LogInformation("The feed {Feed} brought {Count} new article(s)", feed, result.WrittenFiles.Count);
            await IndexNowAsync(ct);
        }

        return result;
    }

    private async Task IndexNowAsync(CancellationToken ct)
    {
        if (_watcher is not null)
        {
            await _watcher.RefreshNowAsync(ct);
            return;
        }

        var changes = _library.Refresh(null, ct);
        if (!changes.IsEmpty)
        {
            foreach (var listener in _listeners)
            {
                await listener.OnLibraryChangedAsync(changes, ct);
            }
        }
    }

    /// <summary>Tells every subscribed channel, once per run of failures, that a feed is not being read.</summary>
    private async Task ReportAsync(string feed, FeedPollResult result, CancellationToken ct)
    {
        _logger.LogError("The feed {Feed} has failed {Failures} times in a row ({Error}); telling the subscribed channels", feed, result.ConsecutiveFailures, result.Error);
        var notice = new ErrorReply($"I could not read the feed {feed} {result.ConsecutiveFailures} times in a row ({result.Error}). Its new articles will arrive once it works again.");
        string key = "pb-feed-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(feed)))[..12];
        var subscriptions = await _subscriptions.SubscriptionsAsync(null, ct);
        foreach (var channel in subscriptions.Select(s => s.Channel).Distinct())
        {
            if (_senders.TryGetValue(channel.Platform, out var sender))
            {
                try
                {
                    await sender.SendAsync(channel, notice, key, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogWarning(ex, "Telling {Channel} about the failing feed failed", channel);
                }
            }
        }
    }
}
