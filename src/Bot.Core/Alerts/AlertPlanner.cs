using Microsoft.Extensions.Logging;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// Decides which channels hear about a new or changed article, and writes those alerts to the outbox in the same
/// transaction that records the article version (so a crash never records an article without its alerts, and a rescan,
/// restart or second replica never plans them twice). A channel subscribed to everything gets every article; a topic
/// subscription gets the article when the topic, asked as a question of that article alone, finds a confident passage
/// — the same relevance answers use — and that passage is shown in the alert.
/// </summary>
public sealed class AlertPlanner : ILibraryChangeListener
{
    private readonly ArticleLibrary _library;
    private readonly QuestionAnswerer _answerer;
    private readonly ISubscriptionStore _subscriptions;
    private readonly IArticleVersionStore _versions;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action? _planned;

    /// <param name="planned">Called after alerts were written (the dispatcher's wake-up).</param>
    public AlertPlanner(ArticleLibrary library, QuestionAnswerer answerer, ISubscriptionStore subscriptions, IArticleVersionStore versions, TimeProvider time, ILogger logger, Action? planned = null)
    {
        _library = library;
        _answerer = answerer;
        _subscriptions = subscriptions;
        _versions = versions;
        _time = time;
        _logger = logger;
        _planned = planned;
    }

    public async Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await PlanAsync(changes.Added.Concat(changes.Changed).ToList(), ct);
    }

    /// <summary>
    /// At start: on the very first run the collection is a baseline (recorded, no alerts); afterwards every article
    /// version not yet recorded — added while the bot was down — is planned now, so nothing is missed.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var articles = _library.Articles;
        if (await _versions.IsEmptyAsync(ct))
        {
            var versions = articles.Select(Version).OfType<ArticleVersion>().ToList();
            await _versions.RecordBaselineAsync(versions, _time.GetUtcNow(), ct);
            _logger.LogInformation("Recorded {Count} existing articles as the baseline for alerts", versions.Count);
            return 0;
        }

        return await PlanAsync(articles, ct);
    }

    /// <summary>Plans and records alerts for the versions of <paramref name="articles"/> not recorded yet; how many versions were new.</summary>
    public async Task<int> PlanAsync(IReadOnlyList<ArticleInfo> articles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(articles);
        if (articles.Count == 0)
        {
            return 0;
        }

        var subscriptions = await _subscriptions.SubscriptionsAsync(null, ct);
        int recorded = 0;
        int alerts = 0;
        foreach (var article in articles)
        {
            if (Version(article) is not { } version || await _versions.IsRecordedAsync(version.ArticleId, version.ContentHash, ct))
            {
                continue;
            }

            var planned = Plan(article, subscriptions, ct);
            if (await _versions.RecordArticleAsync(version, planned, _time.GetUtcNow(), ct))
            {
                recorded++;
                alerts += planned.Count;
            }
        }

        if (recorded > 0)
        {
            _logger.LogInformation("{Articles} new article version(s): {Alerts} alert(s) planned", recorded, alerts);
        }

        if (alerts > 0)
        {
            _planned?.Invoke();
        }

        return recorded;
    }

    /// <summary>The alerts <paramref name="article"/> earns: one per channel, with the matching passage for topic subscriptions.</summary>
    public IReadOnlyList<PlannedAlert> Plan(ArticleInfo article, IReadOnlyList<Subscription> subscriptions, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(subscriptions);
        var only = new HashSet<string>(StringComparer.Ordinal) { article.Id };
        var planned = new List<PlannedAlert>();
        foreach (var channel in subscriptions.GroupBy(s => s.Channel))
        {
            PlannedAlert? alert = null;
            foreach (var subscription in channel.Where(s => s.Topic is not null))
            {
                var answer = _answerer.AboutTopic(subscription.Topic!, 1, only, ct);
                if (answer.Answered && answer.Passages.Count > 0)
                {
                    alert = new PlannedAlert(channel.Key, subscription.Topic, answer.Passages[0].Text, answer.Passages[0].Paragraph);
                    break;
                }
            }

            if (alert is null && channel.Any(s => s.Topic is null))
            {
                alert = new PlannedAlert(channel.Key, null, null, null);
            }

            if (alert is not null)
            {
                planned.Add(alert);
            }
        }

        return planned;
    }

    private ArticleVersion? Version(ArticleInfo article) =>
        _library.ContentHash(article.Id) is { } hash ? new ArticleVersion(article.Id, hash, article.Title) : null;
}
