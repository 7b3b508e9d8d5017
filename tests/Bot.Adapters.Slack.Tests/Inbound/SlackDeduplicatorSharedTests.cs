using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Adapters.Slack.Tests.Inbound;

public class SlackDeduplicatorSharedTests
{
    private static SlackMessage Message(string eventId, string ts) => new(eventId, "T1", "C1", "channel", "U1", "hello", ts, null, IsMention: true, IsDirectMessage: false);

    [Fact]
    public async Task SharedStoreDown_TheMessageIsStillAnsweredOnce_FromLocalMemory()
    {
        var dedupe = new SlackDeduplicator(TimeProvider.System, shared: new UnreachableStore());

        Assert.True(await dedupe.TryClaimAsync(Message("Ev1", "1.1"), CancellationToken.None));
        Assert.False(await dedupe.TryClaimAsync(Message("Ev1", "1.1"), CancellationToken.None));
        Assert.Equal(1, dedupe.SharedClaimFailures);
    }

    /// <summary>A shared store whose server is down: every call fails as Npgsql or SQLite would.</summary>
    private sealed class UnreachableStore : IReplicaCoordination
    {
        public Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct) => throw new IOException("connection refused");

        public Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct) => throw new IOException("connection refused");

        public Task NotifyLibraryChangedAsync(string origin, CancellationToken ct) => throw new IOException("connection refused");

        public Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct) => throw new IOException("connection refused");
    }
}
