namespace PolicyBot.Core.Feedback;

/// <summary>
/// Where "Helpful" / "Not helpful" verdicts are kept: the shared store when the bot runs with one (SQLite or PostgreSQL,
/// so every replica's feedback is in one place), else a JSON Lines file (<see cref="FeedbackLog"/>).
/// </summary>
public interface IFeedbackStore
{
    Task RecordAsync(FeedbackEntry entry, CancellationToken ct);

    /// <summary>Every entry, oldest first (for review and tests).</summary>
    Task<IReadOnlyList<FeedbackEntry>> ReadAllAsync(CancellationToken ct);
}
