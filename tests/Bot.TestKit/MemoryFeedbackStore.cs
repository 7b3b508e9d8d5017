using System.Collections.Concurrent;
using PolicyBot.Core.Feedback;

namespace PolicyBot.TestKit;

/// <summary>Feedback kept in memory, for tests that read back what a button recorded.</summary>
public sealed class MemoryFeedbackStore : IFeedbackStore
{
    private readonly ConcurrentQueue<FeedbackEntry> _entries = new();

    public Task RecordAsync(FeedbackEntry entry, CancellationToken ct)
    {
        _entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FeedbackEntry>> ReadAllAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<FeedbackEntry>>(_entries.ToList());
}
