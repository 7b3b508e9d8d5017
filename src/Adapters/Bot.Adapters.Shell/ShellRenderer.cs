using System.Text;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Shell;

/// <summary>Renders the neutral reply as plain text for an 80-column terminal: the quote first, then its citation.</summary>
public static class ShellRenderer
{
    public const int DefaultWidth = 80;

    public static string Render(Reply reply, int width = DefaultWidth)
    {
        var sb = new StringBuilder();
        switch (reply.Kind)
        {
            case ReplyKind.Answer:
                for (int i = 0; i < reply.Passages.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append('\n');
                    }

                    AppendPassage(sb, reply.Passages[i], width, "");
                }

                break;
            case ReplyKind.NoAnswer:
                sb.Append(TextWrap.Wrap("I don't have a confident answer to that in the articles.", width)).Append('\n');
                if (reply.Message is { Length: > 0 } reason)
                {
                    sb.Append(TextWrap.Wrap(reason, width)).Append('\n');
                }

                if (reply.Passages.Count > 0)
                {
                    sb.Append("The closest passages (not answers):\n");
                    for (int i = 0; i < reply.Passages.Count; i++)
                    {
                        AppendPassage(sb, reply.Passages[i], width, $"{i + 1}. ");
                    }
                }

                break;
            case ReplyKind.Summary when reply.Article is { } article:
                sb.Append(TextWrap.Wrap(article.Title, width)).Append('\n');
                if (Byline(article) is { Length: > 0 } byline)
                {
                    sb.Append(TextWrap.Wrap(byline, width)).Append('\n');
                }

                sb.Append('\n');
                foreach (var sentence in reply.Sentences)
                {
                    sb.Append(TextWrap.Wrap($"{sentence.Text} (paragraph {sentence.Paragraph})", width, "• ", "  ")).Append('\n');
                }

                break;
            case ReplyKind.Facts when reply.Article is { } factsOf:
                sb.Append(TextWrap.Wrap($"Key facts — {factsOf.Title}", width)).Append('\n');
                if (reply.Message is { } none)
                {
                    sb.Append(TextWrap.Wrap(none, width)).Append('\n');
                }

                foreach (var fact in reply.Passages)
                {
                    sb.Append(TextWrap.Wrap($"{ArticleTextFlat(fact.Text)} (paragraph {fact.Paragraph})", width, "• ", "  ")).Append('\n');
                }

                break;
            case ReplyKind.Quotes:
                string heading = reply.Article is { } quotesOf ? $"Quotations — {quotesOf.Title}" : reply.Message ?? "Quotations:";
                sb.Append(TextWrap.Wrap(heading, width)).Append('\n');
                if (reply.Article is not null && reply.Message is { } noQuotes)
                {
                    sb.Append(TextWrap.Wrap(noQuotes, width)).Append('\n');
                }

                foreach (var quote in reply.Quotes)
                {
                    string where = reply.Article is null ? $"{quote.Article.Title}, paragraph {quote.Paragraph}" : $"paragraph {quote.Paragraph}";
                    string who = quote.Speaker is { } speaker ? $"{speaker} ({where})" : $"unattributed ({where})";
                    sb.Append(TextWrap.Wrap($"“{ArticleTextFlat(quote.Quote)}” — {who}", width, "• ", "  ")).Append('\n');
                }

                break;
            case ReplyKind.TopicSummary:
                sb.Append(TextWrap.Wrap($"On \"{reply.Message}\", from {Plural(reply.Articles.Count, "article")}:", width)).Append('\n');
                foreach (var passage in reply.Passages)
                {
                    AppendPassage(sb, passage, width, "• ");
                }

                break;
            case ReplyKind.ArticleList or ReplyKind.Choice:
                if (reply.Message is { } message)
                {
                    sb.Append(TextWrap.Wrap(message, width)).Append('\n');
                }
                else
                {
                    sb.Append(reply.Articles.Count switch
                    {
                        0 => "There are no articles yet.",
                        1 => "1 article:",
                        int n => $"{n} articles:",
                    }).Append('\n');
                }

                foreach (var a in reply.Articles)
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

                break;
            case ReplyKind.Alert when reply.Article is { } fresh:
                sb.Append(TextWrap.Wrap($"New article: {fresh.Title}", width)).Append('\n');
                if (Byline(fresh) is { Length: > 0 } freshByline)
                {
                    sb.Append(TextWrap.Wrap(freshByline, width)).Append('\n');
                }

                foreach (var match in reply.Passages)
                {
                    sb.Append(TextWrap.Wrap($"Matches \"{reply.Message}\": “{ArticleTextFlat(match.Text)}” (paragraph {match.Paragraph})", width)).Append('\n');
                }

                foreach (var sentence in reply.Sentences)
                {
                    sb.Append(TextWrap.Wrap($"{ArticleTextFlat(sentence.Text)} (paragraph {sentence.Paragraph})", width, "• ", "  ")).Append('\n');
                }

                sb.Append(TextWrap.Wrap($"Ask me about it, or type /summary {fresh.Id}", width)).Append('\n');
                break;
            case ReplyKind.AlertDigest:
                sb.Append(reply.Articles.Count == 1 ? "1 new article:" : $"{reply.Articles.Count} new articles:").Append('\n');
                foreach (var a in reply.Articles)
                {
                    sb.Append(TextWrap.Wrap(a.Title, width, "• ", "  ")).Append('\n');
                    var facts = new[] { $"id {a.Id}", a.Source, a.Published, a.Url }.Where(f => !string.IsNullOrEmpty(f));
                    sb.Append(TextWrap.Wrap(string.Join(" · ", facts), width, "  ", "  ")).Append('\n');
                }

                break;
            case ReplyKind.Help:
                sb.Append("Ask me about the articles in plain words, or use a command:\n");
                int column = reply.Commands.Count == 0 ? 0 : reply.Commands.Max(c => c.Usage.Length) + 2;
                foreach (var (usage, description) in reply.Commands)
                {
                    sb.Append(TextWrap.Wrap(description, width, "  " + usage.PadRight(column), new string(' ', column + 2))).Append('\n');
                }

                break;
            default:
                sb.Append(TextWrap.Wrap(reply.Message ?? "", width)).Append('\n');
                break;
        }

        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>The citation line: title, paragraph, source, link.</summary>
    public static string Citation(ArticleInfo article, int paragraph)
    {
        var parts = new List<string> { $"{article.Title}, paragraph {paragraph}" };
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

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string? Byline(ArticleInfo article) =>
        string.Join(" · ", new[] { article.Source, article.Author, article.Published, article.Url }.Where(s => !string.IsNullOrEmpty(s)));

    private static void AppendPassage(StringBuilder sb, Passage passage, int width, string number)
    {
        string indent = new(' ', number.Length + 2);
        sb.Append(TextWrap.Wrap($"“{ArticleTextFlat(passage.Text)}”", width, number, indent)).Append('\n');
        sb.Append(TextWrap.Wrap(Citation(passage.Article, passage.Paragraph), width, indent, indent + "  ")).Append('\n');
    }

    private static string ArticleTextFlat(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
