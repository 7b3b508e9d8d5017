namespace PolicyBot.Core.Alerts;

/// <summary>The article versions already seen, so a rescan, a restart or a second replica never plans an alert twice. Every method is safe to call from several threads, and each call is its own transaction unless it says otherwise.</summary>
public interface IArticleVersionStore
{
    /// <summary>True when this article version (id and content hash) has been recorded before.</summary>
    Task<bool> IsRecordedAsync(string articleId, string contentHash, CancellationToken ct);

    /// <summary>True when no article was ever recorded: the first start, whose collection is a baseline, not news.</summary>
    Task<bool> IsEmptyAsync(CancellationToken ct);

    /// <summary>Records article versions without alerts (the collection present at the first start).</summary>
    Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// In one transaction: records the article version and writes one outbox row per planned alert (at most one per
    /// channel). False, and nothing written, when this version was recorded before — so a rescan, a restart or a second
    /// replica never plans an alert twice.
    /// </summary>
    Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct);
}
