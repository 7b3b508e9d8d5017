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
/// <see cref="ConfidenceFeatures"/>, fitted by <c>bench calibrate</c> on SQuAD v1.1 (a fifth of the fit), SQuAD
/// 2.0 and the realistic set (two fifths each), with the held-out reliability tables in bench/README.md. This is the JSON
/// <c>score</c>, and <c>answered</c> is <c>score &gt;= Answers:MinConfidence</c>.
/// </summary>
public sealed record ConfidenceModel(double Bias, IReadOnlyList<double> Weights)
{
    /// <summary>Fitted with meaning vectors present.</summary>
    public static ConfidenceModel WithMeaning { get; } = new(-2.566, new[] { 0.613, 5.62, 1.783, 0.182, 1.825, 1.272, 0.411, 0.006, -0.42, -0.079, -0.383, -2.009, 0.973, -0.952, -0.253, -0.921 });

    /// <summary>Fitted with the meaning features absent (meaning off, or a collection too large for it).</summary>
    public static ConfidenceModel WordsOnly { get; } = new(-5.048, new[] { 0.875, 4.276, 1.685, 1.146, 0, 0, 0, 0.238, -0.772, 0.368, -0.721, -1.978, 1.951, 0.679, -0.395, 0.041 });

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
