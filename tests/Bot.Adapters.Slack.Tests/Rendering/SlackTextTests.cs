using System.Text.RegularExpressions;
using PolicyBot.Adapters.Slack.Rendering;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

public class SlackTextTests
{
    [Theory]
    [InlineData("<!channel>", "&lt;!channel&gt;")]
    [InlineData("<!here> please", "&lt;!here&gt; please")]
    [InlineData("hi <@U123>", "hi &lt;@U123&gt;")]
    [InlineData("Fish & Chips", "Fish &amp; Chips")]
    [InlineData("&amp; stays visible as typed", "&amp;amp; stays visible as typed")]
    [InlineData("<https://evil.example|click>", "&lt;https://evil.example|click&gt;")]
    [InlineData("*bold* _it_ ~s~ `c`", "*bold* _it_ ~s~ `c`")]
    public void Escape_ControlCharacters_BecomeTheirEntitiesOnly(string input, string expected)
    {
        Assert.Equal(expected, SlackText.Escape(input));
    }

    [Fact]
    public void Escape_AnyText_LeavesNoAngleBracket()
    {
        string escaped = SlackText.Escape("<!channel><@U1><#C1><!subteam^S1><!date^1^{date}|x>");

        Assert.DoesNotContain('<', escaped);
        Assert.DoesNotContain('>', escaped);
    }

    [Theory]
    [InlineData("Prices rose ~30% and then ~40% in *two* quarters")]
    [InlineData("file_name_here and `code` and a*b*c")]
    [InlineData("a < b & c > d")]
    public void Literal_FormattingCharacters_ShowAsWrittenAndFormatNothing(string input)
    {
        string literal = SlackText.Literal(input);

        Assert.Equal(input, BlockKitShape.Visible(literal));
        string outsideTokens = Regex.Replace(literal, @"<!date\^00000000\^\{_\}\|.>", "");
        Assert.DoesNotContain(outsideTokens, c => SlackText.FormattingCharacters.Contains(c, StringComparison.Ordinal));
        Assert.DoesNotContain('<', outsideTokens);
    }

    [Fact]
    public void Literal_Mentions_AreEscaped()
    {
        string literal = SlackText.Literal("<!channel> <@U1> & more");

        Assert.Equal("&lt;!channel&gt; &lt;@U1&gt; &amp; more", literal);
    }

    [Fact]
    public void Literal_GreaterThanAtLineStart_CannotOpenBlockQuote()
    {
        string literal = SlackText.Literal("> not a quote\n  > nor this\nbut a > b");

        Assert.StartsWith("\u00AD&gt;", literal, StringComparison.Ordinal);
        Assert.Contains("\n  \u00AD&gt; nor this", literal, StringComparison.Ordinal);
        Assert.EndsWith("but a &gt; b", literal, StringComparison.Ordinal);
    }

    [Fact]
    public void Flatten_LineBreaksAndRuns_BecomeSingleSpaces()
    {
        Assert.Equal("one two three", SlackText.Flatten("  one\n\ntwo \t three "));
    }

    [Fact]
    public void Link_HttpsUrl_GivesAngleLinkWithEscapedLabel()
    {
        string link = SlackText.Link("https://example.org/a?x=1&y=2", "A <b> & c");

        Assert.Equal("<https://example.org/a?x=1&amp;y=2|A &lt;b&gt; &amp; c>", link);
    }

    [Fact]
    public void Link_UrlWithPipeOrAngleOrSpace_IsPercentEncodedSoTheLinkCannotEndEarly()
    {
        string link = SlackText.Link("https://example.org/a b|c<d>", "label");

        Assert.Equal("<https://example.org/a%20b%7Cc%3Cd%3E|label>", link);
    }

    [Fact]
    public void Link_LabelWithFormattingCharacters_UsesLookAlikes()
    {
        string link = SlackText.Link("http://example.org/", "*Big* _news_ ~x~ `y` | z");

        Assert.Equal("<http://example.org/|∗Big∗ ˍnewsˍ ∼x∼ ˋyˋ ¦ z>", link);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.org/file")]
    [InlineData("mailto:someone@example.org")]
    [InlineData("/relative/path")]
    [InlineData("")]
    [InlineData("not a url")]
    public void Link_NotAnHttpUrl_Throws(string url)
    {
        Assert.Throws<ArgumentException>(() => SlackText.Link(url, "label"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("javascript:alert(1)")]
    public void LinkOrLabel_NoUsableUrl_GivesEscapedLabelOnly(string? url)
    {
        Assert.Equal("&lt;!here&gt; title", SlackText.LinkOrLabel(url, "<!here> title"));
    }

    [Fact]
    public void LinkOrLabel_HttpUrl_GivesLink()
    {
        Assert.Equal("<https://example.org/ev|Title>", SlackText.LinkOrLabel("https://example.org/ev", "Title"));
    }
}
