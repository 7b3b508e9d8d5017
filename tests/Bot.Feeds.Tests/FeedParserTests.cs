
namespace PolicyBot.Feeds.Tests;

public class FeedParserTests
{
    private static ParsedFeed ParseOk(string payload)
    {
        var result = FeedParser.Parse(Payload.Bytes(payload));
        Assert.True(result.Succeeded, result.Error);
        return result.Feed!;
    }

    [Fact]
    public void Rss_ReadsChannelAndItemsInDocumentOrder()
    {
        var feed = ParseOk("rss-basic.xml");

        Assert.Equal("rss", feed.Format);
        Assert.Equal("Harbour Policy Review", feed.Title);
        Assert.Equal("https://news.example.org/", feed.Link);
        Assert.Equal(4, feed.Items.Count);
        var first = feed.Items[0];
        Assert.Equal("harbour-0001", first.Key); // guid, trimmed
        Assert.Equal("Port fees rise & shippers object", first.Title);
        Assert.Equal("https://news.example.org/2026/03/port-fees", first.Link);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("Ada Lindqvist", first.Author);
        Assert.Equal("Short teaser about port fees.", first.SummaryHtml);
    }

    [Fact]
    public void Rss_CdataContent_IsHtmlThatStripsToParagraphs()
    {
        var item = ParseOk("rss-basic.xml").Items[0];

        Assert.Contains("<b>berth fees</b>", item.ContentHtml, StringComparison.Ordinal);
        var blocks = HtmlText.ToBlocks(item.ContentHtml!);
        Assert.Equal(
            new[]
            {
                "The harbour board raised berth fees by 12 percent on Monday, its first increase since 2019.",
                "Shippers said the rise would be passed on to importers “within weeks”.",
            },
            blocks.Select(b => b.Text));
    }

    [Fact]
    public void Rss_MalformedDate_IsIgnored_AndMissingGuidFallsBackToTrimmedLink()
    {
        var item = ParseOk("rss-basic.xml").Items[1];

        Assert.Null(item.Published);
        Assert.Equal("https://news.example.org/2026/03/dredging", item.Key);
        Assert.Equal("Bo Marsh", item.Author); // "mail (Name)" keeps the name
        Assert.Equal("The contract went to a local firm.", HtmlText.ToPlainText(item.SummaryHtml!));
    }

    [Fact]
    public void Rss_NoGuidNoLink_KeyIsAStableHashOfTitleAndContent()
    {
        var item = ParseOk("rss-basic.xml").Items[2];
        var again = ParseOk("rss-basic.xml").Items[2];

        Assert.Null(item.Link);
        Assert.Null(item.Published);
        Assert.StartsWith("sha256:", item.Key, StringComparison.Ordinal);
        Assert.Equal(item.Key, again.Key);
        Assert.NotEqual(item.Key, FeedParser.KeyOf(null, null, "Ferry timetable notice", "Other text."));
    }

    [Fact]
    public void Atom_ReadsEntries_AlternateLink_Dates_Authors_ContentKinds()
    {
        var feed = ParseOk("atom-basic.xml");

        Assert.Equal("atom", feed.Format);
        Assert.Equal("Lakeside Council Notes", feed.Title);
        Assert.Equal("https://council.example.net/", feed.Link);
        var budget = feed.Items[0];
        Assert.Equal("urn:uuid:5b1a6c3e-0000-4000-8000-000000000007", budget.Key);
        Assert.Equal("Budget approved", budget.Title);
        Assert.Equal("https://council.example.net/notes/budget", budget.Link);
        Assert.Equal(new DateTimeOffset(2026, 3, 3, 18, 15, 0, TimeSpan.FromHours(1)), budget.Published);
        Assert.Equal("Mira Okafor", budget.Author);
        Assert.Equal(2, HtmlText.ToBlocks(budget.ContentHtml!).Count);

        var library = feed.Items[1];
        Assert.Null(library.Published); // month 13: ignored
        Assert.Equal("https://council.example.net/notes/library", library.Link); // rel defaults to alternate
        Assert.Equal("Council Press Office", library.Author); // the feed's author
        // type="text": "<" is text, not markup, and blank lines separate paragraphs.
        Assert.Equal(new[] { "Libraries open at 9 < 10.", "A second paragraph." }, HtmlText.ToBlocks(library.SummaryHtml!).Select(b => b.Text));

        var parking = feed.Items[2];
        Assert.Equal("Parking charges will be reviewed in spring.", HtmlText.ToPlainText(parking.ContentHtml!));
    }

    [Fact]
    public void Rdf_ReadsItems()
    {
        var feed = ParseOk("rdf-basic.xml");

        Assert.Equal("Old Style Gazette", feed.Title);
        var item = Assert.Single(feed.Items);
        Assert.Equal("https://old.example.com/story/1", item.Key);
        Assert.Equal("Tram line extended", item.Title);
        Assert.Equal("Ivo Jensen", item.Author);
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 7, 0, 0, TimeSpan.Zero), item.Published);
    }

    [Fact]
    public void Dtd_IsRefused()
    {
        var result = FeedParser.Parse(Payload.Bytes("doctype.xml"));

        Assert.False(result.Succeeded);
        Assert.Contains("DTD", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("<html><body>Not a feed</body></html>", "not an RSS or Atom feed")]
    [InlineData("<rss><channel><item>", "not a readable feed")]
    public void NotAFeed_IsAnError(string xml, string expected)
    {
        var result = FeedParser.Parse(xml);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mon, 02 Mar 2026 09:30:00 GMT", "2026-03-02T09:30:00+00:00")]
    [InlineData("2 Mar 2026 09:30:00 +0100", "2026-03-02T09:30:00+01:00")]
    [InlineData("Mon, 02 Mar 2026 09:30 EST", "2026-03-02T09:30:00-05:00")]
    [InlineData("Monday, 2 March 2026 09:30:00 PDT", "2026-03-02T09:30:00-07:00")]
    [InlineData("2026-03-02T09:30:00Z", "2026-03-02T09:30:00+00:00")]
    [InlineData("2026-03-02T09:30:00.123-04:00", "2026-03-02T09:30:00.123-04:00")]
    public void ParseDate_ReadsRfc822AndRfc3339(string raw, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedParser.ParseDate(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Mon, 02 Mar 2026 09:30:00 XYZ")]
    [InlineData("2026-02-30T10:00:00Z")]
    public void ParseDate_Malformed_IsNull(string? raw) => Assert.Null(FeedParser.ParseDate(raw));
}
