using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Facts;

/// <summary>One figure or name found in a sentence; <paramref name="Span"/> is an offset into <see cref="Article.Body"/>.</summary>
public sealed record FactMention(FactKind Kind, string Text, TextSpan Span);
