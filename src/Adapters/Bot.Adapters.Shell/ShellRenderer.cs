using System.Text;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Shell;

/// <summary>Renders the neutral reply as plain text for an 80-column terminal: the quote first, then its citation.</summary>
public static class ShellRenderer
{
    public const int DefaultWidth = 80;

    // The answering words: bold on a terminal, plain text in a pipe.
    private const string BoldOn = "\u001b[1m";
    private const string BoldOff = "\u001b[22m";

    /// <summary>The reply as text; <paramref name="bold"/> (a terminal) shows the words that answer in bold, else plain.</summary>
    public static string Render(Reply reply, int width = DefaultWidth, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var sb = new StringBuilder();
        reply.Accept(new Writer(sb, width));
        string text = sb.ToString().TrimEnd('\n') + "\n";
        return bold ? AnswerMarks.Apply(text, BoldOn, BoldOff) : AnswerMarks.Strip(text);
    }

    /// <summary>One method per reply kind (the visitor is what makes this renderer exhaustive); each appends its lines.</summary>
    private sealed class Writer(StringBuilder sb, int width) : IReplyVisitor<StringBuilder>
    {
        public StringBuilder Answer(AnswerReply reply)
        {
            for (int i = 0; i < reply.Passages.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append('\n');
                }

                AppendPassage(sb, reply.Passages[i], width, "");
            }

            return sb;
        }

        public StringBuilder Declined(DeclinedReply reply)
        {
            Line(BotText.NoConfidentAnswer);
            if (reply.Reason is { Length: > 0 } reason)
            {
                Line(reason);
            }

            if (reply.Closest.Count > 0)
            {
                sb.Append(BotText.ClosestPassages).Append('\n');
                for (int i = 0; i < reply.Closest.Count; i++)
                {
                    AppendPassage(sb, reply.Closest[i], width, $"{i + 1}. ");
                }
            }

            return sb;
        }

        public StringBuilder Summary(SummaryReply reply)
        {
            Line(reply.Article.Title);
            if (Byline(reply.Article) is { Length: > 0 } byline)
            {
                Line(byline);
            }

            sb.Append('\n');
            foreach (var sentence in reply.Sentences)
            {
                Bullet($"{sentence.Text} (paragraph {sentence.Paragraph})");
            }

            return sb;
        }

        public StringBuilder TopicSummary(TopicSummaryReply reply)
        {
            Line(BotText.OnTopic(reply.Topic, reply.Articles.Count));
            foreach (var passage in reply.Passages)
            {
                AppendPassage(sb, passage, width, "• ");
            }

            return sb;
        }

        public StringBuilder Facts(FactsReply reply)
        {
            Line($"Key facts — {reply.Article.Title}");
            if (reply.Facts.Count == 0)
            {
                Line(BotText.NoFacts);
            }

            foreach (var fact in reply.Facts)
            {
                Bullet($"{ArticleTextFlat(fact.Text)} (paragraph {fact.Paragraph})");
            }

            return sb;
        }

        public StringBuilder ArticleQuotes(ArticleQuotesReply reply)
        {
            Line($"{BotText.Quotations} — {reply.Article.Title}");
            if (reply.Quotes.Count == 0)
            {
                Line(BotText.NoQuotes);
            }

            return Quotes(reply.Quotes, byArticle: false);
        }

        public StringBuilder SpeakerQuotes(SpeakerQuotesReply reply)
        {
            Line(BotText.QuotationsBy(reply.Speaker));
            return Quotes(reply.Quotes, byArticle: true);
        }

        public StringBuilder ArticleList(ArticleListReply reply)
        {
            sb.Append(BotText.Articles(reply.Articles.Count)).Append('\n');
            return Articles(reply.Articles);
        }

        public StringBuilder Choice(ChoiceReply reply)
        {
            Line(reply.Prompt);
            return Articles(reply.Candidates);
        }

        public StringBuilder Help(HelpReply reply)
        {
            sb.Append(BotText.HelpIntro).Append('\n');
            int column = reply.Commands.Count == 0 ? 0 : reply.Commands.Max(c => c.Usage.Length) + 2;
            foreach (var (usage, description) in reply.Commands)
            {
                sb.Append(TextWrap.Wrap(description, width, "  " + usage.PadRight(column), new string(' ', column + 2))).Append('\n');
            }

            return sb;
        }

        public StringBuilder Usage(UsageReply reply) => Line(reply.Message);

        public StringBuilder Error(ErrorReply reply) => Line(reply.Message);

        public StringBuilder Goodbye(GoodbyeReply reply) => Line(BotText.Goodbye);

        public StringBuilder Confirmation(ConfirmationReply reply) => Line(reply.Message);

        public StringBuilder FeedbackThanks(FeedbackThanksReply reply) => Line(reply.Message);

        public StringBuilder Alert(AlertReply reply)
        {
            var fresh = reply.Article;
            Line($"{BotText.NewArticle}: {fresh.Title}");
            if (Byline(fresh) is { Length: > 0 } freshByline)
            {
                Line(freshByline);
            }

            foreach (var match in reply.Matches)
            {
                Line($"Matches \"{reply.Topic}\": “{ArticleTextFlat(match.Text)}” (paragraph {match.Paragraph})");
            }

            foreach (var sentence in reply.Summary)
            {
                Bullet($"{ArticleTextFlat(sentence.Text)} (paragraph {sentence.Paragraph})");
            }

            return Line($"Ask me about it, or type /summary {fresh.Id}");
        }

        public StringBuilder AlertDigest(AlertDigestReply reply)
        {
            sb.Append(reply.Heading).Append('\n');
            foreach (var a in reply.Articles)
            {
                sb.Append(TextWrap.Wrap(a.Title, width, "• ", "  ")).Append('\n');
                var facts = new[] { $"id {a.Id}", a.Source, a.Published, a.Url }.Where(f => !string.IsNullOrEmpty(f));
                sb.Append(TextWrap.Wrap(string.Join(" · ", facts), width, "  ", "  ")).Append('\n');
            }

            return sb;
        }

        private StringBuilder Line(string text) => sb.Append(TextWrap.Wrap(text, width)).Append('\n');

        private StringBuilder Bullet(string text) => sb.Append(TextWrap.Wrap(text, width, "• ", "  ")).Append('\n');

        private StringBuilder Quotes(IReadOnlyList<QuoteItem> quotes, bool byArticle)
        {
            foreach (var quote in quotes)
            {
                string where = byArticle ? $"{quote.Article.Title}, paragraph {quote.Paragraph}" : $"paragraph {quote.Paragraph}";
                string who = quote.Speaker is { } speaker ? $"{speaker} ({where})" : $"unattributed ({where})";
                Bullet($"“{ArticleTextFlat(quote.Quote)}” — {who}");
            }

            return sb;
        }

        private StringBuilder Articles(IReadOnlyList<ArticleInfo> articles)
        {
            foreach (var a in articles)
            {
                sb.Append(TextWrap.Wrap(a.Title, width, "• ", "  ")).Append('\n');
                var facts = new List<string> { $"id {a.Id}" };
                if (a.Source is { } source)
                {
                    facts.Add(source);
                }

                if (a.Published is { } published)
                {
                    facts.Add(published);
                }

                facts.Add(a.ParagraphCount == 1 ? "1 paragraph" : $"{a.ParagraphCount} paragraphs");
                sb.Append(TextWrap.Wrap(string.Join(" · ", facts), width, "  ", "  ")).Append('\n');
            }

            return sb;
        }
    }

    /// <summary>The citation line: title, paragraph, source, link.</summary>
    public static string Citation(ArticleInfo article, int paragraph)
    {
        // Paragraph 0 is what comes before the text (the byline, the title): there is no paragraph to count to.
        var parts = new List<string> { paragraph > 0 ? $"{article.Title}, paragraph {paragraph}" : article.Title };
        if (article.Source is { } source)
        {
            parts.Add(source);
        }

        if (article.Url is { } url)
        {
            parts.Add(url);
        }

        return "— " + string.Join(" · ", parts);
    }

    private static string? Byline(ArticleInfo article) =>
        string.Join(" · ", new[] { article.Source, article.Author, article.Published, article.Url }.Where(s => !string.IsNullOrEmpty(s)));

    private static void AppendPassage(StringBuilder sb, Passage passage, int width, string number)
    {
        string indent = new(' ', number.Length + 2);
        if (BotText.PartLabel(passage.Part) is { } label)
        {
            sb.Append(number).Append(label).Append('\n');
            number = new string(' ', number.Length);
        }

        string text = ArticleTextFlat(AnswerMarks.Mark(passage));
        sb.Append(TextWrap.Wrap($"“{text}”", width, number, indent)).Append('\n');
        sb.Append(TextWrap.Wrap(Citation(passage.Article, passage.Paragraph), width, indent, indent + "  ")).Append('\n');
    }

    private static string ArticleTextFlat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
