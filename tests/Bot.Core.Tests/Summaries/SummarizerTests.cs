using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Summaries;

public class SummarizerTests
{
    private static Article Seed()
    {
        string path = Directory.GetFiles(RepositoryPaths.Seeds).Single();
        return ArticleLoader.Load(new ArticleFile(Path.GetFileName(path), path, new FileInfo(path).Length, 0, "seed")).Article!;
    }

    [Fact]
    public void Summarize_Seed_ReturnsVerbatimTextSentencesInArticleOrder()
    {
        var article = Seed();
        using var analyzer = TextAnalysis.CreateAnalyzer();

        var summary = new Summarizer(analyzer).Summarize(article, 3);

        Assert.Equal(3, summary.Count);
        Assert.All(summary, s => Assert.Contains(s.Text, article.Body));
        var positions = summary.Select(s => article.Body.IndexOf(s.Text, StringComparison.Ordinal)).ToList();
        Assert.Equal(positions.OrderBy(p => p), positions);
        Assert.All(summary, s => Assert.Contains(article.TextParagraphs, p => p.Number == s.Paragraph && article.TextOf(p.Span).Contains(s.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public void Summarize_Seed_NeverRepeatsTheTitleOrQuotesCaptionsAndNotices()
    {
        var article = Seed();
        using var analyzer = TextAnalysis.CreateAnalyzer();

        var summary = new Summarizer(analyzer).Summarize(article, 20);

        Assert.DoesNotContain(summary, s => s.Text.Contains("wants to compete, it must cooperate with China.\"", StringComparison.Ordinal) && s.Text.Length < 80);
        Assert.DoesNotContain(summary, s => s.Text.Contains("IC Photo", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, s => s.Text.Contains("Unauthorized reproduction", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, s => s.Text.StartsWith("Statement", StringComparison.Ordinal));
    }

    [Fact]
    public void Summarize_MoreSentencesThanTheArticleHas_ReturnsWhatThereIs()
    {
        var result = ArticleLoader.Parse("short", "short.md", "---\ntitle: Short\n---\nCanada sets minimal tariffs on imported electric cars.\n", null, DateTimeOffset.UnixEpoch);
        using var analyzer = TextAnalysis.CreateAnalyzer();

        var summary = new Summarizer(analyzer).Summarize(result.Article!, 5);

        Assert.Single(summary);
        Assert.Equal(1, summary[0].Paragraph);
    }
}
