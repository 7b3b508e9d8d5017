using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Adapters.Discord.Tests.Rendering;

public partial class DiscordRendererTests
{
    [Theory]
    [MemberData(nameof(DiscordSamples.EveryKindData), MemberType = typeof(DiscordSamples))]
    [MemberData(nameof(DiscordSamples.HostileData), MemberType = typeof(DiscordSamples))]
    public void EveryKind_StaysWithinDiscordLimitsAndParsesNoMentions(string kind, Reply reply)
    {
        var messages = DiscordRenderer.Render(reply, new DiscordRenderOptions(Private: true));

        Assert.NotEmpty(messages);
        foreach (var message in messages)
        {
            AssertWithinLimits(message.ToJson(), kind);
        }
    }

    [Theory]
    [MemberData(nameof(DiscordSamples.HostileData), MemberType = typeof(DiscordSamples))]
    public void HostileText_CannotMentionLinkOrFormat(string kind, Reply reply)
    {
        foreach (var message in DiscordRenderer.Render(reply))
        {
            var json = message.ToJson();
            foreach (string rendered in MarkdownTexts(json))
            {
                // What the renderer formats on purpose: the quote marker, bold labels, code spans (ids, usages), the article's own link.
                string markdown = Intentional().Replace(rendered, "");
                Assert.DoesNotMatch(UnescapedAngle(), markdown);
                Assert.DoesNotContain("@everyone", markdown, StringComparison.Ordinal);
                Assert.DoesNotContain("@here", markdown, StringComparison.Ordinal);
                Assert.DoesNotMatch(UnescapedMarker(), markdown);
            }

            foreach (string plain in PlainTexts(json))
            {
                Assert.DoesNotContain("@everyone", plain, StringComparison.Ordinal);
                Assert.DoesNotContain("@here", plain, StringComparison.Ordinal);
            }

            Assert.Empty(json["allowed_mentions"]!["parse"]!.AsArray());
            _ = kind;
        }
    }

    [Fact]
    public void Answer_IsOneEmbedPerPassageWithTitleLinkAndParagraphCitation()
    {
        var reply = new AnswerReply("What did Trudeau agree to?", new[] { new Passage(DiscordSamples.Quote, DiscordSamples.Article, 2, 0.9), new Passage("Quotas fell.", DiscordSamples.Other, 5, 0.6) });

        var message = Assert.Single(DiscordRenderer.Render(reply)).ToJson();

        Assert.Equal("**Q:** What did Trudeau agree to?", (string?)message["content"]);
        var embeds = message["embeds"]!.AsArray();
        Assert.Equal(2, embeds.Count);
        Assert.Equal(DiscordSamples.Article.Title, (string?)embeds[0]!["title"]);
        Assert.Equal("https://example.org/ev", (string?)embeds[0]!["url"]);
        Assert.Equal("> " + DiscordSamples.Quote, (string?)embeds[0]!["description"]);
        Assert.Equal("Paragraph 2 · Observer Net · 2026-02-08", (string?)embeds[0]!["footer"]!["text"]);
        Assert.Null(embeds[1]!["url"]);
        Assert.Equal("Paragraph 5 · Daily Ledger · 2026-01-30", (string?)embeds[1]!["footer"]!["text"]);
        Assert.Equal(new[] { "pb:more", "pb:helpful", "pb:unhelpful" }, ButtonIds(message));
        Assert.Null(message["flags"]);
    }

    [Fact]
    public void PrivateAnswer_IsEphemeralWithShowToChannel()
    {
        var reply = new AnswerReply("q", new[] { new Passage(DiscordSamples.Quote, DiscordSamples.Article, 2, 0.9) });

        var message = Assert.Single(DiscordRenderer.Render(reply, new DiscordRenderOptions(Private: true))).ToJson(ephemeral: true);

        Assert.Equal(64, (int)message["flags"]!);
        Assert.Equal(new[] { "pb:more", "pb:helpful", "pb:unhelpful", "pb:share" }, ButtonIds(message));
    }

    [Fact]
    public void NoAnswer_SaysSoWithTheReasonAndLabelsPassagesAsNotAnswers()
    {
        var reply = new DeclinedReply("who won the world series?", "The closest passage only shares the word 'won'.", new[] { new Passage(DiscordSamples.Quote, DiscordSamples.Article, 4, 0.2) });

        var message = Assert.Single(DiscordRenderer.Render(reply)).ToJson();

        string content = (string)message["content"]!;
        Assert.Contains(DiscordRenderer.NoAnswerHeading, content, StringComparison.Ordinal);
        Assert.Contains("only shares the word 'won'.", content, StringComparison.Ordinal);
        Assert.Equal("Closest passage 1 — not an answer", (string?)message["embeds"]![0]!["author"]!["name"]);
        Assert.Equal(new[] { "pb:helpful", "pb:unhelpful" }, ButtonIds(message));
    }

    [Fact]
    public void PassageLongerThanADescription_IsCutAtSentencesAcrossEmbedsAndMessages()
    {
        string text = DiscordSamples.LongPassage(15000);
        var reply = new AnswerReply("q", new[] { new Passage(text, DiscordSamples.Article, 3, 0.9) });

        var messages = DiscordRenderer.Render(reply);

        Assert.True(messages.Count >= 3, $"{messages.Count} messages");
        var embeds = messages.SelectMany(m => m.Embeds).ToList();
        Assert.All(embeds, e => Assert.EndsWith("quarter.", ((string)e["description"]!).TrimEnd(), StringComparison.Ordinal));
        string rebuilt = string.Join(' ', embeds.Select(e => ((string)e["description"]!)[2..]));
        Assert.Equal(text, rebuilt);
        Assert.Equal("pb:more", ButtonIds(messages[^1].ToJson()).First());
        Assert.All(messages.SkipLast(1), m => Assert.Empty(m.Components));
        Assert.Equal("**Q:** q", messages[0].Content);
        Assert.All(messages.Skip(1), m => Assert.Null(m.Content));
        Assert.All(messages, m => AssertWithinLimits(m.ToJson(), "long"));
    }

    [Fact]
    public void ManyArticles_KeepWholeItemsAndCountTheRest()
    {
        var articles = Enumerable.Range(1, 400).Select(i => DiscordSamples.Other with { Id = "article-" + i.ToString(CultureInfo.InvariantCulture), Title = "Steel quotas tighten in round " + i.ToString(CultureInfo.InvariantCulture) }).ToList();

        var message = Assert.Single(DiscordRenderer.Render(new ArticleListReply(articles))).ToJson();

        string description = (string)message["embeds"]![0]!["description"]!;
        Assert.Matches(@"…and \d+ more$", description);
        Assert.Equal("400 articles:", (string?)message["content"]);
        AssertWithinLimits(message, "list");
    }

    [Fact]
    public void Summary_ListsSentencesWithParagraphsUnderTheLinkedTitle()
    {
        var reply = new SummaryReply(DiscordSamples.Article, new[] { new SummarySentence("First point.", 1), new SummarySentence("Second point.", 5) });

        var embed = Assert.Single(Assert.Single(DiscordRenderer.Render(reply)).Embeds);

        Assert.Equal(DiscordSamples.Article.Title, (string?)embed["title"]);
        Assert.Equal("https://example.org/ev", (string?)embed["url"]);
        Assert.Equal("• First point. (paragraph 1)\n• Second point. (paragraph 5)", (string?)embed["description"]);
        Assert.Equal("Observer Net · Liu Bai · 2026-02-08", (string?)embed["footer"]!["text"]);
    }

    [Fact]
    public void LongErrorMessage_FitsTheContentLimit()
    {
        var message = Assert.Single(DiscordRenderer.Render(new ErrorReply(DiscordSamples.LongPassage(5000)))).ToJson();

        string content = (string)message["content"]!;
        Assert.StartsWith("⚠️ ", content, StringComparison.Ordinal);
        Assert.InRange(content.Length, 1000, DiscordLimits.Content);
    }

    private static void AssertWithinLimits(JsonObject message, string kind)
    {
        string content = (string?)message["content"] ?? "";
        var embeds = message["embeds"]!.AsArray();
        Assert.True(content.Length <= DiscordLimits.Content, $"{kind}: content {content.Length}");
        Assert.True(content.Length > 0 || embeds.Count > 0, $"{kind}: empty message");
        Assert.True(embeds.Count <= DiscordLimits.Embeds, $"{kind}: {embeds.Count} embeds");
        int total = 0;
        foreach (var embed in embeds.Select(e => e!.AsObject()))
        {
            Assert.True(((string?)embed["title"] ?? "").Length <= DiscordLimits.EmbedTitle, $"{kind}: title");
            Assert.True(((string?)embed["description"] ?? "").Length <= DiscordLimits.EmbedDescription, $"{kind}: description");
            Assert.True(((string?)embed["footer"]?["text"] ?? "").Length <= DiscordLimits.EmbedFooter, $"{kind}: footer");
            Assert.True(((string?)embed["author"]?["name"] ?? "").Length <= DiscordLimits.EmbedAuthor, $"{kind}: author");
            total += DiscordMessage.EmbedLength(embed);
        }

        Assert.True(total <= DiscordLimits.EmbedTotal, $"{kind}: embeds total {total}");
        foreach (var row in message["components"]!.AsArray())
        {
            var buttons = row!["components"]!.AsArray();
            Assert.InRange(buttons.Count, 1, DiscordLimits.ButtonsPerRow);
            Assert.All(buttons, b => Assert.InRange(((string)b!["custom_id"]!).Length, 1, DiscordLimits.CustomId));
            Assert.All(buttons, b => Assert.InRange(((string)b!["label"]!).Length, 1, DiscordLimits.ButtonLabel));
        }

        Assert.Empty(message["allowed_mentions"]!["parse"]!.AsArray());
    }

    private static IEnumerable<string> MarkdownTexts(JsonObject message)
    {
        yield return (string?)message["content"] ?? "";
        foreach (var embed in message["embeds"]!.AsArray())
        {
            yield return (string?)embed!["description"] ?? "";
        }
    }

    private static IEnumerable<string> PlainTexts(JsonObject message)
    {
        foreach (var embed in message["embeds"]!.AsArray())
        {
            yield return (string?)embed!["title"] ?? "";
            yield return (string?)embed!["footer"]?["text"] ?? "";
            yield return (string?)embed!["author"]?["name"] ?? "";
        }
    }

    private static List<string> ButtonIds(JsonObject message) =>
        message["components"]!.AsArray().SelectMany(r => r!["components"]!.AsArray()).Select(b => (string)b!["custom_id"]!).ToList();

    /// <summary>A '&lt;' that could open a mention, channel, timestamp or link: one not escaped by a backslash (link targets excepted).</summary>
    [GeneratedRegex(@"(?<!\\)<")]
    private static partial Regex UnescapedAngle();

    [GeneratedRegex(@"(^|\n)> |\*\*|(?<!\\)\[[^\]]*\]\(<https://example\.org/[^>]*>\)|(?<!\\)`[^`]*(?<!\\)`")]
    private static partial Regex Intentional();

    /// <summary>Formatting markers the article text must not produce unescaped.</summary>
    [GeneratedRegex(@"(?<!\\)(\*|~|\||`|_|\[|\]|>)")]
    private static partial Regex UnescapedMarker();
    [Fact]
    public void Answer_WithASpanAndAPart_IsLabelledAndBoldsTheAnsweringWords()
    {
        var passage = new Passage("The BYD Tang model at an auto show IC Photo", DiscordSamples.Article, 4, 1) { Part = PassagePart.Caption, Span = new AnswerSpan(0, 34) };

        var message = Assert.Single(DiscordRenderer.Render(new AnswerReply("What car is in the photo?", new[] { passage }))).ToJson();

        var embed = message["embeds"]!.AsArray()[0]!;
        Assert.Equal("*Photo caption:*\n> **The BYD Tang model at an auto show** IC Photo", (string?)embed["description"]);
        Assert.StartsWith("Paragraph 4", (string?)embed["footer"]!["text"], StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerMarks.Open, message.ToJsonString());
    }
}
