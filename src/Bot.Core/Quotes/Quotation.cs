using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Quotes;

/// <summary>The quotation marks that enclose a quotation.</summary>
public enum QuoteMark
{
    /// <summary>"…"</summary>
    StraightDouble,

    /// <summary>“…”</summary>
    CurlyDouble,

    /// <summary>„…“</summary>
    LowDouble,

    /// <summary>'…'</summary>
    StraightSingle,

    /// <summary>‘…’</summary>
    CurlySingle,

    /// <summary>«…»</summary>
    Guillemet,

    /// <summary>「…」 or 『…』</summary>
    Corner,
}

/// <summary>
/// One stretch of quoted words inside one text paragraph. <see cref="Span"/> covers the words only: the
/// quotation marks are outside it, and so is a comma, semicolon or colon that sits just inside the closing
/// mark ("We will win," he said → "We will win"). <see cref="Sentences"/> are the whole sentences of the
/// paragraph that the part (marks included) touches, so a reply can cite exact sentences.
/// </summary>
public sealed record QuotePart(int Paragraph, TextSpan Span, IReadOnlyList<TextSpan> Sentences);

/// <summary>
/// A quotation of speech found in an article.
/// <para><see cref="Text"/> is the quoted words without the quotation marks. <see cref="Span"/> runs from the
/// first quoted character of the first part to the last quoted character of the last part, in
/// <see cref="Article.Body"/> offsets, marks excluded; when <see cref="Parts"/> has one element (the usual case)
/// <c>Body.Substring(Span.Start, Span.Length) == Text</c> exactly.</para>
/// <para>A quotation has several parts when it runs on without a closing mark — into the next paragraph (the news
/// convention of leaving the quote open and reopening it at the start of the next paragraph) or to a mark that
/// reopens it after a sentence in the same paragraph — which are joined with a space, or when an attribution
/// interrupts it ("We will win," he said. "We always do."), joined with " … ". Each part keeps its exact span
/// and paragraph number, so a renderer can quote and cite every part verbatim.</para>
/// <para><see cref="Paragraph"/> is the number of the text paragraph where the quotation opens (the number a
/// citation shows); <see cref="Sentences"/> are all the whole sentences the quotation touches, in order, which
/// include the attribution when it shares a sentence with the quote.</para>
/// <para><see cref="Speaker"/> is who said it when the text says so (a name such as "Justin Trudeau" without
/// titles, or a noun phrase such as "The author"), with "he"/"she" resolved to the most recent named speaker;
/// otherwise null.</para>
/// </summary>
public sealed record Quotation(
    string Text,
    string? Speaker,
    int Paragraph,
    TextSpan Span,
    IReadOnlyList<TextSpan> Sentences,
    IReadOnlyList<QuotePart> Parts,
    QuoteMark Mark)
{
    /// <summary>The number of the text paragraph where the quotation ends (equal to <see cref="Paragraph"/> unless it runs on).</summary>
    public int LastParagraph => Parts[^1].Paragraph;

    /// <summary>True when <see cref="Text"/> is one verbatim stretch of the body (<c>Body.Substring(Span) == Text</c>).</summary>
    public bool IsContiguous => Parts.Count == 1;
}
