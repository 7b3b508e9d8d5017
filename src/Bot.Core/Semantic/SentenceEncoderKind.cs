namespace PolicyBot.Core.Semantic;

/// <summary>The sentence-meaning models the bot can use (<c>Answers:Encoder</c>); both ship inside their packages and run offline.</summary>
public enum SentenceEncoderKind
{
    /// <summary>all-MiniLM-L6-v2: general-purpose sentence similarity; questions and passages encoded alike.</summary>
    MiniLM,

    /// <summary>snowflake-arctic-embed-xs: tuned for retrieval; questions carry its query instruction, passages do not.</summary>
    ArcticXs,
}

/// <summary>The process-wide encoder of each kind, and where each keeps its vectors.</summary>
public static class SentenceEncoders
{
    public static ISentenceEncoder Shared(SentenceEncoderKind kind) => kind switch
    {
        SentenceEncoderKind.MiniLM => MiniLmSentenceEncoder.Shared,
        SentenceEncoderKind.ArcticXs => ArcticXsSentenceEncoder.Shared,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sentence encoder."),
    };

    /// <summary>
    /// The vectors file of <paramref name="kind"/> beside an index: one per model, so switching
    /// <c>Answers:Encoder</c> back and forth reuses each model's vectors instead of recomputing them.
    /// </summary>
    public static string VectorsFileName(SentenceEncoderKind kind) => kind switch
    {
        SentenceEncoderKind.MiniLM => "vectors-minilm.bin",
        SentenceEncoderKind.ArcticXs => "vectors-arcticxs.bin",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown sentence encoder."),
    };
}
