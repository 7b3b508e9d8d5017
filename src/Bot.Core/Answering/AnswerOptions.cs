using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Core.Answering;

/// <summary>The <c>Answers</c> configuration section.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// Below this confidence (the IDF-weighted share of the question's words found in the best
    /// sentence and its neighbours) the bot says it has no confident answer.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.5;

    /// <summary>How many BM25 candidates are re-ranked per question.</summary>
    [Range(1, 1000)]
    public int Candidates { get; set; } = 60;
}
