using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Search;

/// <summary>A neighbouring sentence kept with each indexed sentence, for context and two-sentence quotes.</summary>
public sealed record Neighbour(string Text, int Paragraph, TextSpan Span);

/// <summary>An indexed sentence returned by a search, with its provenance.</summary>
public sealed record SentenceHit(
    int DocId,
    float Score,
    ArticleInfo Article,
    int Paragraph,
    int SentenceIndex,
    TextSpan Span,
    string Text,
    Neighbour? Previous,
    Neighbour? Next)
{
    /// <summary>
    /// The content hash of the article text this sentence was indexed from (null when not read from the
    /// library), so meaning vectors are only ever paired with the text they were computed for.
    /// </summary>
    public string? ContentHash { get; init; }
}

/// <summary>Progress of a long indexing run.</summary>
public readonly record struct IndexProgress(int Done, int Total, TimeSpan Elapsed)
{
    public double Rate => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;
}
