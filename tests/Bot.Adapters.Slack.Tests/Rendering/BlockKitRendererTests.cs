using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;
using static PolicyBot.Adapters.Slack.Tests.Rendering.BlockKitSamples;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

public class BlockKitRendererTests
{
    private static string Json(BlockKitMessage message) => message.ToJsonObject().ToJsonString();

    private static JsonArray Blocks(BlockKitMessage message) => message.Blocks;

    private static string Type(JsonNode? block) => block!["type"]!.GetValue<string>();

    private static string SectionText(JsonNode? block) => block!["text"]!["text"]!.GetValue<string>();

    private static string ContextText(JsonNode? block) => block!["elements"]![0]!["text"]!.GetValue<string>();

    private static JsonArray Buttons(BlockKitMessage message) =>
        Blocks(message).Single(b => Type(b) == "actions")!["elements"]!.AsArray();

    private static List<string> ActionIds(BlockKitMessage message) =>
        Blocks(message).Where(b => Type(b) == "actions").SelectMany(b => b!["elements"]!.AsArray()).Select(e => e!["action_id"]!.GetValue<string>()).ToList();

    private static AnswerReply AnswerOf(params Passage[] passages) => new AnswerReply("when do tariffs change?", passages);

    [Fact]
    public void EveryKindData_CoversEveryReplyKind()
    {
        var covered = BlockKitSamples.EveryKindData().Select(d => d[1].GetType()).ToHashSet();

        Assert.Equal(typeof(Reply).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Reply))).ToHashSet(), covered);
    }

    [Theory]
    [MemberData(nameof(BlockKitSamples.EveryKindData), MemberType = typeof(BlockKitSamples))]
    public void Render_EveryKind_MatchesBlockKitShapesAndLimits(string kind, Reply reply)
    {
        foreach (var options in new[] { BlockKitRenderOptions.Default, new BlockKitRenderOptions { ShareInChannel = true, ShareValue = "/summary latest" } })
        {
            string json = Json(BlockKitRenderer.Render(reply, options));

            var errors = BlockKitShape.Validate(json);

            Assert.True(errors.Count == 0, $"{kind}: {string.Join("; ", errors)}\n{json}");
        }
    }

    [Theory]
    [MemberData(nameof(BlockKitSamples.EveryKindData), MemberType = typeof(BlockKitSamples))]
    public void Render_EveryKind_EveryMrkdwnTextIsVerbatim(string kind, Reply reply)
    {
        using var doc = JsonDocument.Parse(Json(BlockKitRenderer.Render(reply)));
        var mrkdwn = new List<JsonElement>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var t) && t.GetString() == "mrkdwn")
                {
                    mrkdwn.Add(e);
                }

                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var i in e.EnumerateArray())
                {
                    Walk(i);
                }
            }
        }

        Walk(doc.RootElement);

        Assert.NotEmpty(mrkdwn);
        Assert.All(mrkdwn, m => Assert.True(m.GetProperty("verbatim").GetBoolean(), $"{kind}: {m}"));
    }

    [Theory]
    [MemberData(nameof(BlockKitSamples.HostileData), MemberType = typeof(BlockKitSamples))]
    public void Render_HostileArticleAndUserText_NoMentionOrForeignLinkSurvives(string kind, Reply reply)
    {
        var message = BlockKitRenderer.Render(reply, new BlockKitRenderOptions { ShareInChannel = true });
        string json = Json(message);

        foreach (string text in BlockKitShape.Texts(json))
        {
            foreach (string sequence in BlockKitShape.ControlSequences(text))
            {
                bool ours = BlockKitShape.IsPlainCharacterToken(sequence) || sequence.StartsWith("<https://example.org/h?a=1&amp;b=%3Cx%3E|", StringComparison.Ordinal);
                Assert.True(ours, $"{kind}: control sequence {sequence} in: {text}");
            }
        }

        Assert.DoesNotContain('<', message.Text);
        Assert.DoesNotContain('>', message.Text);
        Assert.True(BlockKitShape.Validate(json).Count == 0, string.Join("; ", BlockKitShape.Validate(json)));
    }

    [Fact]
    public void Render_HostileAnswer_ReaderSeesTheArticleTextExactly()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(HostileText, Hostile, 2, 0.9)));

        string quote = SectionText(Blocks(message)[0]);

        Assert.StartsWith("> ", quote, StringComparison.Ordinal);
        Assert.Equal(HostileText, BlockKitShape.Visible(quote[2..]));
        Assert.Contains(SlackText.Escape(HostileText), message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Answer_QuoteSectionThenCitationContext()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9)));

        var blocks = Blocks(message);
        Assert.Equal("section", Type(blocks[0]));
        Assert.Equal("> " + Quote, SectionText(blocks[0]));
        Assert.Equal("context", Type(blocks[1]));
        Assert.Equal("— <https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>, paragraph 2 · Observer Net", ContextText(blocks[1]));
        Assert.Equal("actions", Type(blocks[^1]));
    }

    [Fact]
    public void Render_AnswerWithoutUrl_CitationTitleIsNotALink()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage("Quotas were cut.", Other, 1, 0.9)));

        Assert.Equal("— Steel quotas tighten, paragraph 1 · Daily Ledger", ContextText(Blocks(message)[1]));
    }

    [Fact]
    public void Render_AnswerWithJavascriptUrl_IsNotLinked()
    {
        var article = Article with { Url = "javascript:alert(1)" };

        var message = BlockKitRenderer.Render(AnswerOf(new Passage("Quotas were cut.", article, 1, 0.9)));

        Assert.DoesNotContain("javascript", Json(message), StringComparison.Ordinal);
        Assert.DoesNotContain('<', ContextText(Blocks(message)[1]));
    }

    [Fact]
    public void Render_Answer_FallbackHasQuoteAndCitationLikeTheShell()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9)));

        Assert.Equal($"“{Quote}”\n— Canada and the EU rethink tariffs on Chinese electric vehicles, paragraph 2 · Observer Net · https://example.org/ev", message.Text);
    }

    [Fact]
    public void Render_Answer_HasMoreHelpfulNotHelpfulCarryingQuestionAndPassages()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9), new Passage("Second.", Other, 1, 0.8)));

        Assert.Equal(new[] { BlockKitActions.More, BlockKitActions.Helpful, BlockKitActions.NotHelpful }, ActionIds(message));
        var actions = Blocks(message).Single(b => Type(b) == "actions")!;
        Assert.Equal(BlockKitActions.BlockId, actions["block_id"]!.GetValue<string>());
        Assert.Equal(new[] { "More", "Helpful", "Not helpful" }, Buttons(message).Select(b => b!["text"]!["text"]!.GetValue<string>()));
        foreach (var button in Buttons(message))
        {
            Assert.True(BlockKitActionValue.TryParse(button!["value"]!.GetValue<string>(), out var value));
            Assert.Equal("when do tariffs change?", value.Question);
            Assert.Equal(new[] { new BlockKitPassageRef("ev-tariffs", 2), new BlockKitPassageRef("steel-quota", 1) }, value.Passages);
        }
    }

    [Fact]
    public void Render_AnswerNotEphemeral_HasNoShareButton()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9)));

        Assert.DoesNotContain(BlockKitActions.Share, ActionIds(message));
    }

    [Fact]
    public void Render_AnswerEphemeral_AddsPrimaryShareButtonWithAnswerValue()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9)), new BlockKitRenderOptions { ShareInChannel = true });

        var share = Buttons(message).Single(b => b!["action_id"]!.GetValue<string>() == BlockKitActions.Share)!;
        Assert.Equal("Share in channel", share["text"]!["text"]!.GetValue<string>());
        Assert.Equal("primary", share["style"]!.GetValue<string>());
        Assert.True(BlockKitActionValue.TryParse(share["value"]!.GetValue<string>(), out var value));
        Assert.Equal("when do tariffs change?", value.Question);
    }

    [Fact]
    public void Render_SummaryEphemeral_OnlyShareButtonWithCallersValue()
    {
        var reply = new SummaryReply(Article, new[] { new SummarySentence("First point.", 1) });

        var message = BlockKitRenderer.Render(reply, new BlockKitRenderOptions { ShareInChannel = true, ShareValue = "/summary ev-tariffs" });

        var button = Assert.Single(Buttons(message))!;
        Assert.Equal(BlockKitActions.Share, button["action_id"]!.GetValue<string>());
        Assert.Equal("/summary ev-tariffs", button["value"]!.GetValue<string>());
    }

    [Fact]
    public void Render_SummaryNotEphemeral_HasNoActions()
    {
        var reply = new SummaryReply(Article, new[] { new SummarySentence("First point.", 1) });

        Assert.DoesNotContain(Blocks(BlockKitRenderer.Render(reply)), b => Type(b) == "actions");
    }

    [Fact]
    public void Render_ShareValueOver2000Characters_Throws()
    {
        var options = new BlockKitRenderOptions { ShareInChannel = true, ShareValue = new string('x', 2001) };

        Assert.Throws<ArgumentException>(() => BlockKitRenderer.Render(new ErrorReply("x"), options));
    }

    [Fact]
    public void Render_NoAnswer_LooksDifferent_HeaderReasonAndPassagesLabelledNotAnswers()
    {
        var reply = new DeclinedReply("q", "The closest passage only shares the word 'tariffs' with the question.", new[] { new Passage("Some nearby sentence.", Article, 4, 0.2), new Passage("Another one.", Other, 1, 0.1) });

        var message = BlockKitRenderer.Render(reply);

        var blocks = Blocks(message);
        Assert.Equal("header", Type(blocks[0]));
        Assert.Equal(BlockKitRenderer.NoAnswerHeading, blocks[0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("The closest passage only shares the word 'tariffs' with the question.", SectionText(blocks[1]));
        Assert.Contains("(not answers)", SectionText(blocks[2]), StringComparison.Ordinal);
        Assert.Equal("1. “Some nearby sentence.”", SectionText(blocks[3]));
        Assert.Contains("paragraph 4", ContextText(blocks[4]), StringComparison.Ordinal);
        Assert.Equal("2. “Another one.”", SectionText(blocks[5]));
        Assert.DoesNotContain(blocks.Where(b => Type(b) == "section"), b => SectionText(b).StartsWith('>'));
        Assert.Equal(new[] { BlockKitActions.Helpful, BlockKitActions.NotHelpful }, ActionIds(message));
        Assert.StartsWith("I don't have a confident answer", message.Text, StringComparison.Ordinal);
        Assert.Contains("The closest passages (not answers):\n1. “Some nearby sentence.”", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnswerWithoutPassages_RendersAsNoAnswer()
    {
        var message = BlockKitRenderer.Render(Reply.FromAnswer(new AnswerResult("q", true, Array.Empty<Passage>(), TimeSpan.Zero)));

        Assert.Equal("header", Type(Blocks(message)[0]));
        Assert.DoesNotContain(BlockKitActions.More, ActionIds(message));
    }

    [Fact]
    public void Render_Summary_LinkedTitleBylineAndBulletsWithParagraph()
    {
        var reply = new SummaryReply(Article, new[] { new SummarySentence("First point.", 1), new SummarySentence("Second point.", 5) });

        var message = BlockKitRenderer.Render(reply);

        var blocks = Blocks(message);
        Assert.Equal("<https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>", SectionText(blocks[0]));
        Assert.Equal("Observer Net · Liu Bai · 2026-02-08", ContextText(blocks[1]));
        Assert.Equal("• First point. (paragraph 1)\n• Second point. (paragraph 5)", SectionText(blocks[2]));
        Assert.Equal(3, blocks.Count);
        Assert.Contains("Observer Net · Liu Bai · 2026-02-08 · https://example.org/ev", message.Text, StringComparison.Ordinal);
        Assert.Contains("• Second point. (paragraph 5)", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TopicSummary_HeadingThenQuotedPassagesWithCitations()
    {
        var reply = new TopicSummaryReply("EV tariffs", new[] { new Passage("Tariffs rose.", Article, 3, 0.8), new Passage("Quotas fell.", Other, 1, 0.7) });

        var blocks = Blocks(BlockKitRenderer.Render(reply));

        Assert.Equal("On \"EV tariffs\", from 2 articles:", SectionText(blocks[0]));
        Assert.Equal("> Tariffs rose.", SectionText(blocks[1]));
        Assert.Contains("paragraph 3", ContextText(blocks[2]), StringComparison.Ordinal);
        Assert.Equal("> Quotas fell.", SectionText(blocks[3]));
        Assert.Equal("— Steel quotas tighten, paragraph 1 · Daily Ledger", ContextText(blocks[4]));
    }

    [Fact]
    public void Render_Facts_TitleThenBulletsWithParagraph()
    {
        var reply = new FactsReply(Article, new[] { new Passage("In 2025, imports rose 12%.", Article, 3, 1) });

        var blocks = Blocks(BlockKitRenderer.Render(reply));

        Assert.Equal("Key facts — <https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>", SectionText(blocks[0]));
        Assert.Equal("• In 2025, imports rose 12%. (paragraph 3)", SectionText(blocks[1]));
    }

    [Fact]
    public void Render_FactsNone_ShowsTheMessage()
    {
        var reply = new FactsReply(Article, Array.Empty<Passage>());

        var blocks = Blocks(BlockKitRenderer.Render(reply));

        Assert.Equal(2, blocks.Count);
        Assert.Equal("This article has no sentence with figures, dates, places or organisations.", SectionText(blocks[1]));
    }

    [Fact]
    public void Render_QuotesOfArticle_SpeakerOrUnattributedWithParagraph()
    {
        var reply = new ArticleQuotesReply(Article, new[] { new QuoteItem("We will act.", "Mark Carney", Article, 4), new QuoteItem("Nobody knows.", null, Article, 6) });

        var message = BlockKitRenderer.Render(reply);

        var blocks = Blocks(message);
        Assert.Equal("Quotations — <https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>", SectionText(blocks[0]));
        Assert.Equal("• “We will act.” — Mark Carney (paragraph 4)\n• “Nobody knows.” — unattributed (paragraph 6)", SectionText(blocks[1]));
        Assert.Contains("• “We will act.” — Mark Carney (paragraph 4)", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_QuotesBySpeaker_CiteTitleAndParagraph()
    {
        var reply = new SpeakerQuotesReply("Carney", new[] { new QuoteItem("We will act.", "Mark Carney", Article, 4) });

        var blocks = Blocks(BlockKitRenderer.Render(reply));

        Assert.Equal("Quotations by Carney:", SectionText(blocks[0]));
        Assert.Equal("• “We will act.” — Mark Carney (<https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>, paragraph 4)", SectionText(blocks[1]));
    }

    [Fact]
    public void Render_ArticleList_IdSourceDateAndParagraphs()
    {
        var message = BlockKitRenderer.Render(new ArticleListReply(new[] { Article, Other }));

        var blocks = Blocks(message);
        Assert.Equal("2 articles:", SectionText(blocks[0]));
        Assert.Equal(
            "• <https://example.org/ev|Canada and the EU rethink tariffs on Chinese electric vehicles>\n   id ev-tariffs · Observer Net · 2026-02-08 · 12 paragraphs\n• Steel quotas tighten\n   id steel-quota · Daily Ledger · 2026-01-30 · 1 paragraph",
            SectionText(blocks[1]));
        Assert.Contains("id ev-tariffs · Observer Net · 2026-02-08 · 12 paragraphs", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EmptyArticleList_SaysThereAreNone()
    {
        var message = BlockKitRenderer.Render(new ArticleListReply(Array.Empty<PolicyBot.Core.Articles.ArticleInfo>()));

        Assert.Equal("There are no articles yet.", SectionText(Assert.Single(Blocks(message))));
        Assert.Equal("There are no articles yet.", message.Text);
    }

    [Fact]
    public void Render_Choice_ShowsQuestionThenCandidates()
    {
        var reply = new ChoiceReply("tariffs", new[] { Article, Other });

        var blocks = Blocks(BlockKitRenderer.Render(reply));

        Assert.Equal("Several articles match \"tariffs\"; which one? Use its id.", SectionText(blocks[0]));
        Assert.Contains("id steel-quota", SectionText(blocks[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Help_IntroThenEveryCommandEscaped()
    {
        var message = BlockKitRenderer.Render(new HelpReply(CommandParser.Commands));

        var blocks = Blocks(message);
        Assert.Equal(BlockKitRenderer.HelpIntro, SectionText(blocks[0]));
        string list = SectionText(blocks[1]);
        Assert.Equal(CommandParser.Commands.Count, list.Split('\n').Length);
        Assert.Contains("• /ask &lt;question&gt; — the same, as a command", list, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("usage", "Usage: /ask <question>", "Usage: /ask &lt;question&gt;")]
    [InlineData("error", "No article matches \"x\".", ":warning: No article matches \"x\".")]
    [InlineData("goodbye", "Goodbye.", "Goodbye.")]
    public void Render_MessageKinds_OneSectionWithTheMessage(string kind, string text, string expected)
    {
        Reply reply = kind switch
        {
            "usage" => new UsageReply(text),
            "error" => new ErrorReply(text),
            _ => new GoodbyeReply(),
        };

        var message = BlockKitRenderer.Render(reply);

        Assert.Equal(expected, SectionText(Assert.Single(Blocks(message))));
        Assert.Equal(SlackText.Escape(text), message.Text);
    }

    [Fact]
    public void Render_ErrorWithUserText_MentionEscaped()
    {
        var message = BlockKitRenderer.Render(new ErrorReply("No article matches \"<!channel> & <@U1>\"."));

        Assert.Equal(":warning: No article matches \"&lt;!channel&gt; &amp; &lt;@U1&gt;\".", SectionText(Blocks(message)[0]));
        Assert.Equal("No article matches \"&lt;!channel&gt; &amp; &lt;@U1&gt;\".", message.Text);
    }

    [Fact]
    public void Render_FiftyOnePassages_AtMostFiftyBlocksEndingWithMoreLine()
    {
        var passages = Enumerable.Range(1, 51).Select(i => new Passage($"Passage number {i} is short.", Article, i, 1.0 / i)).ToArray();

        var message = BlockKitRenderer.Render(AnswerOf(passages), new BlockKitRenderOptions { ShareInChannel = true });

        var blocks = Blocks(message);
        Assert.True(blocks.Count <= 50, $"{blocks.Count} blocks");
        int shown = blocks.Count(b => Type(b) == "section");
        Assert.InRange(shown, 20, 50);
        Assert.Equal("context", Type(blocks[^2]));
        Assert.Equal($"…and {51 - shown} more", ContextText(blocks[^2]));
        Assert.Equal("actions", Type(blocks[^1]));
        Assert.True(BlockKitActionValue.TryParse(Buttons(message)[0]!["value"]!.GetValue<string>(), out var value));
        Assert.Equal(shown, value.Passages.Count);
        Assert.Empty(BlockKitShape.Validate(Json(message)));
    }

    [Fact]
    public void Render_FiftyOnePassagesNoAnswer_AtMostFiftyBlocksEndingWithMoreLine()
    {
        var passages = Enumerable.Range(1, 51).Select(i => new Passage($"Nearby passage {i}.", Article, i, 0.1)).ToArray();

        var message = BlockKitRenderer.Render(new DeclinedReply("q", "Not confident.", passages));

        var blocks = Blocks(message);
        Assert.True(blocks.Count <= 50, $"{blocks.Count} blocks");
        int shown = blocks.Count(b => Type(b) == "section" && SectionText(b).Contains("Nearby passage", StringComparison.Ordinal));
        Assert.Equal($"…and {51 - shown} more", ContextText(blocks[^2]));
        Assert.Empty(BlockKitShape.Validate(Json(message)));
    }

    [Fact]
    public void Render_FiftyOneShortFacts_PackedIntoOneSectionNothingOmitted()
    {
        var facts = Enumerable.Range(1, 51).Select(i => new Passage($"Fact {i}.", Article, i, 1)).ToArray();

        var blocks = Blocks(BlockKitRenderer.Render(new FactsReply(Article, facts)));

        Assert.Equal(2, blocks.Count);
        Assert.Equal(51, SectionText(blocks[1]).Split('\n').Length);
        Assert.DoesNotContain("more", SectionText(blocks[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ManyLongSummarySentences_WholeSentencesWithinLimitsAndMoreLine()
    {
        var sentences = Enumerable.Range(1, 300)
            .Select(i => new SummarySentence($"Summary sentence {i} explains, at some length and with care, how the tariff schedule for electric vehicles changes in the coming year.", i))
            .ToArray();

        var message = BlockKitRenderer.Render(new SummaryReply(Article, sentences));
        string json = Json(message);

        Assert.Empty(BlockKitShape.Validate(json));
        var bullets = Blocks(message).Where(b => Type(b) == "section").Skip(1).SelectMany(b => SectionText(b).Split('\n')).ToList();
        Assert.Equal(sentences.Take(bullets.Count).Select(s => $"• {s.Text} (paragraph {s.Paragraph})"), bullets);
        Assert.Equal($"…and {300 - bullets.Count} more", ContextText(Blocks(message)[^1]));
        Assert.True(message.Text.Length <= BlockKitLimits.MaxFallbackText, $"{message.Text.Length}");
        Assert.EndsWith("more", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_FiftyOneArticlesWithLongTitles_WithinLimitsWithMoreLine()
    {
        var articles = Enumerable.Range(1, 51)
            .Select(i => Article with { Id = $"a{i}", Title = $"Article {i}: " + string.Concat(Enumerable.Repeat("a long title about tariffs ", 12)) })
            .ToArray();

        var message = BlockKitRenderer.Render(new ArticleListReply(articles));

        Assert.Empty(BlockKitShape.Validate(Json(message)));
        var blocks = Blocks(message);
        int shown = blocks.Where(b => Type(b) == "section").Sum(b => SectionText(b).Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal)));
        Assert.InRange(shown, 1, 50);
        Assert.Equal($"…and {51 - shown} more", ContextText(blocks[^1]));
    }

    [Fact]
    public void Render_SevenThousandCharacterPassage_SplitAtSentenceBoundariesIntoSectionsOf3000()
    {
        string passage = BlockKitSamples.LongPassage(7000);
        Assert.InRange(passage.Length, 7000, 7200);

        var message = BlockKitRenderer.Render(AnswerOf(new Passage(passage, Article, 5, 0.9)));

        var quotes = Blocks(message).Where(b => Type(b) == "section").Select(SectionText).ToList();
        Assert.InRange(quotes.Count, 3, 4);
        Assert.All(quotes, q => Assert.True(q.Length <= BlockKitLimits.MaxSectionText, $"{q.Length}"));
        Assert.All(quotes, q => Assert.StartsWith("> ", q, StringComparison.Ordinal));
        Assert.All(quotes, q => Assert.EndsWith("quarter.", q, StringComparison.Ordinal));
        Assert.Equal(passage, string.Join(' ', quotes.Select(q => q[2..])));
        Assert.Equal("context", Type(Blocks(message)[quotes.Count]));
        Assert.Empty(BlockKitShape.Validate(Json(message)));
    }

    [Fact]
    public void Render_SevenThousandCharacterPassage_FallbackWithin4000EndsAtSentenceAndKeepsCitation()
    {
        string passage = BlockKitSamples.LongPassage(7000);

        var message = BlockKitRenderer.Render(AnswerOf(new Passage(passage, Article, 5, 0.9)));

        Assert.True(message.Text.Length <= BlockKitLimits.MaxFallbackText, $"{message.Text.Length}");
        Assert.StartsWith("“Sentence 1 says", message.Text, StringComparison.Ordinal);
        Assert.Contains("quarter. …”\n— Canada and the EU", message.Text, StringComparison.Ordinal);
        Assert.EndsWith("paragraph 5 · Observer Net · https://example.org/ev", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PassageFullOfFormattingCharacters_SectionsStayWithin3000AfterEscaping()
    {
        string passage = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Rate *{i}* rose ~{i}% to `x_{i}`."));

        var message = BlockKitRenderer.Render(AnswerOf(new Passage(passage, Article, 1, 0.9)));

        var quotes = Blocks(message).Where(b => Type(b) == "section").Select(SectionText).ToList();
        Assert.True(quotes.Count > 1, $"{quotes.Count} sections");
        Assert.All(quotes, q => Assert.True(q.Length <= BlockKitLimits.MaxSectionText, $"{q.Length}"));
        Assert.Equal(passage, string.Join(' ', quotes.Select(q => BlockKitShape.Visible(q[2..]))));
        Assert.Empty(BlockKitShape.Validate(Json(message)));
    }

    [Fact]
    public void Render_SinglePassageOverTheMessageTotal_KeepsLeadingSentencesMarkedContinuedAndItsCitation()
    {
        string passage = string.Join(' ', Enumerable.Range(1, 150).Select(i => $"Rate *{i}* rose ~{i}% to `x_{i}`."));

        var message = BlockKitRenderer.Render(AnswerOf(new Passage(passage, Article, 1, 0.9)));

        Assert.Empty(BlockKitShape.Validate(Json(message)));
        var blocks = Blocks(message);
        var quotes = blocks.Where(b => Type(b) == "section").Select(SectionText).ToList();
        Assert.EndsWith(" …", quotes[^1], StringComparison.Ordinal);
        string shown = string.Join(' ', quotes.Select(q => BlockKitShape.Visible(q[2..]))).TrimEnd(' ', '…');
        Assert.StartsWith(shown, passage, StringComparison.Ordinal);
        Assert.EndsWith("`.", shown, StringComparison.Ordinal);
        Assert.Contains("paragraph 1", ContextText(blocks[quotes.Count]), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongQuotation_SplitAcrossBulletLinesWithSpeakerAtTheEnd()
    {
        string quote = BlockKitSamples.LongPassage(4000);
        var reply = new ArticleQuotesReply(Article, new[] { new QuoteItem(quote, "Mark Carney", Article, 2) });

        var message = BlockKitRenderer.Render(reply);

        var sections = Blocks(message).Where(b => Type(b) == "section").Skip(1).Select(SectionText).ToList();
        Assert.Equal(2, sections.Count);
        Assert.All(sections, s => Assert.True(s.Length <= BlockKitLimits.MaxSectionText, $"{s.Length}"));
        Assert.StartsWith("• “Sentence 1 ", sections[0], StringComparison.Ordinal);
        Assert.EndsWith("quarter.", sections[0], StringComparison.Ordinal);
        Assert.EndsWith("quarter.” — Mark Carney (paragraph 2)", sections[1], StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonObject_Twice_GivesIndependentCopies()
    {
        var message = BlockKitRenderer.Render(AnswerOf(new Passage(Quote, Article, 2, 0.9)));

        var first = message.ToJsonObject();
        var second = message.ToJsonObject();
        first["channel"] = "C1";

        Assert.Null(second["channel"]);
        Assert.True(JsonNode.DeepEquals(first["blocks"], second["blocks"]));
        Assert.Equal(message.Text, first["text"]!.GetValue<string>());
    }
    [Fact]
    public void Render_AnswerWithASpan_BoldsItInMrkdwn_AndTheFallbackIsPlain()
    {
        var passage = new Passage("【Wen/Observer Net, Liu Bai】", BlockKitSamples.Article, 0, 1) { Part = PassagePart.Byline, Span = new AnswerSpan(19, 7) };

        var message = BlockKitRenderer.Render(AnswerOf(passage));
        string json = Json(message);

        var blocks = Blocks(message);
        Assert.Equal("_From the byline:_", ContextText(blocks[0]));
        Assert.Equal("> 【Wen/Observer Net, *Liu Bai*】", SectionText(blocks[1]));
        Assert.DoesNotContain(", paragraph", ContextText(blocks[2]), StringComparison.Ordinal);
        string fallback = message.ToJsonObject()["text"]!.GetValue<string>();
        Assert.Contains("From the byline:", fallback, StringComparison.Ordinal);
        Assert.Contains("Liu Bai】", fallback, StringComparison.Ordinal);
        Assert.DoesNotContain("*Liu Bai*", fallback, StringComparison.Ordinal);
        Assert.DoesNotContain(AnswerMarks.Open, json);
        Assert.DoesNotContain(AnswerMarks.Close, json);
    }
}
