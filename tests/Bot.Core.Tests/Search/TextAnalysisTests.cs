using PolicyBot.Core.Search;

namespace PolicyBot.Core.Tests.Search;

public sealed class TextAnalysisTests : IDisposable
{
    private readonly Lucene.Net.Analysis.Analyzer _analyzer = TextAnalysis.CreateAnalyzer();

    public void Dispose() => _analyzer.Dispose();

    private List<string> Terms(string text) => TextAnalysis.Terms(_analyzer, text);

    [Theory]
    [InlineData("how many subscribers did aol lose", "AOL lost 464,000 subscribers")]
    [InlineData("what did they sell", "the unit was sold last year")]
    [InlineData("who is buying the firm", "the firm was bought by a rival")]
    [InlineData("how many children", "a child")]
    [InlineData("what is canada doing", "the Canadian prime minister")]
    [InlineData("the danes", "Denmark")]
    public void IrregularForm_GetsTheStemOfItsBaseForm(string question, string sentence)
    {
        var sentenceTerms = Terms(sentence);

        var verbs = Terms(question).Where(t => t is "lose" or "sell" or "bui" or "child" or "canada" or "denmark").ToList();

        Assert.NotEmpty(verbs);
        Assert.All(verbs, v => Assert.Contains(v, sentenceTerms));
    }

    [Theory]
    [InlineData("q4 profits", "profits in the fourth quarter")]
    [InlineData("who's the CEO", "the chief executive said")]
    [InlineData("what did the govt say", "the government said")]
    [InlineData("Q1 sales", "first-quarter sales")]
    public void ChatShorthand_MeetsTheWordsArticlesPrint(string typed, string printed)
    {
        var printedTerms = Terms(printed);

        Assert.All(Terms(typed), t => Assert.Contains(t, printedTerms));
    }

    [Fact]
    public void Shorthand_IsOnlyReplacedAsAWholeWord()
    {
        Assert.Contains("q45", Terms("model q45 launch"));
        Assert.DoesNotContain("quarter", Terms("model q45 launch"));
    }
}
