using PolicyBot.Core.Alerts;

namespace PolicyBot.Core.Conversation;

/// <summary>
/// One incoming message or button press, as every platform hands it to <see cref="IChatBot"/>: where it came from, who
/// sent it, which conversation it continues, and what was asked. The adapter maps its payload to this; the bot does the rest.
/// </summary>
/// <param name="Platform">shell, slack, discord or cli: the metrics label and the log scope's <c>platform</c>.</param>
/// <param name="Channel">Where the reply goes, and whose alert subscriptions a channel command changes.</param>
/// <param name="User">The platform's id of the person (feedback and subscriptions record it).</param>
/// <param name="ConversationKey">What "more" and follow-ups continue: a Slack thread, a DM, the shell.</param>
/// <param name="MessageId">The platform's id of this message (the log scope's <c>message_id</c>).</param>
/// <param name="Input">What was typed, the platform's slash command, or the button pressed.</param>
public sealed record ChatTurn(string Platform, ChannelRef Channel, string User, string ConversationKey, string MessageId, TurnInput Input)
{
    /// <summary>Whether the person may change the channel's alerts or add articles (the platform's rule, decided by the adapter).</summary>
    public bool MayManage { get; init; }
}

/// <summary>What a turn asks for: typed text, a platform slash command already mapped to a command, or a button press.</summary>
public abstract record TurnInput
{
    private protected TurnInput()
    {
    }
}

/// <summary>Text typed in a conversation (a mention, a DM, a thread reply, a shell line): "more" and follow-ups apply.</summary>
public sealed record TypedText(string Text) : TurnInput;

/// <summary>A platform's slash command, with its options already read (no conversation memory: each stands alone).</summary>
public sealed record CommandInput(BotCommand Command) : TurnInput;

/// <summary>A button under an answer, with the state the button carries: the question and the passages the message showed.</summary>
public sealed record ButtonPress(ButtonAction Action, string Question, IReadOnlyList<ShownPassageRef> Shown) : TurnInput;

/// <summary>The answer buttons every platform shows.</summary>
public enum ButtonAction
{
    /// <summary>The next-best passage the message did not show.</summary>
    More,

    /// <summary>Recorded as helpful, with the question and the passages shown.</summary>
    Helpful,

    /// <summary>Recorded as not helpful.</summary>
    NotHelpful,

    /// <summary>The answer again, for everyone in the channel.</summary>
    Share,
}

/// <summary>A passage a message showed, by where it sits: its article and paragraph.</summary>
public sealed record ShownPassageRef(string ArticleId, int Paragraph);
