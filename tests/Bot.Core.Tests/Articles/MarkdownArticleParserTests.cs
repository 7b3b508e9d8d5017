using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Tests.Articles;

public class MarkdownArticleParserTests
{
    private static readonly DateTimeOffset AddedAt = new(2026, 2, 8, 12, 0, 0, TimeSpan.Zero);

    private const string FullArticle =
        "---\n" +
        "title: EV Tariffs\n" +
        "author: Jane Doe\n" +
        "source: Reuters\n" +
        "url: https://example.com/ev\n" +
        "published: 2026-02-08\n" +
        "tags: [trade, ev]\n" +
        "---\n" +
        "# Background\n" +
        "\n" +
        "The **EU** imposed *tariffs* on [Chinese cars](https://example.com/cars). It was `big` news.\n" +
        "\n" +
        "![A BYD car at a show](car.jpg)\n" +
        "\n" +
        "```\n" +
        "var secret = \"code is not prose.\";\n" +
        "```\n" +
        "\n" +
        "## Reaction\n" +
        "\n" +
        "Beijing __protested__ and _promised_ a response.\n";

    private static Article ParseOk(string text)
    {
        var result = MarkdownArticleParser.Parse("x", text, "/articles/x.md", AddedAt);
        Assert.True(result.Succeeded, result.Error);
        return result.Article!;
    }

    private static List<string> Sentences(Article article) =>
        article.TextParagraphs.SelectMany(p => p.Sentences).Select(article.TextOf).ToList();

    [Fact]
    public void Parse_FrontMatter_FillsArticleInfo()
    {
        var info = ParseOk(FullArticle).Info;

        Assert.Equal("EV Tariffs", info.Title);
        Assert.Equal("Jane Doe", info.Author);
        Assert.Equal("Reuters", info.Source);
        Assert.Equal("https://example.com/ev", info.Url);
        Assert.Equal("2026-02-08", info.Published);
        Assert.Equal(new[] { "trade", "ev" }, info.Tags);
        Assert.Equal("/articles/x.md", info.FilePath);
        Assert.Equal(2, info.ParagraphCount);
    }

    [Fact]
    public void Parse_TagsAsBlockList_ReadsEachTag()
    {
        var info = ParseOk("---\ntags:\n  - trade\n  - electric vehicles\n---\nBody text here.\n").Info;

        Assert.Equal(new[] { "trade", "electric vehicles" }, info.Tags);
    }

    [Fact]
    public void Parse_TagsAsCommaString_SplitsAndTrims()
    {
        var info = ParseOk("---\ntags: trade, ev , tariffs\n---\nBody text here.\n").Info;

        Assert.Equal(new[] { "trade", "ev", "tariffs" }, info.Tags);
    }

    [Fact]
    public void Parse_DateAndLinkAliases_AreAccepted()
    {
        var info = ParseOk("---\ndate: 2026-02-08T09:30:00Z\nlink: example.com/story\n---\nBody text here.\n").Info;

        Assert.Equal("2026-02-08T09:30:00+00:00", info.Published);
        Assert.Equal("https://example.com/story", info.Url);
    }

    [Fact]
    public void Parse_MarkdownBody_BecomesPlainText()
    {
        var article = ParseOk(FullArticle);

        Assert.Equal(
            "Background\n\nThe EU imposed tariffs on Chinese cars. It was big news.\n\nA BYD car at a show\n\nReaction\n\nBeijing protested and promised a response.",
            article.Body);
        Assert.DoesNotContain("*", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("](", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("`", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("title:", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MarkdownBody_GivesHeadingTextAndCaptionParagraphs()
    {
        var article = ParseOk(FullArticle);

        Assert.Equal(
            new[] { ParagraphKind.Heading, ParagraphKind.Text, ParagraphKind.Caption, ParagraphKind.Heading, ParagraphKind.Text },
            article.Paragraphs.Select(p => p.Kind));
        Assert.Equal(new[] { 0, 1, 1, 1, 2 }, article.Paragraphs.Select(p => p.Number));
        Assert.Equal("Background", article.TextOf(article.Paragraphs[0].Span));
        Assert.Equal("A BYD car at a show", article.TextOf(article.Paragraphs[2].Span));
        Assert.Equal("Reaction", article.TextOf(article.Paragraphs[3].Span));
    }

    [Fact]
    public void Parse_MarkdownBody_SentencesAreVerbatimPlainText()
    {
        var article = ParseOk(FullArticle);

        Assert.Equal(
            new[] { "The EU imposed tariffs on Chinese cars.", "It was big news.", "Beijing protested and promised a response." },
            Sentences(article));
    }

    [Fact]
    public void Parse_ListsAndQuotes_BecomeSeparateTextParagraphs()
    {
        var article = ParseOk("Intro line.\n\n- First item here.\n- Second item here.\n1. Numbered item.\n\n> A quoted line.\n");

        Assert.Equal(
            new[] { "Intro line.", "First item here.", "Second item here.", "Numbered item.", "A quoted line." },
            article.TextParagraphs.Select(p => article.TextOf(p.Span)));
    }

    [Fact]
    public void Parse_WrappedLines_JoinIntoOneParagraph()
    {
        var article = ParseOk("The EU imposed tariffs\non Chinese cars. It was\nbig news.\n");

        var paragraph = Assert.Single(article.TextParagraphs);
        Assert.Equal("The EU imposed tariffs on Chinese cars. It was big news.", article.TextOf(paragraph.Span));
    }

    [Fact]
    public void Parse_UnderscoresAndAsterisksInsideWords_AreKept()
    {
        var article = ParseOk("The snake_case_name and 2*3*4 stay. Only _this_ changes.\n");

        Assert.Equal("The snake_case_name and 2*3*4 stay. Only this changes.", article.Body);
    }

    [Fact]
    public void Parse_SetextHeadings_BecomeHeadingParagraphs()
    {
        var article = ParseOk("EV Tariffs\n==========\n\nBody text here.\n\nReaction\n--------\n\nMore text here.\n");

        Assert.Equal("EV Tariffs", article.Info.Title);
        Assert.Equal(
            new[] { (ParagraphKind.Heading, "EV Tariffs"), (ParagraphKind.Text, "Body text here."), (ParagraphKind.Heading, "Reaction"), (ParagraphKind.Text, "More text here.") },
            article.Paragraphs.Select(p => (p.Kind, article.TextOf(p.Span))));
        Assert.DoesNotContain("==", article.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---")]
    [InlineData("***")]
    [InlineData("* * *")]
    [InlineData("_____")]
    public void Parse_ThematicBreak_SeparatesParagraphsAndLeavesNoText(string rule)
    {
        var article = ParseOk("First paragraph.\n\n" + rule + "\n\nSecond paragraph.\n");

        Assert.Equal("First paragraph.\n\nSecond paragraph.", article.Body);
    }

    [Fact]
    public void Parse_LinkWithParenthesesInUrl_KeepsOnlyLinkText()
    {
        var article = ParseOk("See [the entry](https://en.wikipedia.org/wiki/Tariff_(economics)) for ***more*** detail.\n");

        Assert.Equal("See the entry for more detail.", article.Body);
    }

    [Fact]
    public void Parse_InlineHtmlAndAutolinks_BecomePlainText()
    {
        var article = ParseOk("Text <!-- note --> here. A <b>bold</b> word.<br/> Read <https://example.com/a> now.\n");

        Assert.Equal("Text here. A bold word. Read https://example.com/a now.", article.Body);
    }

    [Fact]
    public void Parse_NoFrontMatterWithLeadingHeading_UsesHeadingAsTitle()
    {
        var article = ParseOk("# The Title\n\nBody text here. More text.\n");

        Assert.Equal("The Title", article.Info.Title);
        Assert.Null(article.Info.Source);
        Assert.Empty(article.Info.Tags);
    }

    [Fact]
    public void Parse_NoTitleAnywhere_DerivesTitleFromFirstSentence()
    {
        Assert.Equal("Body text here", ParseOk("---\nauthor: A\n---\nBody text here. More text.\n").Info.Title);
    }

    [Fact]
    public void Parse_EmptyFrontMatter_IsAccepted()
    {
        var article = ParseOk("---\n---\nBody text here.\n");

        Assert.Equal("Body text here.", article.Body);
    }

    [Theory]
    [InlineData("---\ntitle: x\nBody text here.\n")]
    [InlineData("---\ntitle: [unclosed\n---\nBody text here.\n")]
    [InlineData("---\ntitle: \"unterminated\n---\nBody text here.\n")]
    [InlineData("---\n- a\n- b\n---\nBody text here.\n")]
    [InlineData("---\njust a sentence\n---\nBody text here.\n")]
    [InlineData("---\n? [a, b]\n: c\n---\nBody text here.\n")]
    [InlineData("---\ntitle: a\ntitle: b\n---\nBody text here.\n")]
    public void Parse_BadFrontMatter_FailsMentioningFrontMatter(string text)
    {
        var result = MarkdownArticleParser.Parse("x", text, null, AddedAt);

        Assert.Null(result.Article);
        Assert.Contains("front matter", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---\ntitle: x\n---\n")]
    [InlineData("")]
    [InlineData("```\nonly code\n```\n")]
    [InlineData("# Only a heading\n")]
    public void Parse_NoArticleText_FailsWithReason(string text)
    {
        var result = MarkdownArticleParser.Parse("x", text, null, AddedAt);

        Assert.False(result.Succeeded);
        Assert.StartsWith("the file has no", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PhotoCreditLine_IsACaptionNotText()
    {
        var article = ArticleLoader.Parse("m", "m.md", "---\ntitle: Plant\n---\nThe plant opened on Monday with 300 workers.\n\nWorkers at the new plant (Photo: Reuters)\n\nProduction starts in March.\n", null, DateTimeOffset.UnixEpoch).Article!;

        Assert.Equal(new[] { ParagraphKind.Text, ParagraphKind.Caption, ParagraphKind.Text }, article.Paragraphs.Select(p => p.Kind));
        Assert.Equal(2, article.Info.ParagraphCount);
    }
}
