using PolicyBot.Adapters.Discord.Rendering;

namespace PolicyBot.Adapters.Discord.Tests.Rendering;

public class DiscordTextTests
{
    [Theory]
    [InlineData("*bold* _it_ ~~gone~~ `code` ||spoiler||", @"\*bold\* \_it\_ \~\~gone\~\~ \`code\` \|\|spoiler\|\|")]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData("<@123> <@&45> <#67> <t:1700000000:R>", @"\<@123\> \<@&45\> \<#67\> \<t:1700000000:R\>")]
    [InlineData("# Heading", @"\# Heading")]
    [InlineData("- item\n  > quote\n12. twelfth", "\\- item\n  \\> quote\n12\\. twelfth")]
    [InlineData("rates rose 5% - then 3. Then - more", "rates rose 5% - then 3. Then - more")]
    [InlineData(@"back\slash", @"back\\slash")]
    public void Escape_NeutralisesFormatting(string text, string expected)
    {
        Assert.Equal(expected, DiscordText.Escape(text));
    }

    [Theory]
    [InlineData("@everyone look", "@\u200Beveryone look")]
    [InlineData("hi @here!", "hi @\u200Bhere!")]
    [InlineData("mail me@hereford.example", "mail me@hereford.example")]
    public void Escape_BreaksMassMentions(string text, string expected)
    {
        Assert.Equal(expected, DiscordText.Escape(text));
    }

    [Theory]
    [InlineData("what about @everyone and <@1> & *tariffs* > [x](y)?")]
    [InlineData(@"a\b \* already escaped")]
    [InlineData("# heading\n- list\n3. third")]
    [InlineData("plain words, nothing special")]
    public void Unescape_ReversesEscape(string text)
    {
        Assert.Equal(text, DiscordText.Unescape(DiscordText.Escape(text)));
    }

    [Fact]
    public void Cut_KeepsWordsAndNeverSplitsASurrogatePair()
    {
        Assert.Equal("one two…", DiscordText.Cut("one two three four", 10));
        string emoji = string.Concat(Enumerable.Repeat("😀", 10));
        string cut = DiscordText.Cut(emoji, 7);
        Assert.True(cut.Length <= 7);
        Assert.False(char.IsHighSurrogate(cut[^2]), "cut inside a surrogate pair");
    }

    [Theory]
    [InlineData("https://example.org/a", true)]
    [InlineData("http://example.org", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("ftp://example.org", false)]
    [InlineData("/relative", false)]
    [InlineData(null, false)]
    public void IsWebUrl(string? url, bool expected)
    {
        Assert.Equal(expected, DiscordText.IsWebUrl(url));
    }
}
