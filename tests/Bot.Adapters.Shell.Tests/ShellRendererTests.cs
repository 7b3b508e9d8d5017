using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Adapters.Shell.Tests;

public class ShellRendererTests
{
    private static readonly ArticleInfo Article = new(
        "ev-tariffs", "Canada and the EU rethink tariffs on Chinese electric vehicles", "Observer Net", "Liu Bai",
        "https://example.org/ev", "2026-02-08", Array.Empty<string>(), 12, null, DateTimeOffset.UnixEpoch);

    private const string LongSentence =
        "The article noted that in January this year, Canadian Prime Minister Trudeau agreed to import a certain number of Chinese electric vehicles annually, and only impose minimal tariffs.";

    [Fact]
    public void Render_Answer_ShowsQuoteThenCitationWithinEightyColumns()
    {
        var reply = new AnswerReply("q", new[] { new Passage(LongSentence, Article, 2, 0.9) });

        string text = ShellRenderer.Render(reply);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"line too long ({l.Length}): {l}"));
        Assert.StartsWith("“The article noted", lines[0]);
        int quoteEnd = Array.FindIndex(lines, l => l.EndsWith("tariffs.”", StringComparison.Ordinal));
        int citation = Array.FindIndex(lines, l => l.TrimStart().StartsWith("— ", StringComparison.Ordinal));
        Assert.True(quoteEnd >= 0 && citation == quoteEnd + 1, text);
        string flat = string.Join(' ', lines.Select(l => l.Trim()));
        Assert.Contains("paragraph 2", flat);
        Assert.Contains("Observer Net", flat);
        Assert.Contains("https://example.org/ev", flat);
    }

    [Fact]
    public void Render_NoAnswer_SaysSoAndLabelsClosestPassagesAsNotAnswers()
    {
        var reply = new DeclinedReply("", "The closest passage only shares the word 'tariffs' with the question.", new[] { new Passage("Some nearby sentence.", Article, 4, 0.2) });

        string text = ShellRenderer.Render(reply);

        Assert.StartsWith("I don't have a confident answer", text);
        Assert.Contains("only shares the word 'tariffs'", text);
        Assert.Contains("closest passages (not answers)", text);
        Assert.Contains("1. “Some nearby sentence.”", text);
        Assert.Contains("paragraph 4", string.Join(' ', text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Render_Summary_ShowsTitleBylineAndEachSentenceWithParagraph()
    {
        var reply = new SummaryReply(Article, new[] { new SummarySentence("First point.", 1), new SummarySentence("Second point.", 5) });

        string text = ShellRenderer.Render(reply);

        var lines = text.Split('\n');
        Assert.Equal(Article.Title, lines[0]);
        Assert.Contains("Observer Net · Liu Bai · 2026-02-08", lines[1]);
        Assert.Contains("• First point. (paragraph 1)", text);
        Assert.Contains("• Second point. (paragraph 5)", text);
    }

    [Fact]
    public void Render_ArticleList_ShowsIdSourceDateAndParagraphs()
    {
        string text = ShellRenderer.Render(new ArticleListReply(new[] { Article }));

        Assert.StartsWith("1 article:", text);
        Assert.Contains("id ev-tariffs · Observer Net · 2026-02-08 · 12 paragraphs", text);
    }

    [Fact]
    public void Render_Help_ListsEveryCommandAligned()
    {
        string text = ShellRenderer.Render(new HelpReply(CommandParser.Commands));

        foreach (var (usage, _) in CommandParser.Commands)
        {
            Assert.Contains("  " + usage, text);
        }
    }

    [Fact]
    public void Wrap_LongText_NoLineExceedsWidthAndNoWordLost()
    {
        string wrapped = TextWrap.Wrap(LongSentence, 30, "> ", "  ");

        Assert.All(wrapped.Split('\n'), l => Assert.True(l.Length <= 30, l));
        Assert.Equal(LongSentence, string.Join(' ', wrapped.Split('\n').Select(l => l[2..])));
    }
    [Fact]
    public void Render_AnswerWithASpan_IsBoldOnATerminalAndPlainInAPipe()
    {
        var reply = new AnswerReply("How much?", new[] { new Passage("Investments worth $8 billion were cancelled.", Article, 5, 0.9) { Span = new AnswerSpan(18, 10) } });

        string terminal = ShellRenderer.Render(reply, bold: true);
        string piped = ShellRenderer.Render(reply);

        Assert.Contains("worth \u001b[1m$8 billion\u001b[22m were", terminal, StringComparison.Ordinal);
        Assert.Contains("“Investments worth $8 billion were cancelled.”", piped, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', piped);
        Assert.DoesNotContain(AnswerMarks.Open, piped);
    }

    [Fact]
    public void Render_BylineAnswer_IsLabelledAndCitesNoParagraph()
    {
        var reply = new AnswerReply("Who wrote it?", new[] { new Passage("【Wen/Observer Net, Liu Bai】", Article, 0, 1) { Part = PassagePart.Byline, Span = new AnswerSpan(19, 7) } });

        var lines = ShellRenderer.Render(reply).TrimEnd('\n').Split('\n');

        Assert.Equal("From the byline:", lines[0]);
        Assert.Equal("“【Wen/Observer Net, Liu Bai】”", lines[1]);
        Assert.DoesNotContain("paragraph", string.Join(' ', lines[2..]), StringComparison.Ordinal);
    }
}
