
namespace PolicyBot.Feeds.Tests;

public class HtmlTextTests
{
    [Fact]
    public void ExtractPage_PrefersArticle_DropsChrome_KeepsParagraphsHeadingsQuotesAndListItems()
    {
        var page = HtmlText.ExtractPage(Payload.Text("page-article.html"));

        Assert.Equal("Grain exports slow as river levels fall", page.Title); // og:title beats <title>
        Assert.Equal("Prairie Ledger", page.SiteName);
        Assert.Equal("Tomas Weller", page.Author);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 6, 45, 0, TimeSpan.Zero), page.Published);
        Assert.Equal(
            new[]
            {
                // The <h1> repeats the title and is dropped.
                "Barges carrying wheat down the river were loaded to two thirds of capacity last week, as water levels fell to their lowest point in a decade.",
                "Exporters said the shortfall would cost the region about €40 million a month if the dry spell lasts until May.",
                "Rail as a stopgap",
                "“We are moving what we can by rail, but the wagons are booked out,” said a spokesperson for the grain cooperative.",
                "Wheat shipments: down 31 percent.",
                "Barley shipments: down 18 percent.",
                "Forecasters expect some rain next week, though not enough to lift the river by much.",
            },
            page.Blocks.Select(b => b.Text));
        Assert.True(page.Blocks[2].IsHeading);
        Assert.Equal(1, page.Blocks.Count(b => b.IsHeading));
        string all = string.Join("\n", page.Blocks.Select(b => b.Text));
        Assert.DoesNotContain("subscribe", all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Markets", all, StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Related", all, StringComparison.Ordinal);
        Assert.DoesNotContain("rights reserved", all, StringComparison.Ordinal);
        Assert.DoesNotContain("tracking", all, StringComparison.Ordinal);
    }

    [Fact]
    public void ExtractPage_WithoutArticleOrMain_TakesTheElementWithMostParagraphText()
    {
        var page = HtmlText.ExtractPage(Payload.Text("page-divs.html"));

        Assert.Equal("Council minutes", page.Title);
        Assert.Equal(3, page.Blocks.Count);
        Assert.StartsWith("The council met", page.Blocks[0].Text, StringComparison.Ordinal);
        Assert.Equal("A final decision is now expected in June.", page.Blocks[2].Text);
    }

    [Fact]
    public void ExtractPage_ShortArticleTeaserCards_FallBackToMain()
    {
        string story = string.Concat(Enumerable.Repeat("<p>The ministry published its annual water quality report on Thursday morning.</p>", 4));
        var page = HtmlText.ExtractPage(
            $"<html><body><main>{story}<article><p>Teaser card.</p></article></main></body></html>");

        Assert.Equal(5, page.Blocks.Count);
        Assert.Null(page.Title);
    }

    [Fact]
    public void ToBlocks_DecodesEntities_CollapsesSpace_SplitsOnBreaksAndBlocks()
    {
        var blocks = HtmlText.ToBlocks("Intro &amp; more<br>second&nbsp;line <div> in   a <em>div</em> </div><h3>Head</h3><p></p>tail");

        Assert.Equal(new[] { "Intro & more", "second line", "in a div", "Head", "tail" }, blocks.Select(b => b.Text));
        Assert.True(blocks[3].IsHeading);
    }

    [Fact]
    public void TextLength_CountsParagraphTextOnly()
    {
        Assert.Equal(0, HtmlText.TextLength(null));
        Assert.Equal(5, HtmlText.TextLength("<h2>Heading</h2><p>Hello</p><script>var x;</script>"));
    }
}
