namespace PolicyBot.Core.Alerts;

/// <summary>The outbox of alerts to send: claimed by one sender each, settled one by one. Every method is safe to call from several threads, and each call is its own transaction unless it says otherwise.</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> alerts due at <paramref name="now"/> (Pending with NextAttemptAt ≤ now, channel
    /// not paused), oldest first, moving them to Sending with ClaimedAt = now and Attempts + 1, and returns them.
    /// </summary>
    Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>
    /// Takes over up to <paramref name="max"/> alerts left in Sending since before <paramref name="claimedBefore"/> (their
    /// claimer — this process before a restart, or a replica that died — never recorded an outcome): atomically gives them a
    /// new claim at <paramref name="now"/>, so each goes to exactly one caller, and returns them oldest first.
    /// </summary>
    Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Alerts left in Sending (a sender stopped between claiming and recording the outcome), oldest first.</summary>
    Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct);

    /// <summary>Marks an alert delivered (from any state).</summary>
    Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Puts an alert back to Pending, to be tried again at <paramref name="nextAttemptAt"/>, remembering why.</summary>
    Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct);

    /// <summary>Gives an alert up for good.</summary>
    Task MarkFailedAsync(long id, string error, CancellationToken ct);

    /// <summary>Alerts waiting (Pending or Sending), for status and metrics.</summary>
    Task<int> OutboxDepthAsync(CancellationToken ct);

    /// <summary>An alert by id (tests, diagnostics).</summary>
    Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct);

    /// <summary>Every alert for one channel, oldest first (tests, diagnostics).</summary>
    Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct);
}
