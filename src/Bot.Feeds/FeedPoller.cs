using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;

namespace PolicyBot.Feeds;

/// <summary>How a poll went.</summary>
public enum FeedPollStatus
{
    /// <summary>The server said 304: nothing changed since the last poll.</summary>
    NotModified,

    /// <summary>The feed was read and every new item written.</summary>
    Ok,

    /// <summary>The feed could not be fetched or read, or an item could not be written; see <see cref="FeedPollResult.Error"/>.</summary>
    Failed,
}

/// <summary>The outcome of one poll: the article files written, how many items the feed had and how many were new.</summary>
public sealed record FeedPollResult(
    string FeedUrl,
    FeedPollStatus Status,
    IReadOnlyList<string> WrittenFiles,
    int ItemCount,
    int NewItemCount,
    int ConsecutiveFailures,
    string? Error);

/// <summary>
/// Polls one RSS/Atom feed and turns each item it has not seen into an article file under
/// <c>feeds/&lt;feed-host&gt;/</c> in the article folder, exactly once: the folder watcher does the rest (index, alerts).
/// </summary>
public sealed class FeedPoller
{
    /// <summary>Item text shorter than this (after HTML stripping) is a teaser: the linked page is read instead.</summary>
    public const int TeaserThreshold = 400;

    private const string PendingSuffix = ".pending";

    private readonly IFeedStateStore _store;
    private readonly SafeHttp _http;
    private readonly string _articleFolder;
    private readonly long _maxFeedBytes;
    private readonly long _maxPageBytes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="articleFolder">The article folder (Core's <c>ArticleOptions.ResolveFolder()</c>); items are written under its <c>feeds/</c>.</param>
    public FeedPoller(IFeedStateStore store, SafeHttp http, FeedOptions options, string articleFolder, ILogger<FeedPoller>? logger = null, TimeProvider? time = null)
    {
        _store = store;
        _http = http;
        _articleFolder = articleFolder;
        _maxFeedBytes = options.MaxFeedBytes;
        _maxPageBytes = options.MaxPageBytes;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public async Task<FeedPollResult> PollAsync(string feedUrl, CancellationToken ct)
    {
        feedUrl = feedUrl.Trim();
        var state = await _store.GetFeedStateAsync(feedUrl, ct) ?? new FeedState(feedUrl, null, null, null, 0, null);
        var written = new List<string>();
        int itemCount = 0;
        try
        {
            if (!Uri.TryCreate(feedUrl, UriKind.Absolute, out var url))
            {
                throw new SafeHttpException($"'{feedUrl}' is not an absolute URL");
            }

            var response = await _http.GetAsync(url, _maxFeedBytes, state.ETag, state.LastModified, ct);
            if (response.Status == HttpStatusCode.NotModified)
            {
                await SaveAsync(state with { LastPolledAt = _time.GetUtcNow(), ConsecutiveFailures = 0, LastError = null }, ct);
                return new FeedPollResult(feedUrl, FeedPollStatus.NotModified, written, 0, 0, 0, null);
            }

            if (!response.IsSuccess)
            {
                throw new SafeHttpException($"{feedUrl} answered {(int)response.Status} {response.Status}");
            }

            var parsed = FeedParser.Parse(response.Body);
            if (parsed.Feed is not { } feed)
            {
                throw new SafeHttpException($"{feedUrl}: {parsed.Error}");
            }

            itemCount = feed.Items.Count;
            string folder = Path.Combine(_articleFolder, "feeds", ArticleFileWriter.HostSlug(url.Host));
            string source = feed.Title ?? url.Host;
            var done = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in InProcessingOrder(feed.Items))
            {
                ct.ThrowIfCancellationRequested();
                if (done.Add(item.Key) && await ProcessAsync(feedUrl, folder, source, response.FinalUrl, item, ct) is { } path)
                {
                    written.Add(path);
                }
            }

            // Validators are saved only now that every item is on disk: saving them earlier would turn the next poll
            // into a 304 and lose the items a failure left unwritten.
            await SaveAsync(new FeedState(feedUrl, response.ETag, response.LastModified, _time.GetUtcNow(), 0, null), ct);
            return new FeedPollResult(feedUrl, FeedPollStatus.Ok, written, itemCount, written.Count, 0, null);
        }
        catch (Exception ex) when (ex is SafeHttpException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            int failures = state.ConsecutiveFailures + 1;
            string error = ex is SafeHttpException ? ex.Message : $"{feedUrl}: {ex.Message}";
            _logger.LogWarning("Feed {Feed} failed ({Failures} in a row): {Error}", feedUrl, failures, error);
            await SaveAsync(state with { LastPolledAt = _time.GetUtcNow(), ConsecutiveFailures = failures, LastError = error }, ct);
            return new FeedPollResult(feedUrl, FeedPollStatus.Failed, written, itemCount, written.Count, failures, error);
        }
    }

    private Task SaveAsync(FeedState state, CancellationToken ct) => _store.SaveFeedStateAsync(state, ct);

    /// <summary>Oldest first when every item has a date (alerts then arrive in publication order), else document order.</summary>
    internal static IEnumerable<FeedItem> InProcessingOrder(IReadOnlyList<FeedItem> items) =>
        items.All(i => i.Published is not null)
            ? items.Select((item, index) => (item, index)).OrderBy(x => x.item.Published).ThenBy(x => x.index).Select(x => x.item)
            : items;

    /// <summary>
    /// Writes one item's article unless it was handled before; returns the path written, or null.
    /// <para>
    /// The order makes a crash lose nothing and duplicate nothing, with a store that can only "mark seen and say whether
    /// it was new":
    /// 1. If a file for this key is already in the folder, the item is done; it is marked seen (again, harmlessly) in case
    ///    a crash came between its write and its mark.
    /// 2. Otherwise a ".&lt;hash&gt;.pending" note holding the key is written first (hidden, not an article), and only then
    ///    is the item marked seen. If it was seen before (its file since deleted by someone), the note is removed and
    ///    nothing is written: a deleted article stays deleted, and no page is fetched for it.
    /// 3. A new item's article is written (atomically), then the note is removed.
    /// A crash after 2's mark but before 3 leaves the note: the next poll finds it and writes the item even though the
    /// store now says "seen". (One poller per feed at a time: a second one would read the first one's note as a crash's.) Seen items cost one file lookup and one store call per
    /// poll, never a page fetch.
    /// </para>
    /// </summary>
    private async Task<string?> ProcessAsync(string feedUrl, string folder, string source, Uri feedBase, FeedItem item, CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (ArticleFileWriter.FindWritten(folder, item.Key) is not null)
        {
            await _store.MarkFeedItemSeenAsync(feedUrl, item.Key, now, ct);
            return null;
        }

        // A note already there was left by a poll that crashed after marking this item: its mark says nothing.
        string pending = PendingPath(folder, item.Key);
        bool recovering = File.Exists(pending);
        if (!recovering)
        {
            await ArticleFileWriter.WriteAtomicAsync(pending, item.Key, ct);
        }

        bool isNew = await _store.MarkFeedItemSeenAsync(feedUrl, item.Key, now, ct);
        if (!isNew && !recovering)
        {
            File.Delete(pending);
            return null;
        }

        var draft = await BuildDraftAsync(source, feedBase, item, ct);
        string? path = null;
        if (draft is not null)
        {
            string markdown = ArticleFileWriter.ToMarkdown(draft);
            // The watcher would report a file the parser refuses as broken; better to say so here, once, with the item.
            var check = MarkdownArticleParser.Parse("feed-item", markdown, null, now);
            if (!check.Succeeded)
            {
                _logger.LogWarning("Feed item {Key} does not make a readable article ({Error}); not written", item.Key, check.Error);
                File.Delete(pending);
                return null;
            }

            string fileName = $"{(item.Published ?? now):yyyy-MM-dd}-{ArticleFileWriter.Slug(draft.Title)}-{ArticleFileWriter.ShortHash(item.Key)}.md";
            path = ArticleFileWriter.FreePath(Path.Combine(folder, fileName));
            await ArticleFileWriter.WriteAtomicAsync(path, markdown, ct);
            _logger.LogInformation("Feed {Feed}: wrote {Path}", feedUrl, path);
        }

        File.Delete(pending);
        return path;
    }

    internal static string PendingPath(string folder, string key) =>
        Path.Combine(folder, $".{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant()}{PendingSuffix}");

    /// <summary>
    /// The article for an item: its own content when that is a real article, else the linked page's main content, else
    /// whatever the item says. Null when there is no text at all (a title-only item is not an article).
    /// </summary>
    private async Task<ArticleDraft?> BuildDraftAsync(string source, Uri feedBase, FeedItem item, CancellationToken ct)
    {
        string? link = ResolveLink(feedBase, item.Link);
        string? html = HtmlText.TextLength(item.ContentHtml) >= HtmlText.TextLength(item.SummaryHtml) ? item.ContentHtml : item.SummaryHtml;
        var blocks = html is null ? new List<TextBlock>() : HtmlText.ToBlocks(html).ToList();
        int length = blocks.Where(b => !b.IsHeading).Sum(b => b.Text.Length);
        string? title = item.Title is null ? null : HtmlText.ToPlainText(item.Title) is { Length: > 0 } t ? t : null;
        string? author = item.Author;
        DateTimeOffset? published = item.Published;

        if (length < TeaserThreshold && link is not null)
        {
            try
            {
                var response = await _http.GetAsync(new Uri(link), _maxPageBytes, ct);
                if (!response.IsSuccess)
                {
                    throw new SafeHttpException($"{link} answered {(int)response.Status} {response.Status}");
                }

                var page = HtmlText.ExtractPage(response.Text());
                if (page.TextLength > length)
                {
                    blocks = page.Blocks.ToList();
                    title ??= page.Title;
                    author ??= page.Author;
                    published ??= page.Published;
                }
            }
            catch (Exception ex) when (ex is SafeHttpException or HttpRequestException)
            {
                _logger.LogWarning("Could not read the page of feed item {Link}; keeping the item's own text: {Error}", link, ex.Message);
            }
        }

        if (!blocks.Any(b => !b.IsHeading))
        {
            _logger.LogWarning("Feed item {Key} has no text; no article written", item.Key);
            return null;
        }

        if (title is null)
        {
            // An untitled item (allowed in RSS) is named after its first words, as a reader would.
            string first = blocks.First(b => !b.IsHeading).Text;
            title = first.Length > 80 ? first[..80].TrimEnd() + "…" : first;
        }

        return new ArticleDraft(title, author, source, link, published, blocks, item.Key);
    }

    private static string? ResolveLink(Uri feedBase, string? link)
    {
        if (string.IsNullOrWhiteSpace(link) || !Uri.TryCreate(feedBase, link.Trim(), out var uri))
        {
            return null;
        }

        return uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps ? uri.ToString() : null;
    }
}
