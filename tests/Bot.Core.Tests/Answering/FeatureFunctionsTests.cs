using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Tests.Answering;

public class FeatureFunctionsTests
{
    private static readonly Lucene.Net.Analysis.Analyzer Analyzer = TextAnalysis.CreateAnalyzer();

    private static QuestionProfile Profile(string question, IReadOnlyDictionary<string, double>? idf = null)
    {
        var terms = TextAnalysis.Terms(Analyzer, question);
        var weights = terms.Distinct().ToDictionary(t => t, t => idf?.GetValueOrDefault(t, 1.0) ?? 1.0);
        return new QuestionProfile(question, terms, weights);
    }

    private static List<string> Terms(string text) => TextAnalysis.Terms(Analyzer, text);

    [Fact]
    public void Coverage_WeighsTermsByIdf()
    {
        var q = Profile("tariffs electric vehicles", new Dictionary<string, double> { ["tariff"] = 3, ["electr"] = 1, ["vehicl"] = 1 });

        Assert.Equal(0.6, FeatureFunctions.Coverage(q, Terms("new tariffs were set").ToHashSet()), 3);
        Assert.Equal(0.4, FeatureFunctions.Coverage(q, Terms("electric vehicles sold well").ToHashSet()), 3);
        Assert.Equal(0.0, FeatureFunctions.Coverage(q, Terms("nothing relevant here").ToHashSet()), 3);
    }

    [Fact]
    public void Proximity_AdjacentMatchesScoreHigherThanSpreadOnes()
    {
        var q = Profile("minimal tariffs Canada");

        double together = FeatureFunctions.Proximity(q, Terms("Canada imposes minimal tariffs on cars"));
        double apart = FeatureFunctions.Proximity(q, Terms("Canada, after long talks with many partners and several rounds, chose tariffs"));
        double single = FeatureFunctions.Proximity(q, Terms("tariffs alone"));

        Assert.True(together > apart, $"{together} <= {apart}");
        Assert.Equal(0, single);
    }

    [Fact]
    public void Phrase_CountsQuestionWordPairsInTheSameOrder()
    {
        var q = Profile("blanket tariffs reconsidered");

        Assert.Equal(0.5, FeatureFunctions.Phrase(q, Terms("whether blanket tariffs still serve")), 3);
        Assert.Equal(0.0, FeatureFunctions.Phrase(q, Terms("tariffs, blanket or not")), 3);
    }

    [Fact]
    public void ExactNames_MatchesNamesAndNumbersAsTypedWholeWords()
    {
        var q = Profile("What did Ford announce in 2025 about CATL?");

        Assert.Equal(1.0, FeatureFunctions.ExactNames(q, "Ford signed with CATL in 2025."), 3);
        Assert.Equal(1.0 / 3, FeatureFunctions.ExactNames(q, "Fordham said CATLs grew in 2025."), 3);
        Assert.Equal(0.0, FeatureFunctions.ExactNames(q, "ford and catl"), 3);
    }

    [Fact]
    public void ExactNames_QuestionWithoutNames_IsZero()
    {
        Assert.Equal(0, FeatureFunctions.ExactNames(Profile("what did they build?"), "They built a factory."));
    }

    [Fact]
    public void Novelty_SentenceThatOnlyRepeatsTheQuestion_IsLow()
    {
        var q = Profile("Tesla factory Nevada");

        double repeat = FeatureFunctions.Novelty(q, Terms("Tesla factory in Nevada").ToHashSet());
        double informative = FeatureFunctions.Novelty(q, Terms("Tesla buys CATL equipment for its Nevada cell factory").ToHashSet());

        Assert.Equal(0, repeat, 3);
        Assert.True(informative > 0.4);
    }

    [Fact]
    public void QuestionProfile_UsAndUnitedStates_AreOneTerm()
    {
        var a = Profile("What must the US do?");
        var b = Profile("What must the United States do?");
        var c = Profile("What must the U.S. do?");

        Assert.Equal(a.Terms, b.Terms);
        Assert.Equal(a.Terms, c.Terms);
        Assert.NotEmpty(a.Terms);
    }
}
