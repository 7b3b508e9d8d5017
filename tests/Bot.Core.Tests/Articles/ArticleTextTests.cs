using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Tests.Articles;

public class ArticleTextTests
{
    [Theory]
    [InlineData("toutiao.com/article/7604339897818546722/", "https://toutiao.com/article/7604339897818546722/")]
    [InlineData("https://example.com/a?b=1", "https://example.com/a?b=1")]
    [InlineData("http://example.com/a.", "http://example.com/a")]
    [InlineData("  example.org  ", "https://example.org/")]
    public void NormaliseUrl_HostOrUrl_GivesAbsoluteHttpUrl(string raw, string expected)
    {
        Assert.Equal(expected, ArticleText.NormaliseUrl(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/file")]
    [InlineData("localhost/page")]
    public void NormaliseUrl_NotAWebAddress_ReturnsNull(string raw)
    {
        Assert.Null(ArticleText.NormaliseUrl(raw));
    }

    [Theory]
    [InlineData("2026-02-08", "2026-02-08")]
    [InlineData("\"2026-02-08\"", "2026-02-08")]
    [InlineData("February 8, 2026", "2026-02-08")]
    [InlineData("2026-02-08T09:30:00Z", "2026-02-08T09:30:00+00:00")]
    public void NormaliseDate_KnownFormats_GivesIsoDate(string raw, string expected)
    {
        Assert.Equal(expected, ArticleText.NormaliseDate(raw));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2026-13-45")]
    public void NormaliseDate_Unparseable_ReturnsNull(string raw)
    {
        Assert.Null(ArticleText.NormaliseDate(raw));
    }

    [Fact]
    public void Shorten_LongText_CutsAtWordWithEllipsis()
    {
        string text = string.Join(' ', Enumerable.Repeat("tariff", 30));

        string shortened = ArticleText.Shorten(text, 90);

        Assert.True(shortened.Length <= 90, shortened);
        Assert.EndsWith("tariff…", shortened, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_ShortText_IsUnchanged()
    {
        Assert.Equal("Short title", ArticleText.Shorten("Short title", 90));
    }

    [Theory]
    [InlineData("  many   spaces\nand\tlines ", "many spaces and lines")]
    [InlineData("", "")]
    public void Collapse_Whitespace_BecomesSingleSpaces(string text, string expected)
    {
        Assert.Equal(expected, ArticleText.Collapse(text));
    }

    [Theory]
    [InlineData("The BYD Tang model at an auto show IC Photo", true)]
    [InlineData("Workers at the plant (Photo: Reuters)", true)]
    [InlineData("Getty Images", true)]
    [InlineData("The photo was taken in May.", false)]
    [InlineData("Tesla has taken a similar approach", false)]
    public void LooksLikeCaption_Line_DetectsPictureCredits(string line, bool expected)
    {
        Assert.Equal(expected, ArticleText.LooksLikeCaption(line));
    }
}
