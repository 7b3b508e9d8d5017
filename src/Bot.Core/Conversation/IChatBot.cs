namespace PolicyBot.Core.Conversation;

/// <summary>
/// The one way into the bot. Every platform maps its payload to a <see cref="ChatTurn"/>, calls
/// <see cref="HandleAsync"/>, renders the typed reply and sends it; parsing, routing, conversation memory, feedback,
/// the error boundary and metrics all live behind this.
/// </summary>
public interface IChatBot
{
    /// <summary>The reply to <paramref name="turn"/>. A failure is logged and answered with an <see cref="ErrorReply"/>; only cancellation throws.</summary>
    Task<Reply> HandleAsync(ChatTurn turn, CancellationToken ct);

    /// <summary>
    /// Whether the bot is in <paramref name="conversationKey"/> (it answered there within the memory's lifetime), on any
    /// replica sharing the conversation store: Slack answers an unmentioned thread reply only then.
    /// </summary>
    Task<bool> IsInConversationAsync(string conversationKey, CancellationToken ct);
}
