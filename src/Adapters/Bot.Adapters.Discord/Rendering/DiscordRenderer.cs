using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Text;

namespace PolicyBot.Adapters.Discord.Rendering;

/// <summary>How a reply is shown: privately (then with "Show to channel"), and whether answer buttons are wanted.</summary>
public sealed record DiscordRenderOptions(bool Private = false, bool Buttons = true)
{
    public static readonly DiscordRenderOptions Default = new();
}

/// <summary>
/// Renders the neutral <see cref="Reply"/> as Discord messages, with the same content and wording as the shell and
/// Slack. A pure function: no I/O, no clock.
/// <list type="bullet">
/// <item>An answer is one embed per passage: the quotation as the description, the article title (linked to the
/// article) as the title, "Paragraph N · Source · date" as the footer. The content line repeats the question, so
/// the buttons under it (More, Helpful, Not helpful) can be carried out from the message alone.</item>
/// <item>"No confident answer" says so with its reason; the closest passages follow, each labelled "not an answer".</item>
/// <item>Lists (summary sentences, facts, quotations, articles, commands) are one embed whose description keeps whole
/// items (<see cref="ReplyLimits.Fit"/>) and ends with "…and N more".</item>
/// <item>Limits: 2000 characters of content, 10 embeds and 6000 characters of embed text a message, 4096 a
/// description, 256 a title. A passage longer than a description is cut at sentence boundaries across embeds; a reply
/// that does not fit one message continues in the next (the buttons go on the last).</item>
/// <item>Article and user text goes through <see cref="DiscordText.Escape"/>; every message parses no mentions.</item>
/// </list>
/// </summary>
public static class DiscordRenderer
{
    public const string NoAnswerHeading = BotText.NoConfidentAnswer;
    public const string QuestionPrefix = "**Q:** ";
    public const string NotAnAnswerLabel = BotText.NotAnAnswer;
    public const int AccentColor = 0x3B7DD8;
    public const int NoAnswerColor = 0x9AA0A6;
    private const int QuestionShown = 300;
    private const int ListRoom = DiscordLimits.EmbedDescription - 96;

    public static IReadOnlyList<DiscordMessage> Render(Reply reply, DiscordRenderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        options ??= DiscordRenderOptions.Default;
        var (content, embeds, buttons) = reply.Accept(new Parts(options));

        if (options.Private && !buttons.Any(b => (string?)b["custom_id"] == DiscordButtons.Share))
        {
            buttons.Add(Button("Show to channel", DiscordButtons.Share, ButtonStyleSuccess));
        }

        return Pack(content, embeds, buttons);
    }

    /// <summary>The citation shown under a quotation: "Paragraph N · Source · date".</summary>
    public static string Footer(ArticleInfo article, int paragraph)
    {
        ArgumentNullException.ThrowIfNull(article);
        // Paragraph 0 is what comes before the text (the byline, the title): there is no paragraph to count to.
        var parts = paragraph > 0 ? new List<string> { "Paragraph " + paragraph.ToString(CultureInfo.InvariantCulture) } : new List<string> { article.Title };
        if (article.Source is { Length: > 0 } source)
        {
            parts.Add(source);
        }

        if (article.Published is { Length: > 0 } published)
        {
            parts.Add(published);
        }

        return DiscordText.Plain(string.Join(" · ", parts), DiscordLimits.EmbedFooter);
    }

    private const int ButtonStylePrimary = 1;
    private const int ButtonStyleSecondary = 2;
    private const int ButtonStyleSuccess = 3;

    /// <summary>One rendering per reply kind: the visitor is what makes this renderer exhaustive.</summary>
    private sealed class Parts(DiscordRenderOptions options) : IReplyVisitor<(string?, List<JsonObject>, List<JsonObject>)>
    {
        public (string?, List<JsonObject>, List<JsonObject>) Answer(AnswerReply reply) => DiscordRenderer.Answer(reply, options);

        public (string?, List<JsonObject>, List<JsonObject>) Declined(DeclinedReply reply) => NoAnswer(reply, options);

        public (string?, List<JsonObject>, List<JsonObject>) Summary(SummaryReply reply) => DiscordRenderer.Summary(reply);

        public (string?, List<JsonObject>, List<JsonObject>) TopicSummary(TopicSummaryReply reply) => DiscordRenderer.TopicSummary(reply);

        public (string?, List<JsonObject>, List<JsonObject>) Facts(FactsReply reply) => DiscordRenderer.Facts(reply);

        public (string?, List<JsonObject>, List<JsonObject>) ArticleQuotes(ArticleQuotesReply reply) => Quotes(reply.Article, reply.Quotes.Count == 0 ? BotText.NoQuotes : null, reply.Quotes);

        public (string?, List<JsonObject>, List<JsonObject>) SpeakerQuotes(SpeakerQuotesReply reply) => Quotes(null, BotText.QuotationsBy(reply.Speaker), reply.Quotes);

        public (string?, List<JsonObject>, List<JsonObject>) ArticleList(ArticleListReply reply) => DiscordRenderer.ArticleList(BotText.Articles(reply.Articles.Count), reply.Articles);

        public (string?, List<JsonObject>, List<JsonObject>) Choice(ChoiceReply reply) => DiscordRenderer.ArticleList(reply.Prompt, reply.Candidates);

        public (string?, List<JsonObject>, List<JsonObject>) Help(HelpReply reply) => DiscordRenderer.Help(reply);

        public (string?, List<JsonObject>, List<JsonObject>) Usage(UsageReply reply) => MessageOnly(reply.Message, "");

        public (string?, List<JsonObject>, List<JsonObject>) Error(ErrorReply reply) => MessageOnly(reply.Message, "⚠️ ");

        public (string?, List<JsonObject>, List<JsonObject>) Goodbye(GoodbyeReply reply) => MessageOnly(BotText.Goodbye, "");

        public (string?, List<JsonObject>, List<JsonObject>) Confirmation(ConfirmationReply reply) => MessageOnly(reply.Message, "");

        public (string?, List<JsonObject>, List<JsonObject>) FeedbackThanks(FeedbackThanksReply reply) => MessageOnly(reply.Message, "");

        public (string?, List<JsonObject>, List<JsonObject>) Alert(AlertReply reply) => DiscordRenderer.Alert(reply);

        public (string?, List<JsonObject>, List<JsonObject>) AlertDigest(AlertDigestReply reply) => DiscordRenderer.ArticleList(reply.Heading, reply.Articles);
    }

    private static (string?, List<JsonObject>, List<JsonObject>) Answer(AnswerReply reply, DiscordRenderOptions options)
    {
        var embeds = reply.Passages.SelectMany(p => PassageEmbeds(p, AccentColor, author: null)).ToList();
        var buttons = options.Buttons
            ? new List<JsonObject> { Button("More", DiscordButtons.More, ButtonStylePrimary), Button("Helpful", DiscordButtons.Helpful, ButtonStyleSecondary), Button("Not helpful", DiscordButtons.NotHelpful, ButtonStyleSecondary) }
            : new List<JsonObject>();
        return (QuestionLine(reply.Question), embeds, buttons);
    }

    private static (string?, List<JsonObject>, List<JsonObject>) NoAnswer(DeclinedReply reply, DiscordRenderOptions options)
    {
        var lines = new List<string>();
        if (QuestionLine(reply.Question) is { } question)
        {
            lines.Add(question);
        }

        lines.Add(NoAnswerHeading);
        if (reply.Reason is { Length: > 0 } reason)
        {
            lines.Add(DiscordText.Escape(DiscordText.Flatten(reason)));
        }

        var embeds = new List<JsonObject>();
        for (int i = 0; i < reply.Closest.Count; i++)
        {
            embeds.AddRange(PassageEmbeds(reply.Closest[i], NoAnswerColor, $"Closest passage {i + 1} — {NotAnAnswerLabel}"));
        }

        var buttons = options.Buttons && reply.Closest.Count > 0
            ? new List<JsonObject> { Button("Helpful", DiscordButtons.Helpful, ButtonStyleSecondary), Button("Not helpful", DiscordButtons.NotHelpful, ButtonStyleSecondary) }
            : new List<JsonObject>();
        return (string.Join('\n', lines), embeds, buttons);
    }

    private static (string?, List<JsonObject>, List<JsonObject>) Summary(SummaryReply reply)
    {
        var article = reply.Article;
        var items = reply.Sentences.Select(s => $"• {Quote(s.Text)} (paragraph {s.Paragraph})").ToList();
        var embed = ListEmbed(items, article.Title, article.Url, Byline(article));
        return (null, new List<JsonObject> { embed }, new List<JsonObject>());
    }

    /// <summary>A new article: its linked title, the sentence that matched the topic, the summary, the byline.</summary>
    private static (string?, List<JsonObject>, List<JsonObject>) Alert(AlertReply reply)
    {
        var article = reply.Article;
        var items = new List<string>();
        foreach (var match in reply.Matches)
        {
            items.Add($"Matches “{Quote(reply.Topic ?? "")}” (paragraph {match.Paragraph}):\n> {Quote(match.Text)}");
        }

        items.AddRange(reply.Summary.Select(s => $"• {Quote(s.Text)} (paragraph {s.Paragraph})"));
        var embed = ListEmbed(items, article.Title, article.Url, Byline(article));
        embed["author"] = new JsonObject { ["name"] = BotText.NewArticle };
        return ($"📰 {BotText.NewArticle}: **{Quote(DiscordText.Cut(DiscordText.Flatten(article.Title), 200))}** — ask me about it, or `/summary article: {article.Id.Replace("`", "'", StringComparison.Ordinal)}`", new List<JsonObject> { embed }, new List<JsonObject>());
    }

    private static (string?, List<JsonObject>, List<JsonObject>) Facts(FactsReply reply)
    {
        var article = reply.Article;
        var items = new List<string>();
        if (reply.Facts.Count == 0)
        {
            items.Add(DiscordText.Escape(DiscordText.Flatten(BotText.NoFacts)));
        }

        items.AddRange(reply.Facts.Select(f => $"• {Quote(f.Text)} (paragraph {f.Paragraph})"));
        var embed = ListEmbed(items, "Key facts — " + article.Title, article.Url, Byline(article));
        return (null, new List<JsonObject> { embed }, new List<JsonObject>());
    }

    /// <summary>An article's quotations (<paramref name="article"/> set, with a note when there are none), or a speaker's under a heading.</summary>
    private static (string?, List<JsonObject>, List<JsonObject>) Quotes(ArticleInfo? article, string? message, IReadOnlyList<QuoteItem> quotes)
    {
        var items = new List<string>();
        string title;
        if (article is not null)
        {
            title = $"{BotText.Quotations} — " + article.Title;
            if (message is { Length: > 0 })
            {
                items.Add(DiscordText.Escape(DiscordText.Flatten(message)));
            }
        }
        else
        {
            title = message ?? BotText.Quotations;
        }

        foreach (var quote in quotes)
        {
            string where = article is null ? $"{Quote(quote.Article.Title)}, paragraph {quote.Paragraph}" : $"paragraph {quote.Paragraph}";
            string who = quote.Speaker is { Length: > 0 } speaker ? $"{Quote(speaker)} ({where})" : $"unattributed ({where})";
            items.Add($"• “{Quote(quote.Quote)}” — {who}");
        }

        var embed = ListEmbed(items, title, article?.Url, article is { } a ? Byline(a) : null);
        return (null, new List<JsonObject> { embed }, new List<JsonObject>());
    }

    private static (string?, List<JsonObject>, List<JsonObject>) TopicSummary(TopicSummaryReply reply)
    {
        string heading = DiscordText.Escape(BotText.OnTopic(DiscordText.Flatten(reply.Topic), reply.Articles.Count));
        var embeds = reply.Passages.SelectMany(p => PassageEmbeds(p, AccentColor, author: null)).ToList();
        return (heading, embeds, new List<JsonObject>());
    }

    private static (string?, List<JsonObject>, List<JsonObject>) ArticleList(string heading, IReadOnlyList<ArticleInfo> articles)
    {
        var items = new List<string>();
        foreach (var article in articles)
        {
            var facts = new List<string> { $"id `{article.Id.Replace("`", "'", StringComparison.Ordinal)}`" };
            if (article.Source is { Length: > 0 } source)
            {
                facts.Add(Quote(source));
            }

            if (article.Published is { Length: > 0 } published)
            {
                facts.Add(Quote(published));
            }

            facts.Add(BotText.Plural(article.ParagraphCount, "paragraph"));
            string title = DiscordText.IsWebUrl(article.Url) ? $"[{Quote(LinkLabel(article.Title))}](<{article.Url}>)" : Quote(article.Title);
            items.Add($"• **{title}**\n  {string.Join(" · ", facts)}");
        }

        var embeds = articles.Count == 0 ? new List<JsonObject>() : new List<JsonObject> { ListEmbed(items, null, null, null) };
        return (DiscordText.Escape(heading), embeds, new List<JsonObject>());
    }

    private static (string?, List<JsonObject>, List<JsonObject>) Help(HelpReply reply)
    {
        var items = reply.Commands.Select(c => $"• `{c.Usage.Replace("`", "'", StringComparison.Ordinal)}` — {DiscordText.Escape(c.Description)}").ToList();
        items.Add("Mention me or send me a direct message to ask in plain words. Add `private: True` to a command to see the reply alone.");
        return (BotText.HelpIntro, new List<JsonObject> { ListEmbed(items, null, null, null) }, new List<JsonObject>());
    }

    /// <summary>A message alone (usage, error, confirmation …) as content, after <paramref name="prefix"/>.</summary>
    private static (string?, List<JsonObject>, List<JsonObject>) MessageOnly(string text, string prefix)
    {
        string message = text.Trim();
        int room = DiscordLimits.Content - prefix.Length - 2;
        var pieces = TextPieces.Split(message, room, p => DiscordText.Escape(p.Trim()).Length);
        string escaped = DiscordText.Escape(pieces[0].Trim());
        string content = prefix + (pieces.Count > 1 || escaped.Length > room ? DiscordText.Cut(escaped, room) + " …" : escaped);
        return (content, new List<JsonObject>(), new List<JsonObject>());
    }

    /// <summary>One passage as embeds: the first titled and linked, each with the citation footer; cut at sentences when long.</summary>
    private static IEnumerable<JsonObject> PassageEmbeds(Passage passage, int color, string? author)
    {
        string text = DiscordText.Flatten(AnswerMarks.Mark(passage));
        const string quote = "> ";
        // The label of a passage that is not body text ("From the byline:") heads its first embed.
        string label = BotText.PartLabel(passage.Part) is { } l ? $"*{DiscordText.Escape(l)}*\n" : "";
        var split = TextPieces.Split(text, DiscordLimits.EmbedDescription - 200 - label.Length, p => (quote + DiscordText.Escape(p.Trim())).Length);
        // The answering words in bold, closed and reopened where a long quote is cut.
        var pieces = AnswerMarks.Apply(split.Select(p => DiscordText.Escape(p.Trim())), "**", "**");
        for (int i = 0; i < pieces.Count; i++)
        {
            var embed = new JsonObject { ["type"] = "rich", ["color"] = color };
            if (i == 0)
            {
                embed["title"] = DiscordText.Plain(passage.Article.Title.Length > 0 ? passage.Article.Title : passage.Article.Id, DiscordLimits.EmbedTitle);
                if (DiscordText.IsWebUrl(passage.Article.Url))
                {
                    embed["url"] = passage.Article.Url;
                }

                if (author is not null)
                {
                    embed["author"] = new JsonObject { ["name"] = DiscordText.Plain(author, DiscordLimits.EmbedAuthor) };
                }
            }

            embed["description"] = (i == 0 ? label : "") + quote + pieces[i];
            embed["footer"] = new JsonObject { ["text"] = Footer(passage.Article, passage.Paragraph) };
            yield return embed;
        }
    }

    /// <summary>A list as one embed: whole items while they fit, then "…and N more"; a single item too long is cut at a sentence.</summary>
    private static JsonObject ListEmbed(IReadOnlyList<string> items, string? title, string? url, string? footer)
    {
        var (kept, omitted) = ReplyLimits.Fit(items, i => i.Length + 1, ListRoom);
        var lines = kept.Select(l => l.Length > ListRoom ? DiscordText.Cut(l, ListRoom) : l).ToList();
        if (omitted > 0)
        {
            lines.Add(ReplyLimits.MoreLine(omitted));
        }

        var embed = new JsonObject { ["type"] = "rich", ["color"] = AccentColor };
        if (title is not null)
        {
            embed["title"] = DiscordText.Plain(title, DiscordLimits.EmbedTitle);
            if (DiscordText.IsWebUrl(url))
            {
                embed["url"] = url;
            }
        }

        embed["description"] = lines.Count > 0 ? string.Join('\n', lines) : "(nothing)";
        if (footer is { Length: > 0 })
        {
            embed["footer"] = new JsonObject { ["text"] = DiscordText.Plain(footer, DiscordLimits.EmbedFooter) };
        }

        return embed;
    }

    /// <summary>Content and embeds packed into as few messages as the limits allow; buttons on the last one.</summary>
    private static List<DiscordMessage> Pack(string? content, List<JsonObject> embeds, List<JsonObject> buttons)
    {
        var messages = new List<(string? Content, List<JsonObject> Embeds)>();
        var current = new List<JsonObject>();
        int used = 0;
        foreach (var embed in embeds)
        {
            int length = DiscordMessage.EmbedLength(embed);
            if (current.Count > 0 && (current.Count == DiscordLimits.Embeds || used + length > DiscordLimits.EmbedTotal))
            {
                messages.Add((messages.Count == 0 ? content : null, current));
                current = new List<JsonObject>();
                used = 0;
            }

            current.Add(embed);
            used += length;
        }

        messages.Add((messages.Count == 0 ? content : null, current));
        var rows = new List<JsonObject>();
        for (int i = 0; i < buttons.Count; i += DiscordLimits.ButtonsPerRow)
        {
            rows.Add(new JsonObject { ["type"] = 1, ["components"] = new JsonArray(buttons.Skip(i).Take(DiscordLimits.ButtonsPerRow).Select(b => (JsonNode)b).ToArray()) });
        }

        return messages.Select((m, i) => new DiscordMessage(
            m.Content is { Length: > DiscordLimits.Content } tooLong ? DiscordText.Cut(tooLong, DiscordLimits.Content) : m.Content,
            m.Embeds,
            i == messages.Count - 1 ? rows : Array.Empty<JsonObject>())).ToList();
    }

    private static string? QuestionLine(string? question) =>
        string.IsNullOrWhiteSpace(question) ? null : QuestionPrefix + DiscordText.Escape(DiscordText.Cut(DiscordText.Flatten(question), QuestionShown));

    private static JsonObject Button(string label, string customId, int style) =>
        new() { ["type"] = 2, ["style"] = style, ["label"] = label, ["custom_id"] = customId };

    private static string Quote(string text) => DiscordText.Escape(DiscordText.Flatten(text));

    private static string LinkLabel(string title) => DiscordText.Flatten(title).Replace('[', '(').Replace(']', ')');

    private static string? Byline(ArticleInfo article)
    {
        var parts = new[] { article.Source, article.Author, article.Published }.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }
}
