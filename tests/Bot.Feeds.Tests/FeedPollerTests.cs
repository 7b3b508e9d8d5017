using System.Net;
using System.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Feeds.Tests;

public sealed class FeedPollerTests : IAsyncLifetime, IDisposable
{
    private static readonly string LongText =
        "The regional transport authority confirmed on Tuesday that the northern rail corridor will close for six weeks " +
        "this summer while engineers replace two bridges and resurface the track between the harbour and the airport. " +
        "Replacement buses will run every ten minutes at peak times, and season tickets will be extended by the length " +
        "of the closure. Business groups welcomed the early notice but asked for freight paths to be kept open at night.";

    private readonly TempFolder _folder = new();
    private readonly InMemoryFeedStore _store = new();
    private FeedTestServer _server = null!;
    private ServiceProvider _services = null!;
    private SafeHttp _http = null!;
    private FeedPoller _poller = null!;

    public async Task InitializeAsync()
    {
        _server = await FeedTestServer.StartAsync();
        var options = Options();
        _services = FeedTestServices.FromOptions(options);
        _http = _services.GetRequiredService<SafeHttp>();
        _poller = Poller(_store, _http, options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _services.Dispose();
        _folder.Dispose();
    }

    private static FeedOptions Options(bool allowPrivate = true, long maxFeedBytes = 100_000) =>
        new() { AllowPrivateNetworks = allowPrivate, MaxFeedBytes = maxFeedBytes, MaxPageBytes = 100_000 };

    private FeedPoller Poller(IFeedStateStore store, SafeHttp http, FeedOptions options) => new(store, http, options, _folder.Path);

    private static string Item(string? guid, string title, string? link, string? pubDate, string? body) =>
        "<item>" +
        $"<title>{SecurityElement.Escape(title)}</title>" +
        (link is null ? "" : $"<link>{link}</link>") +
        (guid is null ? "" : $"<guid isPermaLink=\"false\">{guid}</guid>") +
        (pubDate is null ? "" : $"<pubDate>{pubDate}</pubDate>") +
        (body is null ? "" : $"<description><![CDATA[{body}]]></description>") +
        "</item>";

    private static string Rss(params string[] items) =>
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Transit Wire</title><link>https://transit.example/</link>" +
        string.Concat(items) + "</channel></rss>";

    private static Article ParseFile(string path)
    {
        var result = MarkdownArticleParser.Parse("t", File.ReadAllText(path), path, DateTimeOffset.UnixEpoch);
        Assert.True(result.Succeeded, result.Error);
        return result.Article!;
    }

    private List<string> ArticleFiles() =>
        ArticleLoader.ListFiles(_folder.Path).Select(f => f.RelativePath).ToList();

    [Fact]
    public async Task Poll_WritesOneParseableFilePerItem_OldestFirst_DuplicatesAndRepeatsOnce()
    {
        string feed = Rss(
            Item("b-2", "Second: bridges \"replaced\" #2", "https://transit.example/b", "Wed, 04 Mar 2026 12:00:00 +0100", $"<p>{LongText}</p><p>Second story.</p>"),
            Item("a-1", "First story", "https://transit.example/a", "Tue, 03 Mar 2026 08:00:00 GMT", $"<p>{LongText}</p>"),
            Item("b-2", "Second again", "https://transit.example/b", "Wed, 04 Mar 2026 12:00:00 +0100", "<p>Duplicate.</p>"));
        _server.MapText("/feed.xml", "application/rss+xml", feed);
        string url = _server.Url("/feed.xml").ToString();

        var first = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Equal(FeedPollStatus.Ok, first.Status);
        Assert.Equal(3, first.ItemCount);
        Assert.Equal(2, first.NewItemCount);
        Assert.Equal(2, first.WrittenFiles.Count);
        string firstFile = Path.GetRelativePath(_folder.Path, first.WrittenFiles[0]).Replace('\\', '/');
        Assert.Matches(@"^feeds/127-0-0-1/2026-03-03-first-story-[0-9a-f]{8}\.md$", firstFile);
        Assert.Matches(@"2026-03-04-second-bridges-replaced-2-[0-9a-f]{8}\.md$", first.WrittenFiles[1]);

        var a = ParseFile(first.WrittenFiles[0]).Info;
        Assert.Equal("First story", a.Title);
        Assert.Equal("https://transit.example/a", a.Url);
        Assert.Equal("Transit Wire", a.Source);
        Assert.Equal("2026-03-03T08:00:00+00:00", a.Published);
        var b = ParseFile(first.WrittenFiles[1]);
        Assert.Equal("Second: bridges \"replaced\" #2", b.Info.Title);
        Assert.Equal("2026-03-04T12:00:00+01:00", b.Info.Published);
        Assert.Equal(new[] { LongText, "Second story." }, b.TextParagraphs.Select(p => b.TextOf(p.Span)));

        var second = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Equal(FeedPollStatus.Ok, second.Status);
        Assert.Equal(0, second.NewItemCount);
        Assert.Empty(second.WrittenFiles);
        Assert.Equal(2, ArticleFiles().Count);
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".*", SearchOption.AllDirectories)); // no notes, no temp files
        Assert.Equal(2, _store.Seen.Count);
    }

    [Fact]
    public async Task Poll_SendsSavedValidators_And304MeansNothingNew()
    {
        const string ETag = "\"v1\"";
        const string LastModified = "Tue, 03 Mar 2026 08:00:00 GMT";
        _server.Map("/feed.xml", async context =>
        {
            if (context.Request.Headers.IfNoneMatch == ETag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            context.Response.Headers.ETag = ETag;
            context.Response.Headers.LastModified = LastModified;
            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Rss(Item("a-1", "First story", null, null, LongText)));
        });
        string url = _server.Url("/feed.xml").ToString();

        var first = await _poller.PollAsync(url, CancellationToken.None);
        var second = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Equal(FeedPollStatus.Ok, first.Status);
        Assert.Single(first.WrittenFiles);
        Assert.Equal(FeedPollStatus.NotModified, second.Status);
        Assert.Empty(second.WrittenFiles);
        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].IfNoneMatch);
        Assert.Null(requests[0].IfModifiedSince);
        Assert.Equal(ETag, requests[1].IfNoneMatch);
        Assert.Equal(LastModified, requests[1].IfModifiedSince);
        Assert.Equal(SafeHttp.UserAgent, requests[1].UserAgent);
        var state = await _store.GetFeedStateAsync(url, CancellationToken.None);
        Assert.Equal(ETag, state!.ETag);
        Assert.Equal(0, state.ConsecutiveFailures);
    }

    [Fact]
    public async Task Poll_TeaserItem_FetchesTheLinkedPage_AndKeepsItsMainContent()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Payload.Text("rss-teaser.xml").Replace("{base}", _server.Base, StringComparison.Ordinal));
        _server.MapText("/stories/grain", "text/html; charset=utf-8", Payload.Text("page-article.html"));

        var result = await _poller.PollAsync(_server.Url("/feed.xml").ToString(), CancellationToken.None);

        string path = Assert.Single(result.WrittenFiles);
        var article = ParseFile(path);
        Assert.Equal("Grain exports slow as river levels fall", article.Info.Title);
        Assert.Equal("Prairie Ledger", article.Info.Source);
        Assert.Equal(_server.Base + "/stories/grain", article.Info.Url);
        Assert.Equal("2026-03-01T06:45:00+00:00", article.Info.Published);
        Assert.StartsWith("Barges carrying wheat down the river", article.Body, StringComparison.Ordinal);
        Assert.Contains(article.Paragraphs, p => p.Kind == ParagraphKind.Heading && article.TextOf(p.Span) == "Rail as a stopgap");
        Assert.DoesNotContain("subscribe", article.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rights reserved", article.Body, StringComparison.Ordinal);
        Assert.Contains(_server.Requests, r => r.Path == "/stories/grain");
    }

    [Fact]
    public async Task Poll_TeaserWhosePageFails_KeepsTheItemsOwnText()
    {
        _server.MapText("/feed.xml", "application/rss+xml",
            Rss(Item("t-1", "Short note", _server.Base + "/gone", null, "<p>Ferries run on the winter timetable from 1 November.</p>")));

        var result = await _poller.PollAsync(_server.Url("/feed.xml").ToString(), CancellationToken.None);

        Assert.Equal(FeedPollStatus.Ok, result.Status);
        var article = ParseFile(Assert.Single(result.WrittenFiles));
        Assert.Equal("Ferries run on the winter timetable from 1 November.", article.Body);
    }

    [Fact]
    public async Task Poll_Failures_AreCounted_ThenResetBySuccess_AndKeepOldValidators()
    {
        bool broken = true;
        _server.Map("/feed.xml", async context =>
        {
            if (broken)
            {
                context.Response.StatusCode = 500;
                return;
            }

            context.Response.ContentType = "application/rss+xml";
            await context.Response.WriteAsync(Rss(Item("a-1", "First story", null, null, LongText)));
        });
        string url = _server.Url("/feed.xml").ToString();
        await _store.SaveFeedStateAsync(new FeedState(url, "\"old\"", null, null, 0, null), CancellationToken.None);

        var one = await _poller.PollAsync(url, CancellationToken.None);
        var two = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Equal(FeedPollStatus.Failed, two.Status);
        Assert.Equal(1, one.ConsecutiveFailures);
        Assert.Equal(2, two.ConsecutiveFailures);
        Assert.Contains("500", two.Error, StringComparison.Ordinal);
        var state = await _store.GetFeedStateAsync(url, CancellationToken.None);
        Assert.Equal(2, state!.ConsecutiveFailures);
        Assert.Equal("\"old\"", state.ETag);
        Assert.Contains("500", state.LastError, StringComparison.Ordinal);

        broken = false;
        var three = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Equal(FeedPollStatus.Ok, three.Status);
        state = await _store.GetFeedStateAsync(url, CancellationToken.None);
        Assert.Equal(0, state!.ConsecutiveFailures);
        Assert.Null(state.LastError);
    }

    [Fact]
    public async Task Poll_NotAFeed_OrTooLarge_OrPrivateAddress_Fails()
    {
        _server.MapText("/page", "text/html", "<html><body>hello</body></html>");
        _server.MapText("/big.xml", "application/rss+xml", Rss(Enumerable.Range(0, 50).Select(i => Item($"g{i}", "Title", null, null, LongText)).ToArray()));

        var notFeed = await _poller.PollAsync(_server.Url("/page").ToString(), CancellationToken.None);
        var big = await Poller(_store, _http, Options(maxFeedBytes: 2048)).PollAsync(_server.Url("/big.xml").ToString(), CancellationToken.None);
        using var strict = FeedTestServices.FromOptions(Options(allowPrivate: false));
        var refused = await Poller(_store, strict.GetRequiredService<SafeHttp>(), Options(allowPrivate: false)).PollAsync(_server.Url("/page").ToString(), CancellationToken.None);

        Assert.Contains("not an RSS or Atom feed", notFeed.Error, StringComparison.Ordinal);
        Assert.Contains("larger than the limit", big.Error, StringComparison.Ordinal);
        Assert.Contains("refused to connect", refused.Error, StringComparison.Ordinal);
        Assert.All(new[] { notFeed, big, refused }, r => Assert.Equal(FeedPollStatus.Failed, r.Status));
        Assert.Empty(ArticleFiles());
    }

    [Fact]
    public async Task Poll_AfterACrashBetweenMarkAndWrite_WritesTheItem()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(Item("a-1", "First story", null, null, LongText)));
        string url = _server.Url("/feed.xml").ToString();
        // What a crash leaves: the note written, the item marked seen, no article.
        string folder = Path.Combine(_folder.Path, "feeds", "127-0-0-1");
        _folder.Write(Path.GetRelativePath(_folder.Path, FeedPoller.PendingPath(folder, "a-1")), "a-1");
        await _store.MarkFeedItemSeenAsync(url, "a-1", DateTimeOffset.UnixEpoch, CancellationToken.None);

        var result = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Single(result.WrittenFiles);
        Assert.False(File.Exists(FeedPoller.PendingPath(folder, "a-1")));
    }

    [Fact]
    public async Task Poll_AfterACrashBetweenWriteAndMark_MarksWithoutWritingAgain()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(Item("a-1", "First story", null, null, LongText)));
        string url = _server.Url("/feed.xml").ToString();
        var first = await _poller.PollAsync(url, CancellationToken.None);
        var fresh = new InMemoryFeedStore(); // the mark was lost

        var again = await Poller(fresh, _http, Options()).PollAsync(url, CancellationToken.None);

        Assert.Single(first.WrittenFiles);
        Assert.Empty(again.WrittenFiles);
        Assert.Single(fresh.Seen);
        Assert.Single(ArticleFiles());
    }

    [Fact]
    public async Task Poll_SeenItemWhoseFileWasDeleted_IsNotWrittenAgain()
    {
        _server.MapText("/feed.xml", "application/rss+xml", Rss(Item("a-1", "First story", null, null, LongText)));
        string url = _server.Url("/feed.xml").ToString();
        var first = await _poller.PollAsync(url, CancellationToken.None);
        File.Delete(first.WrittenFiles[0]);

        var again = await _poller.PollAsync(url, CancellationToken.None);

        Assert.Empty(again.WrittenFiles);
        Assert.Empty(ArticleFiles());
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Poll_ItemsWithoutDates_AreWrittenInDocumentOrder_WithTodaysDateInTheName()
    {
        _server.MapText("/feed.xml", "application/rss+xml",
            Rss(Item(null, "Zebra crossing", _server.Base + "/z", null, LongText), Item(null, "Alpha road", _server.Base + "/a", "not a date", LongText)));

        var result = await _poller.PollAsync(_server.Url("/feed.xml").ToString(), CancellationToken.None);

        Assert.Equal(2, result.WrittenFiles.Count);
        Assert.Contains("zebra-crossing", result.WrittenFiles[0], StringComparison.Ordinal);
        Assert.Contains("alpha-road", result.WrittenFiles[1], StringComparison.Ordinal);
        Assert.All(result.WrittenFiles, f => Assert.Null(ParseFile(f).Info.Published));
        Assert.Equal(new[] { _server.Base + "/z", _server.Base + "/a" }, _store.Seen.Select(s => s.Key).Order(StringComparer.Ordinal).Reverse());
        Assert.DoesNotContain(_server.Requests, r => r.Path is "/z" or "/a"); // full text: no page fetched
    }

    [Fact]
    public void InProcessingOrder_IsOldestFirstOnlyWhenEveryItemHasADate()
    {
        FeedItem At(string key, int? day) => new(key, key, null, day is null ? null : new DateTimeOffset(2026, 3, day.Value, 0, 0, 0, TimeSpan.Zero), null, null, null);

        Assert.Equal(new[] { "b", "c", "a" }, FeedPoller.InProcessingOrder(new[] { At("a", 9), At("b", 1), At("c", 5) }).Select(i => i.Key));
        Assert.Equal(new[] { "a", "b", "c" }, FeedPoller.InProcessingOrder(new[] { At("a", 9), At("b", null), At("c", 5) }).Select(i => i.Key));
    }
}
