using System.Text.Json.Nodes;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>
/// Renders the neutral <see cref="Reply"/> as a Slack message: Block Kit blocks plus a plain-text fallback,
/// with the same content and wording as the shell. A pure function: no I/O, no clock.
/// <list type="bullet">
/// <item>An answer is each passage as a block quote (<c>&gt; …</c>) followed by a context line with the title
/// (linked to the article), the paragraph and the source; then the buttons More, Helpful, Not helpful.</item>
/// <item>"No confident answer" starts with a header saying so, then the one-line reason, then the closest passages
/// labelled as not answers: numbered, in quotation marks, never as block quotes.</item>
/// <item>Every piece of article or user text goes through <see cref="SlackText.Literal"/> (blocks) or
/// <see cref="SlackText.Escape"/> (fallback); every mrkdwn text object is <c>verbatim</c>.</item>
/// <item>Limits: at most 50 blocks, 3000 characters a section, about 12,000 characters of block text in all and
/// 4000 of fallback text. Lists keep whole items (<see cref="ReplyLimits.Fit"/>) and end with "…and N more"; a
/// passage too long for one section is cut at sentence boundaries across several.</item>
/// </list>
/// </summary>
public static class BlockKitRenderer
{
    public const string NoAnswerHeading = BotText.NoConfidentAnswer;
    public const string ClosestPassagesLabel = BotText.ClosestPassages;
    public const string HelpIntro = BotText.HelpIntro;

    /// <summary>Marks a single passage cut short because it alone exceeds the message's total text.</summary>
    internal const string Continued = " …";

    public static BlockKitMessage Render(Reply reply, BlockKitRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        options ??= BlockKitRenderOptions.Default;
        if (options.ShareValue is { Length: > BlockKitLimits.MaxButtonValue } tooLong)
        {
            throw new ArgumentException($"The share value has {tooLong.Length} characters; a button value holds at most {BlockKitLimits.MaxButtonValue}.", nameof(options));
        }

        var layout = reply.Accept(new Layouts(options));

        if (layout.Actions is null && options.ShareInChannel)
        {
            layout.Actions = _ => BlockKit.Actions(BlockKitActions.BlockId, new[] { ShareButton(options.ShareValue) });
        }

        return layout.Build();
    }

    /// <summary>The citation under a quotation: "— &lt;url|Title&gt;, paragraph N · Source" (the title linked when the article has an http(s) URL).</summary>
    public static string Citation(ArticleInfo article, int paragraph)
    {
        ArgumentNullException.ThrowIfNull(article);
        // Paragraph 0 is what comes before the text (the byline, the title): there is no paragraph to count to.
        string text = $"— {SlackText.LinkOrLabel(article.Url, SlackText.Flatten(article.Title))}" + (paragraph > 0 ? $", paragraph {paragraph}" : "");
        return article.Source is { Length: > 0 } source ? $"{text} · {SlackText.Literal(SlackText.Flatten(source))}" : text;
    }

    /// <summary>One layout per reply kind: the visitor is what makes this renderer exhaustive.</summary>
    private sealed class Layouts(BlockKitRenderOptions options) : IReplyVisitor<BlockKitLayout>
    {
        public BlockKitLayout Answer(AnswerReply reply) => BlockKitRenderer.Answer(reply, options);

        public BlockKitLayout Declined(DeclinedReply reply) => NoAnswer(reply, options);

        public BlockKitLayout Summary(SummaryReply reply) => BlockKitRenderer.Summary(reply.Article, reply.Sentences);

        public BlockKitLayout TopicSummary(TopicSummaryReply reply) => BlockKitRenderer.TopicSummary(reply);

        public BlockKitLayout Facts(FactsReply reply) => BlockKitRenderer.Facts(reply);

        public BlockKitLayout ArticleQuotes(ArticleQuotesReply reply) => Quotes(reply.Article, reply.Quotes.Count == 0 ? BotText.NoQuotes : null, reply.Quotes);

        public BlockKitLayout SpeakerQuotes(SpeakerQuotesReply reply) => Quotes(null, BotText.QuotationsBy(reply.Speaker), reply.Quotes);

        public BlockKitLayout ArticleList(ArticleListReply reply) => BlockKitRenderer.ArticleList(BotText.Articles(reply.Articles.Count), reply.Articles);

        public BlockKitLayout Choice(ChoiceReply reply) => BlockKitRenderer.ArticleList(reply.Prompt, reply.Candidates);

        public BlockKitLayout Help(HelpReply reply) => BlockKitRenderer.Help(reply);

        public BlockKitLayout Usage(UsageReply reply) => MessageOnly(reply.Message, "");

        public BlockKitLayout Error(ErrorReply reply) => MessageOnly(reply.Message, ":warning: ");

        public BlockKitLayout Goodbye(GoodbyeReply reply) => MessageOnly(BotText.Goodbye, "");

        public BlockKitLayout Confirmation(ConfirmationReply reply) => MessageOnly(reply.Message, "");

        public BlockKitLayout FeedbackThanks(FeedbackThanksReply reply) => MessageOnly(reply.Message, "");

        public BlockKitLayout Alert(AlertReply reply) => BlockKitRenderer.Alert(reply);

        public BlockKitLayout AlertDigest(AlertDigestReply reply) => BlockKitRenderer.ArticleList(reply.Heading, reply.Articles);
    }

    private static BlockKitLayout Answer(AnswerReply reply, BlockKitRenderOptions options)
    {
        var layout = new BlockKitLayout();
        foreach (var passage in reply.Passages)
        {
            var pieces = new List<BlockKitPiece>();
            string fallbackLabel = "";
            if (BotText.PartLabel(passage.Part) is { } label)
            {
                // An answer from the byline or a caption says so before the quote.
                pieces.Add(new BlockKitPiece(BlockKitPieceKind.Context, "_" + SlackText.Literal(label) + "_"));
                fallbackLabel = label + "\n";
            }

            // The answering words in bold; the notification text is plain.
            pieces.AddRange(TextPieces(BlockKitPieceKind.Section, SlackText.Flatten(AnswerMarks.Mark(passage)), "> ", "> ", ""));
            pieces.Add(new BlockKitPiece(BlockKitPieceKind.Context, Citation(passage.Article, passage.Paragraph)));
            layout.Items.Add(new BlockKitItem(pieces, new BlockKitFallbackItem(fallbackLabel + "“", SlackText.Flatten(passage.Text), "”\n" + FallbackCitation(passage))));
        }

        layout.Actions = kept => FeedbackButtons(reply.Question, reply.Passages, kept, options, withMore: true);
        return layout;
    }

    /// <summary>More (answers only), Helpful, Not helpful, and Share when asked; all carry the passages actually shown.</summary>
    private static JsonObject FeedbackButtons(string question, IReadOnlyList<Passage> passages, int kept, BlockKitRenderOptions options, bool withMore)
    {
        string value = ActionValue(question, passages, kept);
        var buttons = new List<JsonObject>();
        if (withMore)
        {
            buttons.Add(BlockKit.Button("More", BlockKitActions.More, value));
        }

        buttons.Add(BlockKit.Button("Helpful", BlockKitActions.Helpful, value));
        buttons.Add(BlockKit.Button("Not helpful", BlockKitActions.NotHelpful, value));
        if (options.ShareInChannel)
        {
            buttons.Add(ShareButton(options.ShareValue ?? value));
        }

        return BlockKit.Actions(BlockKitActions.BlockId, buttons);
    }

    private static BlockKitLayout NoAnswer(DeclinedReply reply, BlockKitRenderOptions options)
    {
        var layout = new BlockKitLayout();
        layout.Head.Add(BlockKit.Header(NoAnswerHeading));
        layout.FallbackHead.Add(NoAnswerHeading);
        if (reply.Reason is { Length: > 0 } reason)
        {
            layout.Head.AddRange(Sections(reason.Trim(), "", ""));
            layout.FallbackHead.Add(reason.Trim());
        }

        if (reply.Closest.Count > 0)
        {
            layout.Head.Add(BlockKit.Section("*The closest passages* (not answers):"));
            layout.FallbackHead.Add(ClosestPassagesLabel);
        }

        for (int i = 0; i < reply.Closest.Count; i++)
        {
            var passage = reply.Closest[i];
            string text = SlackText.Flatten(passage.Text);
            var pieces = TextPieces(BlockKitPieceKind.Section, text, $"{i + 1}. “", "", "”").ToList();
            pieces.Add(new BlockKitPiece(BlockKitPieceKind.Context, Citation(passage.Article, passage.Paragraph)));
            layout.Items.Add(new BlockKitItem(pieces, new BlockKitFallbackItem($"{i + 1}. “", text, "”\n   " + FallbackCitation(passage))));
        }

        layout.Actions = kept => FeedbackButtons(reply.Question, reply.Closest, kept, options, withMore: false);
        return layout;
    }

    private static BlockKitLayout Summary(ArticleInfo article, IReadOnlyList<Core.Summaries.SummarySentence> sentences)
    {
        var layout = new BlockKitLayout();
        layout.Head.Add(BlockKit.Section(SlackText.LinkOrLabel(article.Url, SlackText.Flatten(article.Title))));
        layout.FallbackHead.Add(SlackText.Flatten(article.Title));
        var byline = new[] { article.Source, article.Author, article.Published }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => SlackText.Flatten(s!)).ToList();
        if (byline.Count > 0)
        {
            layout.Head.Add(BlockKit.Context(SlackText.Literal(string.Join(" · ", byline))));
        }

        if (byline.Count > 0 || SlackText.IsWebUrl(article.Url))
        {
            layout.FallbackHead.Add(string.Join(" · ", SlackText.IsWebUrl(article.Url) ? byline.Append(article.Url!) : byline));
        }

        foreach (var sentence in sentences)
        {
            layout.Items.Add(Bullet(sentence.Text, $" (paragraph {sentence.Paragraph})"));
        }

        return layout;
    }

    /// <summary>A new article: "New article", the linked title, the byline, the sentence that matched the topic, the summary.</summary>
    private static BlockKitLayout Alert(AlertReply reply)
    {
        var layout = Summary(reply.Article, reply.Summary);
        layout.Head.Insert(0, BlockKit.Context($":newspaper: *{BotText.NewArticle}*"));
        layout.FallbackHead.Insert(0, BotText.NewArticle + ":");
        foreach (var match in reply.Matches)
        {
            string text = SlackText.Flatten(match.Text);
            string label = $"Matches \"{SlackText.Flatten(reply.Topic ?? "")}\" (paragraph {match.Paragraph}):";
            layout.Head.AddRange(Sections(label, "", ""));
            layout.Head.AddRange(TextPieces(BlockKitPieceKind.Section, text, "> ", "> ", "").Select(p => BlockKit.Section(p.Text)));
            layout.FallbackHead.Add($"{label} “{text}”");
        }

        return layout;
    }

    private static BlockKitLayout Facts(FactsReply reply)
    {
        var layout = new BlockKitLayout();
        var article = reply.Article;
        string title = SlackText.Flatten(article.Title);
        layout.Head.Add(BlockKit.Section("Key facts — " + SlackText.LinkOrLabel(article.Url, title)));
        layout.FallbackHead.Add("Key facts — " + title);
        if (reply.Facts.Count == 0)
        {
            layout.Head.AddRange(Sections(BotText.NoFacts, "", ""));
            layout.FallbackHead.Add(BotText.NoFacts);
        }

        foreach (var fact in reply.Facts)
        {
            layout.Items.Add(Bullet(fact.Text, $" (paragraph {fact.Paragraph})"));
        }

        return layout;
    }

    /// <summary>An article's quotations (<paramref name="article"/> set, with a note when there are none), or a speaker's under a heading.</summary>
    private static BlockKitLayout Quotes(ArticleInfo? article, string? message, IReadOnlyList<QuoteItem> quotes)
    {
        var layout = new BlockKitLayout();
        if (article is not null)
        {
            string title = SlackText.Flatten(article.Title);
            layout.Head.Add(BlockKit.Section($"{BotText.Quotations} — " + SlackText.LinkOrLabel(article.Url, title)));
            layout.FallbackHead.Add($"{BotText.Quotations} — " + title);
            if (message is { Length: > 0 })
            {
                layout.Head.AddRange(Sections(message, "", ""));
                layout.FallbackHead.Add(message);
            }
        }
        else
        {
            string heading = message ?? BotText.Quotations + ":";
            layout.Head.AddRange(Sections(heading, "", ""));
            layout.FallbackHead.Add(heading);
        }

        foreach (var quote in quotes)
        {
            string title = SlackText.Flatten(quote.Article.Title);
            string where = article is null ? $"{SlackText.LinkOrLabel(quote.Article.Url, title)}, paragraph {quote.Paragraph}" : $"paragraph {quote.Paragraph}";
            string rawWhere = article is null ? $"{title}, paragraph {quote.Paragraph}" : $"paragraph {quote.Paragraph}";
            string? speaker = quote.Speaker is { Length: > 0 } s ? SlackText.Flatten(s) : null;
            string who = speaker is null ? $"unattributed ({where})" : $"{SlackText.Literal(speaker)} ({where})";
            string rawWho = speaker is null ? $"unattributed ({rawWhere})" : $"{speaker} ({rawWhere})";
            string text = SlackText.Flatten(quote.Quote);
            layout.Items.Add(new BlockKitItem(
                TextPieces(BlockKitPieceKind.Line, text, "• “", "   ", "” — " + who).ToList(),
                new BlockKitFallbackItem("• “", text, "” — " + rawWho)));
        }

        return layout;
    }

    private static BlockKitLayout TopicSummary(TopicSummaryReply reply)
    {
        var layout = new BlockKitLayout();
        string heading = BotText.OnTopic(reply.Topic, reply.Articles.Count);
        layout.Head.AddRange(Sections(heading, "", ""));
        layout.FallbackHead.Add(heading);
        foreach (var passage in reply.Passages)
        {
            string text = SlackText.Flatten(passage.Text);
            var pieces = TextPieces(BlockKitPieceKind.Section, text, "> ", "> ", "").ToList();
            pieces.Add(new BlockKitPiece(BlockKitPieceKind.Context, Citation(passage.Article, passage.Paragraph)));
            layout.Items.Add(new BlockKitItem(pieces, new BlockKitFallbackItem("• “", text, "”\n  " + FallbackCitation(passage))));
        }

        return layout;
    }

    private static BlockKitLayout ArticleList(string heading, IReadOnlyList<ArticleInfo> articles)
    {
        var layout = new BlockKitLayout();
        layout.Head.AddRange(Sections(heading, "", ""));
        layout.FallbackHead.Add(heading);
        foreach (var article in articles)
        {
            string title = SlackText.Flatten(article.Title);
            var facts = new List<string> { $"id {article.Id}" };
            if (article.Source is { Length: > 0 } source)
            {
                facts.Add(SlackText.Flatten(source));
            }

            if (article.Published is { Length: > 0 } published)
            {
                facts.Add(published);
            }

            facts.Add(article.ParagraphCount == 1 ? "1 paragraph" : $"{article.ParagraphCount} paragraphs");
            string details = string.Join(" · ", facts);
            layout.Items.Add(new BlockKitItem(
                new[] { new BlockKitPiece(BlockKitPieceKind.Line, $"• {SlackText.LinkOrLabel(article.Url, title)}\n   {SlackText.Literal(details)}") },
                new BlockKitFallbackItem("• ", title, "\n  " + details)));
        }

        return layout;
    }

    private static BlockKitLayout Help(HelpReply reply)
    {
        var layout = new BlockKitLayout();
        layout.Head.Add(BlockKit.Section(HelpIntro));
        layout.FallbackHead.Add(HelpIntro);
        foreach (var (usage, description) in reply.Commands)
        {
            layout.Items.Add(new BlockKitItem(
                TextPieces(BlockKitPieceKind.Line, description, $"• {SlackText.Literal(usage)} — ", "   ", "").ToList(),
                new BlockKitFallbackItem($"• {usage} — ", description, "")));
        }

        return layout;
    }

    /// <summary>A message alone (usage, error, confirmation …), after <paramref name="prefix"/> (mrkdwn).</summary>
    private static BlockKitLayout MessageOnly(string text, string prefix)
    {
        var layout = new BlockKitLayout();
        string message = text.Trim();
        layout.Items.Add(new BlockKitItem(TextPieces(BlockKitPieceKind.Section, message, prefix, "", "").ToList(), new BlockKitFallbackItem("", message, "")));
        return layout;
    }

    private static BlockKitItem Bullet(string rawText, string suffix)
    {
        string text = SlackText.Flatten(rawText);
        return new BlockKitItem(TextPieces(BlockKitPieceKind.Line, text, "• ", "   ", suffix).ToList(), new BlockKitFallbackItem("• ", text, suffix));
    }

    /// <summary>
    /// Raw text as escaped pieces of at most 3000 characters, cut at sentence boundaries: the first piece after
    /// <paramref name="firstPrefix"/>, the others after <paramref name="nextPrefix"/>, the last followed by
    /// <paramref name="suffix"/> (prefixes and suffix are mrkdwn already).
    /// </summary>
    private static IEnumerable<BlockKitPiece> TextPieces(BlockKitPieceKind kind, string raw, string firstPrefix, string nextPrefix, string suffix)
    {
        int room = BlockKitLimits.MaxSectionText - Math.Max(firstPrefix.Length, nextPrefix.Length) - suffix.Length - Continued.Length;
        var parts = BlockKitSplitter.Split(raw, Math.Max(100, room), p => SlackText.Literal(p.Trim()).Length);
        // Marked answering words become mrkdwn bold, closed and reopened where the text is cut.
        var literal = AnswerMarks.Apply(parts.Select(p => SlackText.Literal(p.Trim())), "*", "*");
        for (int i = 0; i < parts.Count; i++)
        {
            string text = (i == 0 ? firstPrefix : nextPrefix) + literal[i] + (i == parts.Count - 1 ? suffix : "");
            yield return new BlockKitPiece(kind, text.Length > 0 ? text : "…");
        }
    }

    private static IEnumerable<JsonObject> Sections(string raw, string firstPrefix, string suffix) =>
        TextPieces(BlockKitPieceKind.Section, raw, firstPrefix, "", suffix).Select(p => BlockKit.Section(p.Text));

    private static JsonObject ShareButton(string? value) => BlockKit.Button("Share in channel", BlockKitActions.Share, value, "primary");

    private static string ActionValue(string question, IReadOnlyList<Passage> passages, int kept) =>
        new BlockKitActionValue(question, passages.Take(kept).Select(p => new BlockKitPassageRef(p.Article.Id, p.Paragraph)).ToList()).Encode();

    /// <summary>The shell's citation: "— Title, paragraph N · Source · url" (raw; escaped with the rest of the fallback).</summary>
    private static string FallbackCitation(Passage passage)
    {
        var parts = new List<string> { SlackText.Flatten(passage.Article.Title) + (passage.Paragraph > 0 ? $", paragraph {passage.Paragraph}" : "") };
        if (passage.Article.Source is { Length: > 0 } source)
        {
            parts.Add(SlackText.Flatten(source));
        }

        if (SlackText.IsWebUrl(passage.Article.Url))
        {
            parts.Add(passage.Article.Url!);
        }

        return "— " + string.Join(" · ", parts);
    }
}
