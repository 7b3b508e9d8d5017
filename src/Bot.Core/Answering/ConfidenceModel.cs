namespace PolicyBot.Core.Answering;

/// <summary>
/// What separates a right best passage from a wrong one, for one candidate of one question. Values are
/// about [0, 1] (margins in [-1, 1]) so that one logistic model weighs them.
/// </summary>
public readonly record struct ConfidenceFeatures(
    double Rank,
    double Margin,
    double Coverage,
    double ContextCoverage,
    double Meaning,
    double NeighbourMeaning,
    double MeaningMargin,
    double TypeFound,
    double TypeMissing,
    double MissingSalient,
    double MissingNumbers,
    double NegationMismatch,
    double QuestionLength,
    double Bm25,
    double Phrase,
    double ArticleCoverage)
{
    public const int Count = 16;

    public static readonly string[] Names =
    {
        "rank", "margin", "coverage", "context", "meaning", "neighbour-meaning", "meaning-margin", "type-found", "type-missing",
        "missing-salient", "missing-numbers", "negation-mismatch", "question-length", "bm25", "phrase", "article-coverage",
    };

    /// <summary>The indices of the features that come from meaning vectors (zero when there are none).</summary>
    public static readonly int[] MeaningIndices = { 4, 5, 6 };

    public double this[int index] => index switch
    {
        0 => Rank,
        1 => Margin,
        2 => Coverage,
        3 => ContextCoverage,
        4 => Meaning,
        5 => NeighbourMeaning,
        6 => MeaningMargin,
        7 => TypeFound,
        8 => TypeMissing,
        9 => MissingSalient,
        10 => MissingNumbers,
        11 => NegationMismatch,
        12 => QuestionLength,
        13 => Bm25,
        14 => Phrase,
        15 => ArticleCoverage,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };
}

/// <summary>
/// The estimated probability that a passage answers the question: a logistic model over
/// <see cref="ConfidenceFeatures"/>, fitted by <c>bench calibrate</c> on SQuAD v1.1, SQuAD 2.0 and the
/// realistic set together (held-out reliability tables in bench/README.md). This is the JSON
/// <c>score</c>, and <c>answered</c> is <c>score &gt;= Answers:MinConfidence</c>.
/// </summary>
public sealed record ConfidenceModel(double Bias, IReadOnlyList<double> Weights)
{
    /// <summary>Fitted with meaning vectors present.</summary>
    public static ConfidenceModel WithMeaning { get; } = new(-2.949, new[] { 1.007, 3.691, 1.9, -0.913, 1.052, 1.295, 0.705, -0.061, -0.83, -0.402, -0.967, -1.759, 1.276, -0.427, -0.494, -0.129 });

    /// <summary>Fitted with the meaning features absent (meaning off, or a collection too large for it).</summary>
    public static ConfidenceModel WordsOnly { get; } = new(-4.562, new[] { 1.025, 2.148, 1.548, 0.253, 0, 0, 0, 0.046, -0.782, -0.141, -0.999, -1.659, 2.143, 0.617, -0.763, -0.037 });

    public double Probability(in ConfidenceFeatures f)
    {
        double z = Bias;
        for (int i = 0; i < ConfidenceFeatures.Count; i++)
        {
            z += Weights[i] * f[i];
        }

        return 1 / (1 + Math.Exp(-z));
    }
}
