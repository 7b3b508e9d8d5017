using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Conversation;

/// <summary>A quotation as shown to people: the quoted words, who said them, and where.</summary>
public sealed record QuoteItem(string Quote, string? Speaker, ArticleInfo Article, int Paragraph);

/// <summary>
/// What the bot says back, platform-neutral: a closed family with one sealed record per kind, each carrying exactly its
/// fields. Renderers (Slack, Discord, the shell, the command line's JSON) implement <see cref="IReplyVisitor{T}"/>.
/// </summary>
/// <remarks>
/// C# has no exhaustive switch over a class hierarchy: a switch expression over an abstract record needs a <c>_</c> arm,
/// so a kind added later would fall into it silently. The visitor gives the compiler the check instead: every kind is
/// one method of <see cref="IReplyVisitor{T}"/>, so adding a kind breaks the build of every renderer until it renders it.
/// The constructor is private to this file's records, so no kind can be added outside Core.
/// </remarks>
public abstract record Reply
{
    private protected Reply()
    {
    }

    /// <summary>Calls the visitor's method for this kind.</summary>
    public abstract T Accept<T>(IReplyVisitor<T> visitor);

    /// <summary>The answerer's result as an answer, or as a declined answer with the closest passages and the reason.</summary>
    public static Reply FromAnswer(AnswerResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Answered && result.Passages.Count > 0
            ? new AnswerReply(result.Question, result.Passages)
            : new DeclinedReply(result.Question, result.Reason, result.Passages);
    }
}

/// <summary>One method per reply kind: implementing it is what makes a renderer exhaustive (see <see cref="Reply"/>).</summary>
public interface IReplyVisitor<out T>
{
    T Answer(AnswerReply reply);

    T Declined(DeclinedReply reply);

    T Summary(SummaryReply reply);

    T TopicSummary(TopicSummaryReply reply);

    T Facts(FactsReply reply);

    T ArticleQuotes(ArticleQuotesReply reply);

    T SpeakerQuotes(SpeakerQuotesReply reply);

    T ArticleList(ArticleListReply reply);

    T Choice(ChoiceReply reply);

    T Help(HelpReply reply);

    T Usage(UsageReply reply);

    T Error(ErrorReply reply);

    T Goodbye(GoodbyeReply reply);

    T Confirmation(ConfirmationReply reply);

    T FeedbackThanks(FeedbackThanksReply reply);

    T Alert(AlertReply reply);

    T AlertDigest(AlertDigestReply reply);
}

/// <summary>The passages that answer <see cref="Question"/>, best first (at least one).</summary>
public sealed record AnswerReply(string Question, IReadOnlyList<Passage> Passages) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Answer(this);
}

/// <summary>No confident answer: the one-line <see cref="Reason"/> and the <see cref="Closest"/> passages, which are not answers.</summary>
public sealed record DeclinedReply(string Question, string? Reason, IReadOnlyList<Passage> Closest) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Declined(this);
}

/// <summary>An article's summary: its sentences, each with its paragraph.</summary>
public sealed record SummaryReply(ArticleInfo Article, IReadOnlyList<SummarySentence> Sentences) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Summary(this);
}

/// <summary>"/summary EV tariffs" named no article: the most relevant passages on <see cref="Topic"/> across articles.</summary>
public sealed record TopicSummaryReply(string Topic, IReadOnlyList<Passage> Passages) : Reply
{
    /// <summary>The articles the passages come from, each once, in passage order.</summary>
    public IReadOnlyList<ArticleInfo> Articles => Passages.Select(p => p.Article).DistinctBy(a => a.Id).ToList();

    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.TopicSummary(this);
}

/// <summary>The sentences of an article carrying figures and names, most informative first (none: <see cref="BotText.NoFacts"/>).</summary>
public sealed record FactsReply(ArticleInfo Article, IReadOnlyList<Passage> Facts) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Facts(this);
}

/// <summary>The direct quotations of one article (none: <see cref="BotText.NoQuotes"/>).</summary>
public sealed record ArticleQuotesReply(ArticleInfo Article, IReadOnlyList<QuoteItem> Quotes) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.ArticleQuotes(this);
}

/// <summary>Every quotation by <see cref="Speaker"/> across the articles (at least one).</summary>
public sealed record SpeakerQuotesReply(string Speaker, IReadOnlyList<QuoteItem> Quotes) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.SpeakerQuotes(this);
}

/// <summary>The articles in the collection.</summary>
public sealed record ArticleListReply(IReadOnlyList<ArticleInfo> Articles) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.ArticleList(this);
}

/// <summary>Several articles match what was typed (<see cref="Query"/>): which one?</summary>
public sealed record ChoiceReply(string? Query, IReadOnlyList<ArticleInfo> Candidates) : Reply
{
    /// <summary>The question put to the person.</summary>
    public string Prompt => BotText.WhichArticle(Query);

    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Choice(this);
}

/// <summary>The commands and what they do.</summary>
public sealed record HelpReply(IReadOnlyList<(string Usage, string Description)> Commands) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Help(this);
}

/// <summary>The request could not be carried out as asked (bad arguments, not allowed, nothing more): shown privately where a platform can.</summary>
public sealed record UsageReply(string Message) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Usage(this);
}

/// <summary>Something failed or was not found: shown with a warning mark.</summary>
public sealed record ErrorReply(string Message) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Error(this);
}

/// <summary>The shell's /quit.</summary>
public sealed record GoodbyeReply : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Goodbye(this);
}

/// <summary>A change was made (a subscription added or removed, an article added), or the channel's subscriptions: <see cref="Message"/> says what.</summary>
public sealed record ConfirmationReply(string Message) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Confirmation(this);
}

/// <summary>"Helpful" / "Not helpful" was recorded.</summary>
public sealed record FeedbackThanksReply(bool Helpful) : Reply
{
    public string Message => Helpful ? BotText.ThanksHelpful : BotText.ThanksNotHelpful;

    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.FeedbackThanks(this);
}

/// <summary>A new article for a subscribed channel: its summary, and for a topic subscription the topic and the sentence that matched it.</summary>
public sealed record AlertReply(ArticleInfo Article, IReadOnlyList<SummarySentence> Summary, string? Topic, IReadOnlyList<Passage> Matches) : Reply
{
    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.Alert(this);
}

/// <summary>Several new articles at once for one channel, newest last.</summary>
public sealed record AlertDigestReply(IReadOnlyList<ArticleInfo> Articles) : Reply
{
    /// <summary>The digest's heading ("3 new articles:").</summary>
    public string Heading => BotText.NewArticles(Articles.Count);

    public override T Accept<T>(IReplyVisitor<T> visitor) => visitor.AlertDigest(this);
}
