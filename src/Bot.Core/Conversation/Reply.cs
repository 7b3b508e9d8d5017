using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Conversation;

/// <summary>What kind of reply this is; adapters render each kind in their own way.</summary>
public enum ReplyKind
{
    Answer,
    NoAnswer,
    Summary,
    TopicSummary,
    Facts,
    Quotes,
    ArticleList,
    Choice,
    Help,
    Usage,
    Error,
    Goodbye,

    /// <summary>A change was made (a subscription added or removed, an article added): <see cref="Reply.Message"/> says what.</summary>
    Confirmation,

    /// <summary>A new article for a subscribed channel: <see cref="Reply.Article"/>, its summary in <see cref="Reply.Sentences"/>, the topic that matched in <see cref="Reply.Message"/> and the matching sentence as the one passage.</summary>
    Alert,

    /// <summary>Several new articles at once for one channel: <see cref="Reply.Articles"/>, newest last.</summary>
    AlertDigest,
}

/// <summary>A quotation as shown to people: the quoted words, who said them, and where.</summary>
public sealed record QuoteItem(string Quote, string? Speaker, ArticleInfo Article, int Paragraph);

/// <summary>
/// The platform-neutral reply. Answers carry quoted passages with their citations; summaries carry
/// an article and its sentences; lists and choices carry articles; the rest carry a message.
/// </summary>
public sealed record Reply(ReplyKind Kind)
{
    public string? Message { get; init; }

    public string? Question { get; init; }

    public IReadOnlyList<Passage> Passages { get; init; } = Array.Empty<Passage>();

    public ArticleInfo? Article { get; init; }

    public IReadOnlyList<SummarySentence> Sentences { get; init; } = Array.Empty<SummarySentence>();

    public IReadOnlyList<ArticleInfo> Articles { get; init; } = Array.Empty<ArticleInfo>();

    public IReadOnlyList<QuoteItem> Quotes { get; init; } = Array.Empty<QuoteItem>();

    public IReadOnlyList<(string Usage, string Description)> Commands { get; init; } = Array.Empty<(string, string)>();

    public static Reply FromAnswer(AnswerResult result) => new(result.Answered ? ReplyKind.Answer : ReplyKind.NoAnswer)
    {
        Question = result.Question,
        Passages = result.Passages,
        Message = result.Reason,
    };

    public static Reply Error(string message) => new(ReplyKind.Error) { Message = message };

    public static Reply Usage(string message) => new(ReplyKind.Usage) { Message = message };
}
