using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Core.Diagnostics;

/// <summary>
/// The bot's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>. The adapters record questions
/// where they answer, the alert dispatcher its deliveries; the host refreshes the outbox depth and exports everything
/// at <c>/metrics</c>, where each instrument is named after the meter and itself (<c>policybot_questions_total</c>, the
/// names in the README). Each instance owns its meter, so several hosts in one process (tests) never mix their numbers.
/// </summary>
public sealed class PolicyBotMetrics : IDisposable
{
    public const string MeterName = "PolicyBot";
    public const string Questions = "questions_total";
    public const string AnswerSeconds = "answer_seconds";
    public const string AlertsSent = "alerts_sent_total";
    public const string AlertsRetried = "alerts_retried_total";
    public const string AlertsFailed = "alerts_failed_total";
    public const string OutboxDepth = "outbox_depth";
    public const string RateLimitWaits = "rate_limit_waits_total";

    /// <summary>Upper bounds (seconds) of the answer-time histogram's buckets.</summary>
    public static readonly IReadOnlyList<double> AnswerSecondsBuckets = new[] { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

    private readonly Counter<long> _questions;
    private readonly Histogram<double> _answerSeconds;
    private readonly Counter<long> _alertsSent;
    private readonly Counter<long> _alertsRetried;
    private readonly Counter<long> _alertsFailed;
    private readonly ConcurrentDictionary<string, Func<long>> _rateLimitSources = new(StringComparer.Ordinal);
    private long _outboxDepth = -1;

    public PolicyBotMetrics()
    {
        Meter = new Meter(MeterName);
        _questions = Meter.CreateCounter<long>(Questions, unit: null, description: "Questions and commands answered, by platform and outcome (answered, no_answer, error, other).");
        _answerSeconds = Meter.CreateHistogram<double>(
            AnswerSeconds, unit: "s", description: "Time to produce a reply, by platform.", tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AnswerSecondsBuckets });
        _alertsSent = Meter.CreateCounter<long>(AlertsSent, unit: null, description: "Alerts delivered, by platform.");
        _alertsRetried = Meter.CreateCounter<long>(AlertsRetried, unit: null, description: "Alert deliveries put back in the outbox to try again, by platform.");
        _alertsFailed = Meter.CreateCounter<long>(AlertsFailed, unit: null, description: "Alerts given up for good, by platform.");
        Meter.CreateObservableGauge(OutboxDepth, ObserveOutboxDepth, unit: null, description: "Alerts waiting in the outbox (Pending or Sending), refreshed every few seconds.");
        Meter.CreateObservableCounter(RateLimitWaits, ObserveRateLimitWaits, unit: null, description: "Times a platform's rate limit made the bot wait, by platform.");
    }

    /// <summary>The meter the instruments live on (an exporter listens to this instance only).</summary>
    public Meter Meter { get; }

    /// <summary>The outcome label for a reply: answered, no_answer, error, or other for commands.</summary>
    public static string Outcome(Reply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Accept(OutcomeLabel.Instance);
    }

    /// <summary>One handled question or command on <paramref name="platform"/> (shell, slack, discord, cli) and how long its reply took.</summary>
    public void RecordQuestion(string platform, Reply reply, TimeSpan elapsed)
    {
        _questions.Add(1, new KeyValuePair<string, object?>("platform", platform), new KeyValuePair<string, object?>("outcome", Outcome(reply)));
        _answerSeconds.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("platform", platform));
    }

    /// <summary>Records the question since <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/> value).</summary>
    public void RecordQuestion(string platform, Reply reply, long startedAt) => RecordQuestion(platform, reply, Stopwatch.GetElapsedTime(startedAt));

    public void AlertsDelivered(string platform, int count) => Add(_alertsSent, platform, count);

    public void AlertsRetrying(string platform, int count) => Add(_alertsRetried, platform, count);

    public void AlertsGivenUp(string platform, int count) => Add(_alertsFailed, platform, count);

    /// <summary>The latest outbox depth (the host reads the store every few seconds; the gauge never blocks on it).</summary>
    public void SetOutboxDepth(long depth) => Interlocked.Exchange(ref _outboxDepth, depth);

    /// <summary>A platform client's running count of rate-limit waits, read at each collection.</summary>
    public void TrackRateLimitWaits(string platform, Func<long> read) => _rateLimitSources[platform] = read;

    private static void Add(Counter<long> counter, string platform, int count)
    {
        if (count > 0)
        {
            counter.Add(count, new KeyValuePair<string, object?>("platform", platform));
        }
    }

    private IEnumerable<Measurement<long>> ObserveOutboxDepth()
    {
        long depth = Interlocked.Read(ref _outboxDepth);
        return depth < 0 ? Array.Empty<Measurement<long>>() : new[] { new Measurement<long>(depth) };
    }

    private IEnumerable<Measurement<long>> ObserveRateLimitWaits() =>
        _rateLimitSources.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => new Measurement<long>(s.Value(), new KeyValuePair<string, object?>("platform", s.Key)))
            .ToList();

    public void Dispose() => Meter.Dispose();
}

/// <summary>The outcome label of each reply kind; a visitor, so a new kind must be given its label.</summary>
internal sealed class OutcomeLabel : IReplyVisitor<string>
{
    public static readonly OutcomeLabel Instance = new();
    private const string Other = "other";

    public string Answer(AnswerReply reply) => "answered";

    public string Declined(DeclinedReply reply) => "no_answer";

    public string Error(ErrorReply reply) => "error";

    public string Summary(SummaryReply reply) => Other;

    public string TopicSummary(TopicSummaryReply reply) => Other;

    public string Facts(FactsReply reply) => Other;

    public string ArticleQuotes(ArticleQuotesReply reply) => Other;

    public string SpeakerQuotes(SpeakerQuotesReply reply) => Other;

    public string ArticleList(ArticleListReply reply) => Other;

    public string Choice(ChoiceReply reply) => Other;

    public string Help(HelpReply reply) => Other;

    public string Usage(UsageReply reply) => Other;

    public string Goodbye(GoodbyeReply reply) => Other;

    public string Confirmation(ConfirmationReply reply) => Other;

    public string FeedbackThanks(FeedbackThanksReply reply) => Other;

    public string Alert(AlertReply reply) => Other;

    public string AlertDigest(AlertDigestReply reply) => Other;
}
