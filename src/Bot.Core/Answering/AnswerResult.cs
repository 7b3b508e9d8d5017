using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Answering;

/// <summary>Which part of an article a passage comes from: the body, or what the article says about itself.</summary>
public enum PassagePart
{
    /// <summary>Sentences of the article's text.</summary>
    Body,

    /// <summary>The article's title.</summary>
    Title,

    /// <summary>The byline, the front matter or a notice: author, source, date, link, tags.</summary>
    Byline,

    /// <summary>An image caption.</summary>
    Caption,
}

/// <summary>The characters of a passage's <see cref="Passage.Text"/> that answer the question (UTF-16 offsets).</summary>
public readonly record struct AnswerSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>A quoted passage: exact text from the article, where it is, and how well it answers.</summary>
public sealed record Passage(string Text, ArticleInfo Article, int Paragraph, double Score)
{
    /// <summary>The part of the article the text comes from (the body unless the question was about the article itself).</summary>
    public PassagePart Part { get; init; } = PassagePart.Body;

    /// <summary>The words of <see cref="Text"/> that answer the question; null when no part of it stands out.</summary>
    public AnswerSpan? Span { get; init; }

    /// <summary>
    /// <see cref="Text"/> with the answering words between <paramref name="open"/> and <paramref name="close"/> (each
    /// renderer's bold), or the text itself when there is no span: renderers mark before they escape and wrap.
    /// </summary>
    public string Marked(string open, string close)
    {
        if (Span is not { } s || s.Length <= 0 || s.Start < 0 || s.End > Text.Length)
        {
            return Text;
        }

        return Text[..s.Start] + open + Text.Substring(s.Start, s.Length) + close + Text[s.End..];
    }
}

/// <summary>
/// The outcome of a question. When <see cref="Answered"/> is false the passages are the closest
/// matches, to be shown as such and never as an answer, and <see cref="Reason"/> says in one line
/// why the bot is not confident.
/// </summary>
public sealed record AnswerResult(string Question, bool Answered, IReadOnlyList<Passage> Passages, TimeSpan Elapsed)
{
    public string? Reason { get; init; }
}
