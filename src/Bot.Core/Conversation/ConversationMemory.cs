using System.Collections.Concurrent;

namespace PolicyBot.Core.Conversation;

/// <summary>A passage a conversation has already been shown: its article and its verbatim text.</summary>
public sealed record ShownText(string ArticleId, string Text);

/// <summary>What a conversation (a thread, a DM, the shell) last asked and was shown (plain data, so a shared store can keep it as JSON).</summary>
public sealed record ConversationState(string Question, IReadOnlySet<string> Articles, IReadOnlyList<ShownText> Shown, DateTimeOffset At);

/// <summary>
/// Short-term memory per conversation in this process (the default <see cref="IConversationStore"/>; a fleet registers
/// the shared store instead), so "more" and "and what about Canada?" continue from the last answer. Entries expire
/// after an hour of silence; the oldest go first beyond the capacity.
/// </summary>
public sealed class ConversationMemory : IConversationStore
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ConversationState> _states = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ConversationMemory(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public Task<ConversationState?> RecallAsync(string conversation, CancellationToken ct) =>
        Task.FromResult(_states.TryGetValue(conversation, out var state) && _time.GetUtcNow() - state.At < Lifetime ? state : null);

    public Task RememberAsync(string conversation, ConversationState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[conversation] = state;
        if (_states.Count > Capacity)
        {
            foreach (var old in _states.OrderBy(kv => kv.Value.At).Take(_states.Count - Capacity).ToList())
            {
                _states.TryRemove(old.Key, out _);
            }
        }

        return Task.CompletedTask;
    }
}
