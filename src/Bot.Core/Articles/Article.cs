namespace PolicyBot.Core.Articles;

/// <summary>What a paragraph of an article is: only <see cref="Text"/> paragraphs are quoted in answers.</summary>
public enum ParagraphKind
{
    Text,
    Caption,
    Heading,
}

/// <summary>A sentence as a span of the article body (offsets in UTF-16 code units).</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// A block of the article body. Text paragraphs are numbered 1, 2, 3… in reading order, the
/// way a reader counts them; captions and headings carry the number of the text paragraph
/// they follow (0 before the first), so a citation always points at something the reader can count.
/// </summary>
public sealed record Paragraph(int Number, ParagraphKind Kind, TextSpan Span, IReadOnlyList<TextSpan> Sentences);

/// <summary>The facts about an article that lists, citations and JSON output show.</summary>
public sealed record ArticleInfo(
    string Id,
    string Title,
    string? Source,
    string? Author,
    string? Url,
    string? Published,
    IReadOnlyList<string> Tags,
    int ParagraphCount,
    string? FilePath,
    DateTimeOffset AddedAt);

/// <summary>A parsed article: its facts, its body text and the structure of that body.</summary>
public sealed record Article(ArticleInfo Info, string Body, IReadOnlyList<Paragraph> Paragraphs, IReadOnlyList<string> Notices)
{
    public string Id => Info.Id;

    /// <summary>The byline as the file writes it ("【Wen/Observer Net, Liu Bai】"), when the file has one line for it.</summary>
    public string? BylineLine { get; init; }

    public string TextOf(TextSpan span) => Body.Substring(span.Start, span.Length);

    public IEnumerable<Paragraph> TextParagraphs => Paragraphs.Where(p => p.Kind == ParagraphKind.Text);
}
