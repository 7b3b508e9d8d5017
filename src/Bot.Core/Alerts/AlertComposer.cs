using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// Turns outbox rows into the neutral replies the platforms render: one alert (title, source, date, a three-sentence
/// cited summary, the link, and for topic subscriptions the sentence that matched), or a digest when a channel has
/// several at once.
/// </summary>
public sealed class AlertComposer
{
    public const int SummarySentences = 3;
    private readonly ArticleLibrary _library;
    private readonly Summarizer _summarizer;

    public AlertComposer(ArticleLibrary library)
    {
        _library = library;
        _summarizer = new Summarizer(library);
    }

    /// <summary>The alert for <paramref name="alert"/>, or null when its article is no longer in the collection.</summary>
    public Reply? Compose(OutboxAlert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (_library.LoadArticle(alert.ArticleId) is not { } article)
        {
            return null;
        }

        var matches = alert.MatchedSentence is { Length: > 0 } matched
            ? new[] { new Passage(matched, article.Info, alert.MatchedParagraph ?? 0, 1) }
            : Array.Empty<Passage>();
        return new AlertReply(article.Info, _summarizer.Summarize(article, SummarySentences), alert.Topic, matches);
    }

    /// <summary>One message for several alerts to the same channel: the articles, in the order they arrived.</summary>
    public Reply? ComposeDigest(IReadOnlyList<OutboxAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var articles = alerts.Select(a => _library.Find(a.ArticleId)).OfType<Articles.ArticleInfo>().DistinctBy(a => a.Id).ToList();
        return articles.Count == 0 ? null : new AlertDigestReply(articles);
    }
}
