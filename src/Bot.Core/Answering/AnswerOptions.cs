using System.ComponentModel.DataAnnotations;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Core.Answering;

/// <summary>The <c>Answers</c> configuration section.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// Below this score (the estimated probability that the best passage answers, <see cref="ConfidenceModel"/>)
    /// the bot says it has no confident answer and shows the closest passages instead. 0.4, from the held-out
    /// table of <c>bench calibrate</c>: the lowest bar at which at least 40% of on-topic questions the articles
    /// cannot answer are declined, while most answerable ones are still answered.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.4;

    /// <summary>How many BM25 candidates are re-ranked per question.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 40;

    /// <summary>Use sentence meaning (the vectors of <see cref="Encoder"/>) beside words. Off: words only.</summary>
    public bool Semantic { get; set; } = true;

    /// <summary>
    /// The model that computes the meaning vectors: <c>MiniLM</c> (all-MiniLM-L6-v2) or <c>ArcticXs</c>
    /// (snowflake-arctic-embed-xs, retrieval-tuned). Each model keeps its own vectors file beside the index.
    /// A name, not the enum itself: a misspelt value is then reported with the other invalid settings at start,
    /// where binding an unknown name to an enum would throw before validation.
    /// </summary>
    [Required]
    [RegularExpression("(?i)MiniLM|ArcticXs", ErrorMessage = "Answers:Encoder must be MiniLM or ArcticXs.")]
    public string Encoder { get; set; } = nameof(SentenceEncoderKind.MiniLM);

    /// <summary>The model <see cref="Encoder"/> names (case-insensitive; validated at start). A method, not a property, so validation never reads it before the name is checked.</summary>
    public SentenceEncoderKind GetEncoderKind() => Enum.Parse<SentenceEncoderKind>(Encoder, ignoreCase: true);

    /// <summary>How many sentences closest in meaning join the word-matched candidates.</summary>
    [Range(0, 1000)]
    public int SemanticCandidates { get; set; } = 15;

    /// <summary>
    /// Collections up to this many articles without vectors get them before the first answer of a
    /// command-line run (about a second per article); larger ones are vectorised in the background
    /// by the long-running bot and answered by words meanwhile.
    /// </summary>
    [Range(0, 1_000_000)]
    public int SemanticInlineArticles { get; set; } = 200;

    /// <summary>
    /// Above this many sentences meaning is not used: its vectors take 1.5 KB a sentence in memory
    /// and every question scans them all (200,000 sentences ≈ 300 MB, roughly 10,000 articles).
    /// </summary>
    [Range(0, 100_000_000)]
    public int SemanticMaxSentences { get; set; } = 200_000;

    /// <summary>Whether meaning applies to a library of <paramref name="sentences"/> sentences.</summary>
    public bool UseSemanticFor(int sentences) => Semantic && sentences <= SemanticMaxSentences;
}
