namespace PolicyBot.Core.Conversation;

/// <summary>
/// Where conversations' short-term memory lives, so "more" and "and what about Canada?" continue from the last answer.
/// In process (<see cref="ConversationMemory"/>) for one bot; in the shared store for a fleet, so a follow-up that lands
/// on another replica is answered too. A state older than <see cref="ConversationMemory.Lifetime"/> is forgotten.
/// </summary>
public interface IConversationStore
{
    /// <summary>What the conversation last asked and was shown, or null (never, or too long ago).</summary>
    Task<ConversationState?> RecallAsync(string conversation, CancellationToken ct);

    /// <summary>Replaces the conversation's state (its <see cref="ConversationState.At"/> is the time of this answer).</summary>
    Task RememberAsync(string conversation, ConversationState state, CancellationToken ct);
}
