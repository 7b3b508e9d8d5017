using System.Collections.Concurrent;

namespace PolicyBot.Core.Conversation;

/// <summary>A passage a conversation has already been shown: its article and its verbatim text.</summary>
public sealed record ShownText(string ArticleId, string Text);

/// <summary>What a conversation (a thread, a DM, the shell) last asked and was shown (plain data, so a shared store can keep it as JSON).</summary>
public sealed record ConversationState(string Question, IReadOnlySet<string> Articles, IReadOnlyList<ShownText> Shown, DateTimeOffset At);

/// <summary>
/// Short-term memory per conversation, so "more" and "and what about Canada?" continue from the
/// last answer. Entries expire after an hour of silence; the oldest go first beyond the capacity.
/// </summary>
public sealed class ConversationMemory
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ConversationState> _states = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ConversationMemory(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    public ConversationState? Recall(string conversation) =>
        _states.TryGetValue(conversation, out var state) && _time.GetUtcNow() - state.At < Lifetime ? state : null;

    public bool Knows(string conversation) => Recall(conversation) is not null;

    public void Remember(string conversation, string question, IEnumerable<ShownText> shown)
    {
        var list = shown.ToList();
        _states[conversation] = new ConversationState(question, list.Select(s => s.ArticleId).ToHashSet(StringComparer.Ordinal), list, _time.GetUtcNow());
        if (_states.Count > Capacity)
        {
            foreach (var old in _states.OrderBy(kv => kv.Value.At).Take(_states.Count - Capacity).ToList())
            {
                _states.TryRemove(old.Key, out _);
            }
        }
    }
}
