using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Core.Tests.Articles;

public class TextArticleParserTests
{
    private static readonly DateTimeOffset AddedAt = new(2026, 2, 8, 12, 0, 0, TimeSpan.Zero);

    private static Article ParseSeed()
    {
        var result = TextArticleParser.Parse("seed", RepoFiles.SeedText(), RepoFiles.SeedPath, AddedAt);
        Assert.Null(result.Error);
        return result.Article!;
    }

    private static Article ParseOk(string text)
    {
        var result = TextArticleParser.Parse("x", text, null, AddedAt);
        Assert.True(result.Succeeded, result.Error);
        return result.Article!;
    }

    private static List<string> Sentences(Article article) =>
        article.TextParagraphs.SelectMany(p => p.Sentences).Select(article.TextOf).ToList();

    [Fact]
    public void Parse_SeedByline_GivesSourceAndAuthor()
    {
        var info = ParseSeed().Info;

        Assert.Equal("Observer Net", info.Source);
        Assert.Equal("Liu Bai", info.Author);
    }

    [Fact]
    public void Parse_SeedOriginalLine_GivesAbsoluteUrl()
    {
        Assert.Equal("https://toutiao.com/article/7604339897818546722/", ParseSeed().Info.Url);
    }

    [Fact]
    public void Parse_SeedWithoutTitleLine_DerivesReadableTitle()
    {
        Assert.Equal("If the United States wants to compete, it must cooperate with China", ParseSeed().Info.Title);
    }

    [Fact]
    public void Parse_SeedMetadata_KeepsIdPathAndAddedAt()
    {
        var info = ParseSeed().Info;

        Assert.Equal("seed", info.Id);
        Assert.Equal(RepoFiles.SeedPath, info.FilePath);
        Assert.Equal(AddedAt, info.AddedAt);
        Assert.Null(info.Published);
        Assert.Empty(info.Tags);
    }

    [Fact]
    public void Parse_SeedNotices_AreMetadataNotBody()
    {
        var article = ParseSeed();

        Assert.Equal(
            new[]
            {
                "This article is exclusive to Observer Net. Unauthorized reproduction is prohibited.",
                "Original: toutiao.com/article/7604339897818546722/",
                "Statement: The article represents the views of the author alone.",
            },
            article.Notices);
        Assert.DoesNotContain("Statement:", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Unauthorized reproduction", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("toutiao.com", article.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("【", article.Body, StringComparison.Ordinal);
        Assert.All(Sentences(article), s => Assert.DoesNotContain("reproduction", s, StringComparison.OrdinalIgnoreCase));
        Assert.EndsWith("avoid falling further behind in global competition.", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeedCaptionLine_IsCaptionParagraph()
    {
        var article = ParseSeed();

        var caption = Assert.Single(article.Paragraphs, p => p.Kind == ParagraphKind.Caption);
        Assert.Equal("The BYD Tang model at an auto show IC Photo", article.TextOf(caption.Span));
        Assert.Equal(4, caption.Number); // follows text paragraph 4
        Assert.DoesNotContain(Sentences(article), s => s.Contains("IC Photo", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_Seed_NumbersTextParagraphsOneToN()
    {
        var article = ParseSeed();
        var text = article.TextParagraphs.ToList();

        Assert.Equal(17, article.Info.ParagraphCount);
        Assert.Equal(Enumerable.Range(1, 17), text.Select(p => p.Number));
        Assert.Equal(18, article.Paragraphs.Count);
        Assert.DoesNotContain(article.Paragraphs, p => p.Kind == ParagraphKind.Heading);
        Assert.StartsWith("The article wrote that", article.TextOf(text[4].Span), StringComparison.Ordinal);
        Assert.Equal("Additionally, more and more Americans hold similar views.", article.TextOf(text[9].Span));
        Assert.StartsWith("The article concluded that", article.TextOf(text[16].Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Seed_SplitsIntoVerifiedSentences()
    {
        var article = ParseSeed();
        var sentences = Sentences(article);

        Assert.Equal(39, sentences.Count);
        Assert.Equal(new[] { 4, 2, 2, 1, 3, 1, 2, 4, 2, 1, 2, 2, 2, 2, 3, 4, 2 }, article.TextParagraphs.Select(p => p.Sentences.Count));
        Assert.Contains("Tesla has taken a similar approach.", sentences);
        Assert.Contains("Additionally, more and more Americans hold similar views.", sentences);
    }

    [Fact]
    public void Parse_Seed_EverySentenceIsVerbatimInBodyAndFile()
    {
        var article = ParseSeed();
        string file = RepoFiles.SeedText();

        foreach (var paragraph in article.Paragraphs)
        {
            Assert.InRange(paragraph.Span.End, paragraph.Span.Start + 1, article.Body.Length);
            foreach (var span in paragraph.Sentences)
            {
                Assert.InRange(span.Start, paragraph.Span.Start, paragraph.Span.End - 1);
                Assert.InRange(span.End, span.Start + 1, paragraph.Span.End);
                string sentence = article.TextOf(span);
                Assert.Equal(sentence.Trim(), sentence);
                Assert.Contains(sentence, article.Body, StringComparison.Ordinal);
                Assert.Contains(sentence, file, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Parse_ExplicitTitleLine_UsesItAndKeepsItOutOfBody()
    {
        var article = ParseOk("EU Tariffs on Chinese Cars\nThe EU imposed tariffs on Chinese electric cars. The move angered Beijing.\nChina responded with probes into pork.\n");

        Assert.Equal("EU Tariffs on Chinese Cars", article.Info.Title);
        Assert.StartsWith("The EU imposed tariffs", article.Body, StringComparison.Ordinal);
        Assert.Equal(2, article.Info.ParagraphCount);
    }

    [Fact]
    public void Parse_TitleLineSeparatedByBlankLine_UsesIt()
    {
        var article = ParseOk("Title Here\n\nFirst paragraph. Second sentence.\n\nSecond paragraph here.\n");

        Assert.Equal("Title Here", article.Info.Title);
        Assert.Equal(new[] { "First paragraph.", "Second sentence.", "Second paragraph here." }, Sentences(article));
    }

    [Fact]
    public void Parse_BylineWithoutAuthor_GivesSourceOnly()
    {
        var article = ParseOk("【Reuters】\nThe EU imposed tariffs on Chinese electric cars. The move angered Beijing.\n");

        Assert.Equal("Reuters", article.Info.Source);
        Assert.Null(article.Info.Author);
        Assert.Equal("The EU imposed tariffs on Chinese electric cars", article.Info.Title);
        Assert.DoesNotContain("Reuters", article.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Wen/Observer Net, Liu Bai", "Observer Net", "Liu Bai")]
    [InlineData("文/观察者网，刘白", "观察者网", "刘白")]
    [InlineData("Reuters", "Reuters", null)]
    [InlineData("Xinhua; Li Wei", "Xinhua", "Li Wei")]
    public void ParseByline_Forms_SplitSourceAndAuthor(string byline, string? source, string? author)
    {
        Assert.Equal((source, author), TextArticleParser.ParseByline(byline));
    }

    [Fact]
    public void Parse_HardWrappedBlankLineSeparatedParagraphs_JoinsEachBlock()
    {
        const string text =
            "The European Union imposed tariffs on Chinese electric\n" +
            "cars on Tuesday, a move that angered officials in\n" +
            "Beijing. China responded with probes.\n" +
            "\n" +
            "A second paragraph that is also wrapped over\n" +
            "several lines and ends here.\n";

        var article = ParseOk(text);

        Assert.Equal(2, article.Info.ParagraphCount);
        var first = article.TextParagraphs.First();
        Assert.Equal(2, first.Sentences.Count);
        Assert.Equal("The European Union imposed tariffs on Chinese electric\ncars on Tuesday, a move that angered officials in\nBeijing.", article.TextOf(first.Sentences[0]));
        Assert.Equal("China responded with probes.", article.TextOf(first.Sentences[1]));
        Assert.Equal(2, article.TextParagraphs.Last().Number);
        Assert.StartsWith("The European Union imposed tariffs on Chinese electric cars on Tuesday", article.Info.Title, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', article.Info.Title);
    }

    [Fact]
    public void Parse_PublishedNoticeAtEnd_GivesDateAndLeavesBody()
    {
        var article = ParseOk("The EU imposed tariffs. The move angered Beijing.\nPublished: 2026-02-08\n");

        Assert.Equal("2026-02-08", article.Info.Published);
        Assert.Equal(new[] { "Published: 2026-02-08" }, article.Notices);
        Assert.DoesNotContain("Published", article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PublishedAndLinkLinesAfterByline_AreNoticesNotTitle()
    {
        var article = ParseOk("【Reuters】\nPublished: 2026-02-08\nOriginal: https://example.com/a\nEU Tariffs on Cars\nThe EU imposed tariffs. More text here.\n");

        Assert.Equal("2026-02-08", article.Info.Published);
        Assert.Equal("https://example.com/a", article.Info.Url);
        Assert.Equal("EU Tariffs on Cars", article.Info.Title);
        Assert.Equal("The EU imposed tariffs. More text here.", article.Body);
    }

    [Fact]
    public void Parse_CopyrightLineAtEnd_IsNotice()
    {
        var article = ParseOk("The EU imposed tariffs. More text here.\nCopyright 2026 Reuters. All rights reserved.\n");

        Assert.Equal(new[] { "Copyright 2026 Reuters. All rights reserved." }, article.Notices);
        Assert.Equal("The EU imposed tariffs. More text here.", article.Body);
    }

    [Theory]
    [InlineData("Scientists looked at reproduction in fish.")]
    [InlineData("The court said copyright law protects the work.")]
    [InlineData("The broadcast rights are exclusive to one network.")]
    public void Parse_LastParagraphMentioningRightsWords_StaysInBody(string lastParagraph)
    {
        var article = ParseOk("The lab studied fish for a decade.\n" + lastParagraph + "\n");

        Assert.Empty(article.Notices);
        Assert.Equal(2, article.Info.ParagraphCount);
        Assert.EndsWith(lastParagraph, article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CaptionLineBetweenParagraphs_IsCaptionNumberedAfterPrecedingText()
    {
        var article = ParseOk("First paragraph here.\nA worker at the plant Photo by Reuters\nSecond paragraph here.\n");

        Assert.Equal(new[] { ParagraphKind.Text, ParagraphKind.Caption, ParagraphKind.Text }, article.Paragraphs.Select(p => p.Kind));
        Assert.Equal(new[] { 1, 1, 2 }, article.Paragraphs.Select(p => p.Number));
    }

    [Fact]
    public void Parse_WindowsLineEnds_ParsesLikeUnix()
    {
        var article = ParseOk("Title Here\r\n\r\nFirst paragraph. Second sentence.\r\n\r\nSecond paragraph here.\r\n");

        Assert.Equal("Title Here", article.Info.Title);
        Assert.Equal(new[] { "First paragraph.", "Second sentence.", "Second paragraph here." }, Sentences(article));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\n \t\n")]
    public void Parse_EmptyText_FailsWithReason(string text)
    {
        var result = TextArticleParser.Parse("x", text, null, AddedAt);

        Assert.False(result.Succeeded);
        Assert.Contains("empty", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("【Xinhua】\n\n")]
    [InlineData("【Observer Net, Liu Bai】\nStatement: The article represents the views of the author alone.\n")]
    public void Parse_OnlyBylineOrNotices_FailsWithReason(string text)
    {
        var result = TextArticleParser.Parse("x", text, null, AddedAt);

        Assert.Null(result.Article);
        Assert.Equal("the file has no article text, only a byline or notices", result.Error);
    }
}
