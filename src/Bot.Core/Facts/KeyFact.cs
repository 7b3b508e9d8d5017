using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Facts;

/// <summary>
/// A sentence of an article that carries figures or names: <paramref name="Text"/> is the verbatim sentence
/// (<c>Article.TextOf(Span)</c>), cited by its text <paramref name="Paragraph"/> number; <paramref name="Mentions"/>
/// lists every figure and name in it in reading order; <paramref name="Score"/> is the ranking score of
/// <see cref="FactFinder.Find"/>.
/// </summary>
public sealed record KeyFact(string Text, int Paragraph, TextSpan Span, IReadOnlyList<FactMention> Mentions, double Score);
