using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Hosting;

/// <summary>The JSON shapes of the command line (design.md contracts), written field by field so their order is fixed.</summary>
public static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The contract's answer object for an answer or a declined answer; null for any other reply (a fault).</summary>
    public static string? Answer(string? id, Reply reply, TimeSpan elapsed) => reply switch
    {
        AnswerReply answer => Answer(id, new AnswerResult(answer.Question, Answered: true, answer.Passages, elapsed)),
        DeclinedReply declined => Answer(id, new AnswerResult(declined.Question, Answered: false, declined.Closest, elapsed) { Reason = declined.Reason }),
        _ => null,
    };

    public static string Answer(string? id, AnswerResult result) => Write(w =>
    {
        w.WriteStartObject();
        WriteId(w, id);
        w.WriteString("question", result.Question);
        w.WriteBoolean("answered", result.Answered);
        w.WriteStartArray("answers");
        foreach (var p in result.Passages)
        {
            w.WriteStartObject();
            w.WriteString("text", p.Text);
            WriteArticleRef(w, p.Article);
            w.WriteNumber("paragraph", p.Paragraph);
            w.WriteNumber("score", Math.Round(p.Score, 3));
            WritePartAndSpan(w, p); // Added by #14, after the contract's fields.
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteNumber("elapsed_ms", Math.Round(result.Elapsed.TotalMilliseconds, 2));
        if (!result.Answered && result.Reason is { } reason)
        {
            w.WriteString("reason", reason); // Only on declined questions, after the contract's fields.
        }

        w.WriteEndObject();
    });

    /// <summary>"part" always; "span" only when some words of the text answer the question.</summary>
    private static void WritePartAndSpan(Utf8JsonWriter w, Passage p)
    {
        w.WriteString("part", p.Part switch
        {
            PassagePart.Title => "title",
            PassagePart.Byline => "byline",
            PassagePart.Caption => "caption",
            _ => "body",
        });
        if (p.Span is { } span)
        {
            w.WriteStartObject("span");
            w.WriteNumber("start", span.Start);
            w.WriteNumber("length", span.Length);
            w.WriteEndObject();
        }
    }

    /// <summary>A batch line that could not be answered: the id when it could be read, and the reason.</summary>
    public static string BatchError(string? id, int line, string error) => Write(w =>
    {
        w.WriteStartObject();
        WriteId(w, id);
        w.WriteNumber("line", line);
        w.WriteString("error", error);
        w.WriteEndObject();
    });

    public static string Summary(ArticleInfo article, IReadOnlyList<SummarySentence> sentences) => Write(w =>
    {
        w.WriteStartObject();
        WriteArticleRef(w, article);
        w.WriteStartArray("sentences");
        foreach (var s in sentences)
        {
            w.WriteStartObject();
            w.WriteString("text", s.Text);
            w.WriteNumber("paragraph", s.Paragraph);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>A summary of a topic across articles: {"topic": "...", "sentences": [{"text", "paragraph", "article", "score"}]}, best first.</summary>
    public static string TopicSummary(string topic, IReadOnlyList<Passage> passages) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("topic", topic);
        w.WriteStartArray("sentences");
        foreach (var p in passages)
        {
            w.WriteStartObject();
            w.WriteString("text", p.Text);
            w.WriteNumber("paragraph", p.Paragraph);
            WriteArticleRef(w, p.Article);
            w.WriteNumber("score", Math.Round(p.Score, 3));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The JSON line of <c>policybot summary</c> for a summary or a topic summary; null for any other reply (an error, a choice …).</summary>
    public static string? SummaryOf(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Accept(SummaryJson.Instance);
    }

    public static string ArticleListing(ArticleInfo a) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("title", a.Title);
        WriteNullable(w, "source", a.Source);
        WriteNullable(w, "author", a.Author);
        WriteNullable(w, "url", a.Url);
        WriteNullable(w, "published", a.Published);
        w.WriteNumber("paragraphs", a.ParagraphCount);
        w.WriteStartArray("tags");
        foreach (string tag in a.Tags)
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteArticleRef(Utf8JsonWriter w, ArticleInfo a)
    {
        w.WriteStartObject("article");
        w.WriteString("id", a.Id);
        w.WriteString("title", a.Title);
        WriteNullable(w, "url", a.Url);
        WriteNullable(w, "source", a.Source);
        WriteNullable(w, "published", a.Published);
        w.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter w, string? id) => WriteNullable(w, "id", id);

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

/// <summary>Which replies <c>policybot summary --json</c> writes as JSON: a visitor, so a new reply kind must be decided on here.</summary>
internal sealed class SummaryJson : IReplyVisitor<string?>
{
    public static readonly SummaryJson Instance = new();

    public string? Summary(SummaryReply reply) => JsonOutput.Summary(reply.Article, reply.Sentences);

    public string? TopicSummary(TopicSummaryReply reply) => JsonOutput.TopicSummary(reply.Topic, reply.Passages);

    public string? Answer(AnswerReply reply) => null;

    public string? Declined(DeclinedReply reply) => null;

    public string? Facts(FactsReply reply) => null;

    public string? ArticleQuotes(ArticleQuotesReply reply) => null;

    public string? SpeakerQuotes(SpeakerQuotesReply reply) => null;

    public string? ArticleList(ArticleListReply reply) => null;

    public string? Choice(ChoiceReply reply) => null;

    public string? Help(HelpReply reply) => null;

    public string? Usage(UsageReply reply) => null;

    public string? Error(ErrorReply reply) => null;

    public string? Goodbye(GoodbyeReply reply) => null;

    public string? Confirmation(ConfirmationReply reply) => null;

    public string? FeedbackThanks(FeedbackThanksReply reply) => null;

    public string? Alert(AlertReply reply) => null;

    public string? AlertDigest(AlertDigestReply reply) => null;
}
