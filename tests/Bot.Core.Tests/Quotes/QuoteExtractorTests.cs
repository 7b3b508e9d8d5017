using PolicyBot.Core.Articles;
using PolicyBot.Core.Quotes;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Core.Tests.Quotes;

public class QuoteExtractorTests
{
    /// <summary>A .txt article whose body is the given paragraphs, one per line, under a title line.</summary>
    private static Article Build(params string[] paragraphs)
    {
        string text = "Quotes test\n" + string.Join('\n', paragraphs) + "\n";
        var article = ArticleLoader.Parse("quotes", "quotes.txt", text, null, DateTimeOffset.UnixEpoch).Article!;
        Assert.Equal(paragraphs.Length, article.Paragraphs.Count); // the fixture parsed as intended
        return article;
    }

    private static Article Seed() =>
        ArticleLoader.Parse("seed", RepoFiles.SeedFileName, RepoFiles.SeedText(), null, DateTimeOffset.UnixEpoch).Article!;

    private static Quotation Single(Article article)
    {
        var quotes = QuoteExtractor.Extract(article);
        return Assert.Single(quotes);
    }

    [Fact]
    public void Extract_StraightDoubleQuotes_ReturnsWordsWithoutMarksAndExactSpan()
    {
        var article = Build("Tariffs rose again. \"We will not back down on tariffs,\" Smith said on Monday.");

        var quote = Single(article);

        Assert.Equal("We will not back down on tariffs", quote.Text);
        Assert.Equal(quote.Text, article.TextOf(quote.Span));
        Assert.Equal("Smith", quote.Speaker);
        Assert.Equal(1, quote.Paragraph);
        Assert.Equal(QuoteMark.StraightDouble, quote.Mark);
        Assert.True(quote.IsContiguous);
        Assert.Equal(new[] { "\"We will not back down on tariffs,\" Smith said on Monday." }, quote.Sentences.Select(article.TextOf));
    }

    [Fact]
    public void Extract_CurlyDoubleQuotes_ReturnsQuoteAndInvertedSpeakerWithoutTitles()
    {
        var article = Build("“The deal is good for Canadian workers,” said Prime Minister Justin Trudeau, who signed it.");

        var quote = Single(article);

        Assert.Equal("The deal is good for Canadian workers", quote.Text);
        Assert.Equal("Justin Trudeau", quote.Speaker);
        Assert.Equal(QuoteMark.CurlyDouble, quote.Mark);
    }

    [Fact]
    public void Extract_CurlySingleQuotes_ReturnsQuoteWithNounPhraseSpeaker()
    {
        var article = Build("‘We cannot afford another trade war,’ the trade minister told reporters.");

        var quote = Single(article);

        Assert.Equal("We cannot afford another trade war", quote.Text);
        Assert.Equal("the trade minister", quote.Speaker);
        Assert.Equal(QuoteMark.CurlySingle, quote.Mark);
    }

    [Fact]
    public void Extract_StraightSingleQuotes_ReturnsQuoteAndKeepsInnerApostrophes()
    {
        var article = Build("Jones said: 'Canada's exporters don't need more help this year.'");

        var quote = Single(article);

        Assert.Equal("Canada's exporters don't need more help this year.", quote.Text);
        Assert.Equal(quote.Text, article.TextOf(quote.Span));
        Assert.Equal("Jones", quote.Speaker);
        Assert.Equal(QuoteMark.StraightSingle, quote.Mark);
    }

    [Fact]
    public void Extract_Guillemets_ReturnsQuote()
    {
        var article = Build("«The market will decide the price,» Macron said.");

        var quote = Single(article);

        Assert.Equal("The market will decide the price", quote.Text);
        Assert.Equal("Macron", quote.Speaker);
        Assert.Equal(QuoteMark.Guillemet, quote.Mark);
    }

    [Theory]
    [InlineData("In the '90s, Canada's exporters didn't expect the workers' union to win, and rock 'n' roll was loud.")]
    [InlineData("In the ’90s, Canada’s exporters didn’t expect the workers’ union to win, and ‘tis the season.")]
    [InlineData("The students' and teachers' unions met at the '08 summit; it's Ottawa's call.")]
    public void Extract_ApostrophesOnly_ReturnsNothing(string paragraph)
    {
        var article = Build(paragraph);

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Fact]
    public void Extract_PossessiveInsideSingleQuote_ClosesAtTheRealClosingMark()
    {
        var article = Build("'The workers' union will strike next week,' Lee said.");

        var quote = Single(article);

        Assert.Equal("The workers' union will strike next week", quote.Text);
        Assert.Equal("Lee", quote.Speaker);
    }

    [Fact]
    public void Extract_QuoteOfSeveralSentences_ReturnsOneQuotationCitingEachSentence()
    {
        var article = Build("Smith said: \"We will win. We always do. Nobody can stop us now.\" The crowd cheered.");

        var quote = Single(article);

        Assert.Equal("We will win. We always do. Nobody can stop us now.", quote.Text);
        Assert.Equal("Smith", quote.Speaker);
        Assert.DoesNotContain(quote.Sentences, s => article.TextOf(s).Contains("crowd", StringComparison.Ordinal));
        Assert.Contains(quote.Sentences, s => article.TextOf(s).Contains("Smith said", StringComparison.Ordinal));
        Assert.Contains(quote.Sentences, s => article.TextOf(s).Contains("Nobody can stop us now.", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_QuoteInterruptedByAttribution_JoinsFragmentsIntoOneQuotation()
    {
        var article = Build("\"We will win this fight,\" Smith said. \"We always do.\" Then she left.");

        var quote = Single(article);

        Assert.Equal("We will win this fight … We always do.", quote.Text);
        Assert.Equal("Smith", quote.Speaker);
        Assert.Equal(new[] { "We will win this fight", "We always do." }, quote.Parts.Select(p => article.TextOf(p.Span)));
        Assert.Equal(2, quote.Sentences.Count);
        Assert.False(quote.IsContiguous);
    }

    [Fact]
    public void Extract_QuoteInterruptedMidSentence_JoinsFragments()
    {
        var article = Build("\"Tariffs,\" Smith said, \"only make everything more expensive for families.\"");

        var quote = Single(article);

        Assert.Equal("Tariffs … only make everything more expensive for families.", quote.Text);
        Assert.Equal("Smith", quote.Speaker);
    }

    [Fact]
    public void Extract_QuoteContinuingInNextParagraph_JoinsPartsAcrossParagraphs()
    {
        var article = Build(
            "Anna Smith explained her plan on Monday. \"The first step is to lower tariffs on batteries.",
            "\"The second step is to train local workers,\" she said.",
            "The plan was welcomed.");

        var quote = Single(article);

        Assert.Equal("The first step is to lower tariffs on batteries. The second step is to train local workers", quote.Text);
        Assert.Equal(1, quote.Paragraph);
        Assert.Equal(2, quote.LastParagraph);
        Assert.Equal(new[] { 1, 2 }, quote.Parts.Select(p => p.Paragraph));
        Assert.Equal("The first step is to lower tariffs on batteries.", article.TextOf(quote.Parts[0].Span));
        Assert.Equal("The second step is to train local workers", article.TextOf(quote.Parts[1].Span));
        Assert.Equal("Anna Smith", quote.Speaker);
    }

    [Fact]
    public void Extract_QuoteReopenedAfterSentenceInSameParagraph_JoinsAsOneQuotation()
    {
        var article = Build("\"We will win this fight. \"Nobody can stop us now,\" Smith said.");

        var quote = Single(article);

        Assert.Equal("We will win this fight. Nobody can stop us now", quote.Text);
        Assert.Equal("Smith", quote.Speaker);
        Assert.Equal(new[] { "We will win this fight.", "Nobody can stop us now" }, quote.Parts.Select(p => article.TextOf(p.Span)));
    }

    [Fact]
    public void Extract_QuoteLeftOpenWithoutContinuation_DropsItAndKeepsLaterQuotes()
    {
        var article = Build(
            "Smith said \"the plan will fail and nobody will care about it.",
            "Later, \"We will try again next year,\" Jones said.");

        var quote = Single(article);

        Assert.Equal("We will try again next year", quote.Text);
        Assert.Equal("Jones", quote.Speaker);
        Assert.Equal(2, quote.Paragraph);
    }

    [Fact]
    public void Extract_StraightDoubleQuoteAfterDigit_IsNotAnOpeningMark()
    {
        var article = Build("He bought a 12\" screen. \"Prices will keep falling this year,\" Smith said.");

        var quote = Single(article);

        Assert.Equal("Prices will keep falling this year", quote.Text);
    }

    [Fact]
    public void Extract_NestedSingleQuotesInsideDouble_StayInOneQuotation()
    {
        var article = Build("\"He called the tariff 'a disaster for workers' on Monday,\" Smith said.");

        var quote = Single(article);

        Assert.Equal("He called the tariff 'a disaster for workers' on Monday", quote.Text);
    }

    [Theory]
    [InlineData("The U.S. \"The Hill\" newspaper published the story.")]
    [InlineData("Tesla reported record sales of its utility-scale \"megapacks\" in the quarter.")]
    [InlineData("Mainstream discourse argues that \"de-risking\" is necessary.")]
    [InlineData("They no longer debate \"whether\" to cooperate, but \"how\" to do so.")]
    [InlineData("Tariffs can work through what is known as the \"trout effect.\"")]
    [InlineData("The EU is advancing the \"Industry Acceleration Act,\" which imposes requirements.")]
    [InlineData("Officials backed a policy dubbed \"make the polluter pay for it\" last year.")]
    [InlineData("The \"one country, two systems\" policy was discussed.")]
    public void Extract_TitlesNamesAndScareQuotes_AreNotSpeech(string paragraph)
    {
        var article = Build(paragraph);

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Theory]
    [InlineData("The author stated that America must \"cooperate limitedly\" with China.", "cooperate limitedly", "The author")]
    [InlineData("\"We agree,\" Smith said.", "We agree", "Smith")]
    [InlineData("The crowd shouted \"we will win\" all night.", "we will win", null)]
    public void Extract_ShortQuoteAttributedOrClauseLike_IsSpeech(string paragraph, string text, string? speaker)
    {
        var article = Build(paragraph);

        var quote = Single(article);

        Assert.Equal(text, quote.Text);
        Assert.Equal(speaker, quote.Speaker);
    }

    [Theory]
    [InlineData("\"Tariffs hurt everyone in the end,\" Smith said.", "Smith")]
    [InlineData("\"Tariffs hurt everyone in the end,\" said Anna Smith.", "Anna Smith")]
    [InlineData("\"Tariffs hurt everyone in the end,\" Smith later added.", "Smith")]
    [InlineData("Smith said: \"Tariffs hurt everyone in the end.\"", "Smith")]
    [InlineData("Smith said that \"tariffs hurt everyone in the end.\"", "Smith")]
    [InlineData("Smith: \"Tariffs hurt everyone in the end.\"", "Smith")]
    [InlineData("According to Anna Smith, \"tariffs hurt everyone in the end.\"", "Anna Smith")]
    [InlineData("\"Tariffs hurt everyone in the end,\" according to Anna Smith.", "Anna Smith")]
    [InlineData("\"Tariffs hurt everyone in the end,\" the trade minister warned.", "the trade minister")]
    [InlineData("Canadian Prime Minister Justin Trudeau said \"tariffs hurt everyone in the end.\"", "Justin Trudeau")]
    [InlineData("Secretary of State Marco Rubio wrote that \"tariffs hurt everyone in the end.\"", "Marco Rubio")]
    [InlineData("\"Tariffs hurt everyone in the end\" and must go, analysts argued.", "analysts")]
    [InlineData("\"Tariffs hurt everyone in the end,\" said a spokesperson for the ministry.", "a spokesperson for the ministry")]
    [InlineData("Smith last week said that \"tariffs hurt everyone in the end.\"", "Smith")]
    [InlineData("Anna Smith, the trade minister, said \"tariffs hurt everyone in the end.\"", "Anna Smith")]
    [InlineData("\"Tariffs hurt everyone in the end,\" said Gartner's principal analyst Kobita Desai.", "Kobita Desai")]
    [InlineData("Trade talks resumed. \"Tariffs hurt everyone in the end.\"", null)]
    public void Extract_SpeechVerbBeforeOrAfter_FindsSpeaker(string paragraph, string? speaker)
    {
        var article = Build(paragraph);

        var quote = Single(article);

        Assert.Equal(speaker, quote.Speaker);
        Assert.Equal("tariffs hurt everyone in the end", quote.Text.TrimEnd('.'), ignoreCase: true);
    }

    [Fact]
    public void Extract_StandaloneQuoteAfterIntroducingSentence_TakesSpeakerFromAdjacentSentence()
    {
        var article = Build("Anna Smith warned of the risks. \"This deal will cost thousands of jobs.\"");

        var quote = Single(article);

        Assert.Equal("Anna Smith", quote.Speaker);
    }

    [Fact]
    public void Extract_PronounInLaterParagraph_ResolvesToMostRecentNamedSpeaker()
    {
        var article = Build(
            "Anna Smith told reporters that the talks went well.",
            "\"We are very close to a deal,\" she said.");

        var quote = Single(article);

        Assert.Equal("Anna Smith", quote.Speaker);
        Assert.Equal(2, quote.Paragraph);
    }

    [Fact]
    public void Extract_PronounAfterNameInSameSentence_ResolvesToThatName()
    {
        var article = Build("After the deal was reached, Trudeau said he expects \"this agreement will drive investment.\"");

        var quote = Single(article);

        Assert.Equal("Trudeau", quote.Speaker);
    }

    [Fact]
    public void Extract_PronounWithGender_SkipsNamedSpeakerWithOtherTitle()
    {
        var article = Build(
            "Ms Anna Smith told reporters that the talks went well. Mr Lee said the talks had stalled.",
            "\"We are very close to a deal,\" she said.");

        var quote = Single(article);

        Assert.Equal("Anna Smith", quote.Speaker);
    }

    [Fact]
    public void Extract_PronounWithNoNamedSpeakerBefore_LeavesSpeakerNull()
    {
        var article = Build("\"We are very close to a deal,\" he said.");

        var quote = Single(article);

        Assert.Null(quote.Speaker);
    }

    [Fact]
    public void Extract_QuotesInCaptionsAndHeadings_AreIgnored()
    {
        string markdown = "---\ntitle: Test\n---\n## \"This heading is not a quote at all,\" Smith said\n\nThe body paragraph has no quotation in it.\n";
        var article = ArticleLoader.Parse("md", "quotes.md", markdown, null, DateTimeOffset.UnixEpoch).Article!;
        Assert.Contains(article.Paragraphs, p => p.Kind == ParagraphKind.Heading && article.TextOf(p.Span).Contains("Smith", StringComparison.Ordinal));

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Fact]
    public void Extract_QuoteInCaptionLine_IsIgnored()
    {
        var article = Build("Trade talks resumed on Monday.", "Smith speaks: \"We will win this fight\" (Photo: Reuters)", "The talks ended.");
        Assert.Equal(ParagraphKind.Caption, article.Paragraphs[1].Kind);

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Fact]
    public void Extract_SeveralQuotes_ReturnsThemInArticleOrderWithVerbatimPartsAndSentences()
    {
        var article = Build(
            "\"Prices will fall next year,\" Lee said. Analysts disagreed.",
            "Jones said: 'Demand is strong and supply is short.' Then “We expect growth of five percent,” Park added.");

        var quotes = QuoteExtractor.Extract(article);

        Assert.Equal(new[] { "Lee", "Jones", "Park" }, quotes.Select(q => q.Speaker));
        Assert.Equal(new[] { 1, 2, 2 }, quotes.Select(q => q.Paragraph));
        Assert.All(quotes, q => Assert.Equal(q.Text, article.TextOf(q.Span)));
        Assert.All(quotes, q => Assert.All(q.Parts, part =>
            Assert.Contains(q.Sentences, s => s.Start <= part.Span.Start && s.End >= part.Span.End)));
    }

    [Fact]
    public void Extract_Seed_FindsHeadlineAuthorAndTrudeauQuotesOnly()
    {
        var article = Seed();

        var quotes = QuoteExtractor.Extract(article);

        Assert.Collection(
            quotes,
            q =>
            {
                Assert.Equal("If the United States wants to compete, it must cooperate with China.", q.Text);
                Assert.Null(q.Speaker);
                Assert.Equal(1, q.Paragraph);
            },
            q =>
            {
                Assert.Equal("cooperate limitedly", q.Text);
                Assert.Equal("The author", q.Speaker);
                Assert.Equal(1, q.Paragraph);
            },
            q =>
            {
                Assert.Equal("that within three years, this agreement will drive a significant amount of investment by China in Canada's automotive industry.", q.Text);
                Assert.Equal("Trudeau", q.Speaker);
                Assert.Equal(15, q.Paragraph);
                var sentence = Assert.Single(q.Sentences);
                Assert.StartsWith("After the electric vehicle trade agreement was reached, Trudeau said he expects", article.TextOf(sentence), StringComparison.Ordinal);
            });
        Assert.All(quotes, q => Assert.Equal(q.Text, article.TextOf(q.Span)));
    }

    [Fact]
    public void BySpeaker_Surname_MatchesFullName()
    {
        var quotes = QuoteExtractor.Extract(Build(
            "\"The deal is good for Canadian workers,\" said Prime Minister Justin Trudeau.",
            "\"Tariffs only raise prices for every family,\" said Anna Smith.",
            "\"Nobody knows what comes next for the industry.\""));

        Assert.Equal(new[] { "Justin Trudeau" }, QuoteExtractor.BySpeaker(quotes, "Trudeau").Select(q => q.Speaker));
        Assert.Equal(new[] { "Justin Trudeau" }, QuoteExtractor.BySpeaker(quotes, "justin TRUDEAU").Select(q => q.Speaker));
        Assert.Equal(new[] { "Anna Smith" }, QuoteExtractor.BySpeaker(quotes, "smith").Select(q => q.Speaker));
    }

    [Fact]
    public void BySpeaker_QueryWithTitle_MatchesShorterSpeakerName()
    {
        var quotes = QuoteExtractor.Extract(Seed());

        var trudeau = QuoteExtractor.BySpeaker(quotes, "Prime Minister Trudeau");

        Assert.Equal("Trudeau", Assert.Single(trudeau).Speaker);
    }

    [Theory]
    [InlineData("Justin Bieber")]
    [InlineData("the")]
    [InlineData("   ")]
    [InlineData("Smith")]
    public void BySpeaker_OtherNameOrNoNamePart_MatchesNothing(string speaker)
    {
        var quotes = QuoteExtractor.Extract(Seed());

        Assert.Empty(QuoteExtractor.BySpeaker(quotes, speaker));
    }

    [Fact]
    public void BySpeaker_NounPhraseSpeaker_MatchesOnItsNoun()
    {
        var quotes = QuoteExtractor.Extract(Seed());

        var byAuthor = QuoteExtractor.BySpeaker(quotes, "author");

        Assert.Equal("cooperate limitedly", Assert.Single(byAuthor).Text);
    }
}
