using System.Globalization;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// Top-candidate confidences of questions that should be answered and of questions that should be
/// declined, and the answered / declined rates they give at each <c>MinConfidence</c> threshold.
/// </summary>
internal sealed class ConfidenceCurve
{
    private readonly List<double> _shouldAnswer = [];
    private readonly List<double> _shouldDecline = [];
    private int _answeredRight;

    public int AnswerCount => _shouldAnswer.Count;

    public int DeclineCount => _shouldDecline.Count;

    public static double DefaultThreshold { get; } = new AnswerOptions().MinConfidence;

    public static IReadOnlyList<double> Thresholds { get; } = Enumerable.Range(0, 11).Select(i => Math.Round(0.30 + 0.05 * i, 2)).ToList();

    /// <summary>
    /// Records a question by the confidence the bot compares with MinConfidence: that of the top-ranked
    /// candidate (0 when there is none). For answerable questions, also whether that candidate is right.
    /// </summary>
    public void Add(IReadOnlyList<QuestionAnswerer.Candidate> ranked, SquadQuestion question, bool shouldAnswer)
    {
        double confidence = ranked.Count > 0 ? ranked[0].Confidence : 0;
        if (!shouldAnswer)
        {
            _shouldDecline.Add(confidence);
            return;
        }

        _shouldAnswer.Add(confidence);
        _answeredRight += confidence >= DefaultThreshold && question.IsAnsweredBy(ranked[0].Hit.Text) ? 1 : 0;
    }

    public double AnsweredRate(double threshold) => Rate(_shouldAnswer, c => c >= threshold);

    public double DeclinedRate(double threshold) => Rate(_shouldDecline, c => c < threshold);

    public void PrintDefault(string answerLabel, string declineLabel)
    {
        double t = DefaultThreshold;
        int answered = _shouldAnswer.Count(c => c >= t), declined = _shouldDecline.Count(c => c < t);
        var table = new TextTable($"at default MinConfidence {Report.Fixed(t, 2)}", "rate %", "count");
        table.Add(answerLabel, Report.Percent(answered, AnswerCount), $"{answered}/{AnswerCount}");
        table.Add(answerLabel + " with a correct top sentence", Report.Percent(_answeredRight, AnswerCount), $"{_answeredRight}/{AnswerCount}");
        table.Add(declineLabel, Report.Percent(declined, DeclineCount), $"{declined}/{DeclineCount}");
        table.Print();
    }

    public void PrintCurve(string answerLabel, string declineLabel)
    {
        var table = new TextTable("MinConfidence", answerLabel, declineLabel, "mean of both");
        foreach (double t in Thresholds.Union([DefaultThreshold]).Order())
        {
            double answered = AnsweredRate(t), declined = DeclinedRate(t);
            string mark = Math.Abs(t - DefaultThreshold) < 1e-9 ? " *" : "";
            table.Add(t.ToString("0.00", CultureInfo.InvariantCulture) + mark, Report.Percent(answered), Report.Percent(declined), Report.Percent((answered + declined) / 2));
        }

        table.Print();
        Report.Note("(* = the default AnswerOptions.MinConfidence)");
    }

    private static double Rate(List<double> values, Func<double, bool> counts) => values.Count == 0 ? 0 : (double)values.Count(counts) / values.Count;
}
