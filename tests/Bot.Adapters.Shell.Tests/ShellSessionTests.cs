using PolicyBot.Adapters.Shell;
using PolicyBot.TestKit;

namespace PolicyBot.Adapters.Shell.Tests;

public class ShellSessionTests
{
    private static async Task<string> Converse(string script, bool interactive = false)
    {
        using var folder = new TempArticleFolder();
        folder.AddSeed();
        using var library = folder.OpenLibrary();
        var session = new ShellSession(TempArticleFolder.Bot(library), library);
        var output = new StringWriter();
        await session.RunAsync(new StringReader(script), output, interactive, CancellationToken.None);
        return output.ToString();
    }

    /// <summary>The output with line wrapping undone, for phrase checks.</summary>
    private static string Flat(string text) => string.Join(' ', text.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task RunAsync_Question_RepliesWithQuoteAndCitation()
    {
        string output = await Converse("What does Tesla plan to build in Nevada?\n");

        Assert.Contains("cell factory in Nevada", Flat(output));
        Assert.Contains("— If the United States wants to compete, it must cooperate with China, paragraph", Flat(output));
    }

    [Fact]
    public async Task RunAsync_OffTopicQuestion_Declines()
    {
        string output = await Converse("What is the tallest mountain in Africa?\n");

        Assert.StartsWith("I don't have a confident answer", output);
    }

    [Fact]
    public async Task RunAsync_SlashCommands_AreRouted()
    {
        string output = await Converse("/articles\n/summary\n/help\n/frobnicate\n");

        Assert.Contains("1 article:", output);
        Assert.Contains("(paragraph 1)", output);
        Assert.Contains("/summary [article]", output);
        Assert.Contains("Unknown command /frobnicate. Type /help", output);
    }

    [Fact]
    public async Task RunAsync_Facts_ListsFigureSentencesBestFirstWithParagraphs()
    {
        string output = Flat(await Converse("/facts\n"));

        Assert.StartsWith("Key facts — If the United States wants to compete", output);
        Assert.Contains("• An unfriendly policy environment for clean energy", output);
        Assert.True(output.IndexOf("$8 billion", StringComparison.Ordinal) < output.IndexOf("over half of Americans", StringComparison.Ordinal));
        Assert.DoesNotContain("IC Photo", output);
    }

    [Fact]
    public async Task RunAsync_TopicSummary_CitesSentencesFromTheArticles()
    {
        string output = Flat(await Converse("/summary electric vehicle tariffs\n"));

        Assert.StartsWith("On \"electric vehicle tariffs\", from 1 article:", output);
        Assert.Contains("minimal tariffs", output);
    }

    [Fact]
    public async Task RunAsync_Quotes_ListsWhoSaidWhatWithoutTitlesInQuotes()
    {
        string output = Flat(await Converse("/quotes\n"));

        Assert.StartsWith("Quotations — If the United States wants to compete", output);
        Assert.Contains("investment by China in Canada's automotive industry.” — Trudeau (paragraph 15)", output);
        Assert.DoesNotContain("“The Hill”", output);
        Assert.DoesNotContain("“trout effect”", output);
    }

    [Fact]
    public async Task RunAsync_QuotesBySpeaker_FindsThemAcrossArticlesWithCitations()
    {
        string output = Flat(await Converse("/quotes Trudeau\n/quotes Merkel\n"));

        Assert.StartsWith("Quotations by Trudeau:", output);
        Assert.Contains("— Trudeau (If the United States wants to compete, it must cooperate with China, paragraph 15)", output);
        Assert.Contains("no article quotes anyone of that name", output);
    }

    [Fact]
    public async Task RunAsync_WhatDidSomeoneSay_IsAnsweredFromTheQuotation()
    {
        string output = Flat(await Converse("What did Trudeau say?\n"));

        Assert.StartsWith("“After the electric vehicle trade agreement was reached, Trudeau said he expects", output);
    }

    [Fact]
    public async Task RunAsync_More_ShowsTheNextPassageForTheLastQuestion()
    {
        string output = await Converse("What does Tesla plan to build in Nevada?\nmore\n");

        // The next passage may be shown as an answer or, when less likely to answer, as the closest passage.
        var quotes = output.Split('\n').Where(l => l.TrimStart().StartsWith('“') || l.TrimStart().StartsWith("1. “", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, quotes.Count);
        Assert.NotEqual(quotes[0], quotes[1]);
    }

    [Fact]
    public async Task RunAsync_Quit_StopsReadingFurtherLines()
    {
        string output = await Converse("/quit\nWhat does Tesla plan to build in Nevada?\n");

        Assert.Equal("Goodbye.\n", output);
    }

    [Fact]
    public async Task RunAsync_EndOfInput_EndsCleanlyAfterGreeting()
    {
        string output = await Converse("", interactive: true);

        Assert.StartsWith("PolicyBot — 1 article loaded.", output);
        Assert.EndsWith("> ", output);
    }
}
