using PolicyBot.Adapters.Slack.Inbound;

namespace PolicyBot.Adapters.Slack.Tests.Inbound;

public class SlackInboundTextTests
{
    private const string Bot = "U07PBOT9XYZ";

    [Theory]
    [InlineData("<@U07PBOT9XYZ> what is new?", "what is new?")]
    [InlineData("<@U07PBOT9XYZ|policybot> what is new?", "what is new?")]
    [InlineData("<@U07PBOT9XYZ>: what is new?", "what is new?")]
    [InlineData("<@U07PBOT9XYZ>, what is new?", "what is new?")]
    [InlineData("what is new <@U07PBOT9XYZ>?", "what is new ?")]
    [InlineData("hey <@U07PBOT9XYZ>  what   is new", "hey what is new")]
    [InlineData("<@U07PBOT9XYZ>", "")]
    [InlineData("<@U07PBOT9XYZ> :tada: thanks", ":tada: thanks")]
    [InlineData("<@U07PBOT9XYZ> <@U07PBOT9XYZ> twice", "twice")]
    public void ToPlainText_BotMention_IsRemoved(string text, string expected)
    {
        Assert.Equal(expected, SlackInboundText.ToPlainText(text, Bot));
    }

    [Theory]
    [InlineData("ask <@U05HW3R7TJP>", "ask @U05HW3R7TJP")]
    [InlineData("ask <@U05HW3R7TJP|bob>", "ask @bob")]
    [InlineData("in <#C06RQ7P4LMB|policy-news>", "in #policy-news")]
    [InlineData("in <#C06RQ7P4LMB>", "in #C06RQ7P4LMB")]
    [InlineData("in <#C06RQ7P4LMB|>", "in #C06RQ7P4LMB")]
    [InlineData("<!here> <!channel> <!everyone>", "@here @channel @everyone")]
    [InlineData("<!subteam^S0614TZR7|@policy-team> look", "@policy-team look")]
    [InlineData("<!subteam^S0614TZR7> look", "@subteam look")]
    [InlineData("on <!date^1392734382^{date_short}|Feb 18, 2014>", "on Feb 18, 2014")]
    [InlineData("see <https://www.example.com/a?b=1&amp;c=2>", "see https://www.example.com/a?b=1&c=2")]
    [InlineData("see <https://www.example.com/tesla|the Tesla article>", "see the Tesla article")]
    [InlineData("mail <mailto:desk@example.com|desk@example.com>", "mail desk@example.com")]
    [InlineData("R&amp;D &lt;3 &gt; 5%", "R&D <3 > 5%")]
    [InlineData("literal &amp;lt;b&amp;gt;", "literal &lt;b&gt;")]
    [InlineData("&lt;@U07PBOT9XYZ&gt; typed, not a mention", "<@U07PBOT9XYZ> typed, not a mention")]
    [InlineData("a < b > c", "a < b > c")]
    [InlineData("unclosed <https://example.com", "unclosed <https://example.com")]
    [InlineData("  spaced  out  ", "spaced  out")]
    [InlineData("line one\nline two", "line one\nline two")]
    public void ToPlainText_Markup_BecomesReadable(string text, string expected)
    {
        Assert.Equal(expected, SlackInboundText.ToPlainText(text, Bot));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void ToPlainText_NoText_IsEmpty(string? text)
    {
        Assert.Equal("", SlackInboundText.ToPlainText(text, Bot));
    }

    [Fact]
    public void ToPlainText_WithoutBotUserId_KeepsEveryMention()
    {
        Assert.Equal("@U07PBOT9XYZ hi", SlackInboundText.ToPlainText("<@U07PBOT9XYZ> hi", botUserId: null));
    }

    [Theory]
    [InlineData("<@U07PBOT9XYZ> hi", true)]
    [InlineData("hi <@U07PBOT9XYZ|policybot>", true)]
    [InlineData("hi <@U07PBOT9XYZA>", false)]
    [InlineData("hi <@U05HW3R7TJP>", false)]
    [InlineData("&lt;@U07PBOT9XYZ&gt;", false)]
    [InlineData("U07PBOT9XYZ", false)]
    [InlineData("", false)]
    public void Mentions_Text_DetectsOnlyRealBotMentions(string text, bool expected)
    {
        Assert.Equal(expected, SlackInboundText.Mentions(text, Bot));
    }

    [Fact]
    public void Mentions_UnknownBotUser_IsFalse()
    {
        Assert.False(SlackInboundText.Mentions("<@U07PBOT9XYZ> hi", null));
    }

    [Fact]
    public void Unescape_AmpersandLast_DoesNotDoubleDecode()
    {
        Assert.Equal("&lt; & < >", SlackInboundText.Unescape("&amp;lt; &amp; &lt; &gt;"));
    }
}
