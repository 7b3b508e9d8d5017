using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Answering;

public sealed class QuestionAnswererTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static QuestionAnswerer WordsOnly(ArticleLibrary library) => new(library, new AnswerOptions { Semantic = false });

    [Fact]
    public void Answer_WhenQuestion_PrefersTheSentenceWithADate()
    {
        _folder.Write("deal.md", "---\ntitle: Battery deal\n---\nFord signed the battery licensing deal with CATL after long talks.\n\nFord signed the battery licensing deal with CATL in December 2025.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("When did Ford sign the battery licensing deal with CATL?");

        Assert.True(result.Answered);
        Assert.Contains("December 2025", result.Passages[0].Text);
    }

    [Fact]
    public void Answer_HowMuchQuestion_PrefersTheSentenceWithAnAmount()
    {
        _folder.Write("cuts.md", "---\ntitle: Investment cuts\n---\nClean technology manufacturing investments were cancelled in record numbers.\n\nClean technology manufacturing investments worth $8 billion were cancelled.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("How much clean technology manufacturing investment was cancelled?");

        Assert.Contains("$8 billion", result.Passages[0].Text);
    }

    [Fact]
    public void Answer_SentenceWhoseNeighbourCarriesTheRestOfTheQuestion_RanksFirst()
    {
        _folder.Write("a.md", "---\ntitle: Ports\n---\nThe port reopened on Monday. Shipping resumed quickly.\n");
        _folder.Write("b.md", "---\ntitle: Strike\n---\nDock workers in Rotterdam ended their strike. The port reopened on Monday.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("When did the port reopen after the Rotterdam dock strike?");

        Assert.Equal("b", result.Passages[0].Article.Id);
    }

    [Fact]
    public void Answer_SentenceStartingWithThis_IsQuotedWithTheSentenceBefore()
    {
        _folder.Write("act.md", "---\ntitle: Act\n---\nThe EU is advancing the Industry Acceleration Act. This will impose strict requirements on foreign investment.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("What will impose strict requirements on foreign investment?");

        Assert.Equal("The EU is advancing the Industry Acceleration Act. This will impose strict requirements on foreign investment.", result.Passages[0].Text);
    }

    [Fact]
    public void Answer_NearMiss_IsDeclinedNamingTheWordsItSharesAndTheDetailItLacks()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("Which tariffs did Brazil put on Argentinian beef exports?");

        Assert.False(result.Answered);
        Assert.NotEmpty(result.Passages);
        Assert.Matches("^The closest passage mentions .*'tariffs'.* but not .*'Brazil'", result.Reason);
    }

    [Fact]
    public void Answer_NoKeyWordInAnyArticle_SaysSo()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("Who won the 2024 World Series?");

        Assert.False(result.Answered);
        Assert.Empty(result.Passages);
        Assert.Equal("No article mentions any of the question's key words.", result.Reason);
    }

    [Fact]
    public void Answer_ScoreIsTheConfidenceAndSeparatesAnswersFromDeclines()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        var answerer = WordsOnly(library);

        var answered = answerer.Answer("What does Tesla plan to build in Nevada?");
        var declined = answerer.Answer("Which tariffs did Brazil put on Argentinian beef exports?");

        Assert.InRange(answered.Passages[0].Score, new AnswerOptions().MinConfidence, 1.0);
        Assert.InRange(declined.Passages[0].Score, 0.0, new AnswerOptions().MinConfidence);
    }

    [Fact]
    public void Answer_EveryPassage_IsAVerbatimSpanOfItsArticle()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        string body = library.LoadArticle(library.Articles[0].Id)!.Body;

        var result = WordsOnly(library).Answer("What did Trudeau say about investment?", top: 5);

        Assert.Equal(5, result.Passages.Count);
        Assert.All(result.Passages, p => Assert.Contains(p.Text, body));
    }

    private const string Airline = "---\ntitle: Lufthansa flies back into profit\n---\nGerman airline Lufthansa has returned to profit in 2004 after posting huge losses in 2003.\n\nIn a preliminary report, Lufthansa announced 2004 net profits of 400m euros, compared with a loss of 984m euros in 2003.\n\nThe airline's chief executive said passenger numbers grew strongly on routes to Asia.\n";

    [Fact]
    public void Answer_AskedDetailThePassageGives_IsAnsweredWithAProbability()
    {
        _folder.Write("lufthansa.md", Airline);
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("how much net profit did lufthansa make in 2004?");

        Assert.True(result.Answered, result.Reason);
        Assert.Contains("400m euros", result.Passages[0].Text);
        Assert.InRange(result.Passages[0].Score, 0.5, 1.0);
    }

    [Theory]
    [InlineData("how much net profit did lufthansa make in 2001?", "'2001'")]
    [InlineData("what were lufthansa's cargo revenues in 2004?", "'cargo'")]
    public void Answer_NearMissOnAYearOrADetail_IsDeclinedNamingTheMissingDetail(string question, string missing)
    {
        _folder.Write("lufthansa.md", Airline);
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer(question);

        Assert.False(result.Answered);
        Assert.NotEmpty(result.Passages);
        Assert.Matches("^The closest passage mentions '.* but not .*" + missing, result.Reason);
    }

    [Fact]
    public void Rank_Score_IsAProbabilityThatFallsWithTheMarginBehindTheBest()
    {
        _folder.Write("lufthansa.md", Airline);
        using var library = _folder.OpenLibrary();

        var ranked = WordsOnly(library).Rank("how much net profit did lufthansa make in 2004?");

        Assert.All(ranked, c => Assert.InRange(c.Confidence, 0.0, 1.0));
        Assert.True(ranked[0].ConfidenceFeatures.Margin >= 0);
        Assert.All(ranked.Skip(1), c => Assert.True(c.ConfidenceFeatures.Margin <= 0));
        Assert.True(ranked[0].Confidence > ranked[1].Confidence);
    }

    [Fact]
    public void AboutTopic_EveryPassageCoveringTheTopicCounts_NotOnlyTheBest()
    {
        _folder.Write("tariffs.md", "---\ntitle: Tariffs\n---\nCanada cut its tariffs on Chinese electric vehicles.\n\nThe weather in Ottawa was mild all week.\n\nThe EU kept its electric vehicle tariffs in place.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).AboutTopic("electric vehicle tariffs", top: 5);

        Assert.True(result.Answered);
        var about = result.Passages.Where(p => p.Score >= QuestionAnswerer.MinRelevance).Select(p => p.Text).ToList();
        Assert.Equal(2, about.Count);
        Assert.DoesNotContain(about, t => t.Contains("weather", StringComparison.Ordinal));
    }

    [Fact]
    public void AboutTopic_SharingOneMinorWord_IsNotAboutTheTopic()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).AboutTopic("football transfer market prices", top: 3);

        Assert.False(result.Answered);
    }

    [Fact]
    public void NextPassage_LessLikelyThanTheFirst_IsShownAsClosestWithAReason()
    {
        _folder.Write("lufthansa.md", "---\ntitle: Lufthansa results\n---\nLufthansa announced 2004 net profits of 400m euros.\n\nLufthansa is based in Cologne.\n");
        using var library = _folder.OpenLibrary();
        var answerer = WordsOnly(library);
        var first = answerer.Answer("how much net profit did lufthansa make in 2004?");

        var next = answerer.NextPassage("how much net profit did lufthansa make in 2004?", shownCount: 1, p => p.Text == first.Passages[0].Text);

        Assert.NotNull(next);
        Assert.NotEqual(first.Passages[0].Text, next!.Passages[0].Text);
        Assert.False(next.Answered);
        Assert.Equal("The next closest passage is less likely to answer the question.", next.Reason);
    }
    [Fact]
    public void Answer_SentenceWhoseNextRefersBackWithTheAskedWords_IsQuotedWithIt()
    {
        _folder.Write("paths.md", "---\ntitle: Paths\n---\nThe EU and Canada no longer debate whether to cooperate with China. "
            + "They have demonstrated two different paths: one sets strict conditions, the other offers incentives. Ford builds cars.\n\nCanada signed a trade deal with Mexico.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("What two paths did the EU and Canada demonstrate?");

        Assert.Equal("The EU and Canada no longer debate whether to cooperate with China. They have demonstrated two different paths: one sets strict conditions, the other offers incentives.", result.Passages[0].Text);
        Assert.Equal(1, result.Passages[0].Paragraph);
    }

    [Fact]
    public void Answer_SentenceEndingWithAColon_IsQuotedWithTheNext()
    {
        _folder.Write("list.md", "---\ntitle: Plan\n---\nThe ministry named three priorities for the grid plan this year:\nbuilding lines, storage and meters were chosen.\n\nThe grid is old.\n");
        using var library = _folder.OpenLibrary();

        var result = WordsOnly(library).Answer("What priorities did the ministry name for the grid plan?");

        Assert.StartsWith("The ministry named three priorities for the grid plan this year:", result.Passages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("storage and meters were chosen.", result.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_ConfidentPassage_CarriesTheSpanThatAnswers_ADeclinedOneNone()
    {
        _folder.Write("cuts.md", "---\ntitle: Investment cuts\n---\nClean technology manufacturing investments worth $8 billion were cancelled in the last three months of 2025.\n\nThe weather was mild.\n");
        using var library = _folder.OpenLibrary();
        var answerer = WordsOnly(library);

        var answered = answerer.Answer("How much clean technology manufacturing investment was cancelled?");
        var declined = answerer.Answer("How much did the weather cost the bakery in Lyon?");

        Assert.True(answered.Answered);
        var span = Assert.NotNull(answered.Passages[0].Span);
        Assert.Equal("$8 billion", answered.Passages[0].Text.Substring(span.Start, span.Length));
        Assert.False(declined.Answered);
        Assert.All(declined.Passages, p => Assert.Null(p.Span));
    }
}
