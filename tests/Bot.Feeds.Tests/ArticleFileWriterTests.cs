using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Feeds.Tests;

public class ArticleFileWriterTests
{
    [Theory]
    [InlineData("Plain title")]
    [InlineData("Tariffs: \"a big step\" # or not")]
    [InlineData("- starts like a list item")]
    [InlineData("back\\slash and 'single' quotes")]
    [InlineData("[brackets], {braces} & *stars* | pipes > arrows %")]
    [InlineData("yes")]
    [InlineData("2026-03-01")]
    [InlineData("中国 电动车 «quotes»")]
    public void FrontMatter_RoundTripsAnyTitle(string title)
    {
        var draft = new ArticleDraft(title, "O'Neil: reporter", "Site #1", "https://example.com/a?b=1&c=2", null,
            new[] { new TextBlock("Body paragraph one.", false) }, "key");

        var result = MarkdownArticleParser.Parse("x", ArticleFileWriter.ToMarkdown(draft), null, DateTimeOffset.UnixEpoch);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(title, result.Article!.Info.Title);
        Assert.Equal("O'Neil: reporter", result.Article.Info.Author);
        Assert.Equal("Site #1", result.Article.Info.Source);
        Assert.Equal("https://example.com/a?b=1&c=2", result.Article.Info.Url);
    }

    [Fact]
    public void Body_KeepsParagraphsAndHeadings_AndNeutralisesFencesAndRules()
    {
        var draft = new ArticleDraft("T", null, null, null, null,
            new[]
            {
                new TextBlock("First paragraph.", false),
                new TextBlock("```js would hide the rest", false),
                new TextBlock("---", false),
                new TextBlock("A heading", true),
                new TextBlock("Last paragraph.", false),
            },
            null);

        var article = MarkdownArticleParser.Parse("x", ArticleFileWriter.ToMarkdown(draft), null, DateTimeOffset.UnixEpoch).Article!;

        Assert.Equal(new[] { "First paragraph.", "js would hide the rest", "A heading", "Last paragraph." }, article.Paragraphs.Select(p => article.TextOf(p.Span)));
        Assert.Equal(ParagraphKind.Heading, article.Paragraphs[2].Kind);
    }

    [Theory]
    [InlineData("Grain Exports Slow!", "grain-exports-slow")]
    [InlineData("  Café — résumé  ", "cafe-resume")]
    [InlineData("中国", "article")]
    [InlineData("a very long title that goes on and on about the many tariffs and duties imposed this year", "a-very-long-title-that-goes-on-and-on-about-the-many-tariffs")]
    public void Slug_IsShortLowercaseAscii(string title, string expected) => Assert.Equal(expected, ArticleFileWriter.Slug(title));

    [Fact]
    public void HostSlug_DropsWww() => Assert.Equal("example-co-uk", ArticleFileWriter.HostSlug("WWW.Example.co.uk"));

    [Fact]
    public void ShortHash_IsStableEightHex()
    {
        Assert.Matches("^[0-9a-f]{8}$", ArticleFileWriter.ShortHash("guid-1"));
        Assert.Equal(ArticleFileWriter.ShortHash("guid-1"), ArticleFileWriter.ShortHash("guid-1"));
        Assert.NotEqual(ArticleFileWriter.ShortHash("guid-1"), ArticleFileWriter.ShortHash("guid-2"));
    }

    [Fact]
    public async Task WriteAtomic_LeavesOnlyTheFinalFile_AndTheLoaderIgnoresTempFiles()
    {
        using var folder = new TempFolder();
        string final = folder.Combine("feeds/site/2026-03-01-story-0123abcd.md");
        // A temp file as a crashed write would leave it, half written.
        string temp = ArticleFileWriter.TempPathFor(final);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        await File.WriteAllTextAsync(temp, "---\ntitle: \"Half");

        Assert.Empty(ArticleLoader.ListFiles(folder.Path));

        await ArticleFileWriter.WriteAtomicAsync(final, "---\ntitle: \"Whole\"\n---\n\nBody.\n", CancellationToken.None);

        var listed = Assert.Single(ArticleLoader.ListFiles(folder.Path));
        Assert.Equal("feeds/site/2026-03-01-story-0123abcd.md", listed.RelativePath);
        Assert.Equal(new[] { temp, final }.Order(StringComparer.Ordinal), Directory.GetFiles(Path.GetDirectoryName(final)!).Order(StringComparer.Ordinal));
        Assert.StartsWith(".", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.EndsWith(".tmp", temp, StringComparison.Ordinal);
    }

    [Fact]
    public void FindWritten_MatchesTheKeyNotJustTheHash()
    {
        using var folder = new TempFolder();
        string hash = ArticleFileWriter.ShortHash("k1");
        folder.Write($"a-{hash}.md", ArticleFileWriter.ToMarkdown(new ArticleDraft("A", null, null, null, null, new[] { new TextBlock("x.", false) }, "other-key")));

        Assert.Null(ArticleFileWriter.FindWritten(folder.Path, "k1"));

        string mine = folder.Write($"b-{hash}.md", ArticleFileWriter.ToMarkdown(new ArticleDraft("B", null, null, null, null, new[] { new TextBlock("x.", false) }, "k1")));
        Assert.Equal(mine, ArticleFileWriter.FindWritten(folder.Path, "k1"));
    }

    [Theory]
    [InlineData("00:00:30", false)]
    [InlineData("00:01:00", true)]
    [InlineData("01:00:00", true)]
    public void Options_FeedIntervalIsAtLeastAMinute(string interval, bool valid)
    {
        var options = new FeedOptions { FeedInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new FeedOptions();

        Assert.Equal(TimeSpan.FromMinutes(15), options.FeedInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), options.FeedTimeout);
        Assert.False(options.AllowPrivateNetworks);
        Assert.Equal(5 * 1024 * 1024, options.MaxFeedBytes);
        Assert.Equal(5 * 1024 * 1024, options.MaxPageBytes);
        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }

    [Fact]
    public void AddBotFeeds_BindsTheArticlesKeys_AndNamesABadOne()
    {
        using var good = FeedTestServices.FromSettings(new Dictionary<string, string?>
        {
            ["Feeds:0"] = "https://a.example/feed.xml",
            ["FeedInterval"] = "00:05:00",
            ["AllowPrivateNetworks"] = "true",
            ["FeedTimeout"] = "00:00:09",
            ["MaxFeedBytes"] = "4096",
            ["MaxPageBytes"] = "8192",
        });
        using var bad = FeedTestServices.FromSettings(new Dictionary<string, string?> { ["FeedInterval"] = "00:00:30" });

        var options = good.GetRequiredService<IOptions<FeedOptions>>().Value;
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<FeedOptions>>().Value);

        Assert.Equal(new[] { "https://a.example/feed.xml" }, options.Feeds);
        Assert.Equal((TimeSpan.FromMinutes(5), true, TimeSpan.FromSeconds(9), 4096L, 8192L), (options.FeedInterval, options.AllowPrivateNetworks, options.FeedTimeout, options.MaxFeedBytes, options.MaxPageBytes));
        Assert.Contains("Articles:FeedInterval must be between 1 minute and 365 days.", ex.Message, StringComparison.Ordinal);
    }
}
