using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Search;

public sealed class AbbreviationsTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Learn_ShortFormsTheTextDefines_WithTheirLongForms()
    {
        var learned = Abbreviations.Learn(
            "Ford relies on its licensing agreement with Contemporary Amperex Technology Co., Ltd. (CATL) for batteries. "
            + "Sales of electric vehicles (EVs) fell. Officials of the European Union (EU) met the World Trade Organization (WTO).");

        Assert.Contains(new Abbreviation("CATL", "Contemporary Amperex Technology Co., Ltd."), learned);
        Assert.Contains(new Abbreviation("EV", "electric vehicles"), learned);
        Assert.Contains(new Abbreviation("EU", "European Union"), learned);
        Assert.Contains(new Abbreviation("WTO", "World Trade Organization"), learned);
    }

    [Theory]
    [InlineData("Workers at the plant (Photo: Reuters) walked out.")]
    [InlineData("The company (which makes batteries) grew.")]
    [InlineData("Revenue rose in the quarter (Q3) as expected.")]
    [InlineData("He met the minister (Smith) on Monday.")]
    public void Learn_ParenthesesThatDefineNothing_LearnNothing(string text)
    {
        Assert.Empty(Abbreviations.Learn(text));
    }

    [Fact]
    public void Library_KnowsTheBuiltInShortFormsAndTheOnesItsArticlesDefine()
    {
        _folder.Write("a.md", "---\ntitle: Grid\n---\nThe National Grid Operator (NGO) opened a new line.\n");
        using var library = _folder.OpenLibrary();

        Assert.Contains(new Abbreviation("NGO", "National Grid Operator"), library.Abbreviations);
        Assert.Contains(library.Abbreviations, a => a.Short == "GDP");
    }

    [Fact]
    public void Answer_ShortFormInTheQuestion_FindsTheLongFormInTheText()
    {
        _folder.Write("sales.md", "---\ntitle: Sales\n---\nWhile electric vehicle sales declined, Tesla reported record sales of its megapacks.\n\nTesla opened a showroom in Berlin.\n");
        _folder.Write("other.md", "---\ntitle: Other\n---\nThe bakery sold more bread this winter.\n");
        using var library = _folder.OpenLibrary();

        var result = new QuestionAnswerer(library, new AnswerOptions { Semantic = false }).Answer("Are Tesla's EV sales falling?");

        Assert.Contains("electric vehicle sales declined", result.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_LongFormInTheQuestion_FindsTheShortFormTheArticleDefined()
    {
        _folder.Write("cells.md", "---\ntitle: Cells\n---\nFord licensed technology from Contemporary Amperex Technology Co., Ltd. (CATL) last year.\n\n"
            + "Tesla's batteries are assembled using cells produced by CATL in Nevada.\n\nTesla also sells solar roofs.\n");
        using var library = _folder.OpenLibrary();
        var answerer = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });

        var result = answerer.Answer("Does Contemporary Amperex Technology Co., Ltd. make Tesla's cells?", top: 3);

        Assert.Contains("cells produced by CATL", result.Passages[0].Text, StringComparison.Ordinal);
    }
}
