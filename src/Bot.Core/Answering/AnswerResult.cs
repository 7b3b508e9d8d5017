using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Answering;

/// <summary>A quoted passage: exact text from the article body, where it is, and how well it answers.</summary>
public sealed record Passage(string Text, ArticleInfo Article, int Paragraph, double Score);

/// <summary>
/// The outcome of a question. When <see cref="Answered"/> is false the passages are the closest
/// matches, to be shown as such and never as an answer, and <see cref="Reason"/> says in one line
/// why the bot is not confident.
/// </summary>
public sealed record AnswerResult(string Question, bool Answered, IReadOnlyList<Passage> Passages, TimeSpan Elapsed)
{
    public string? Reason { get; init; }
}
