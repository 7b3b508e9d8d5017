using System.Diagnostics;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Diagnostics;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Core.Conversation;

/// <summary>
/// <see cref="IChatBot"/>: routes a turn (typed text through the conversation memory, channel commands to the alert
/// commands, other commands to the engine, buttons to "more", feedback or a fresh answer), inside one error boundary
/// with the turn's log scope, and records the question's outcome and time.
/// </summary>
public sealed class ChatBot : IChatBot
{
    private readonly BotEngine _engine;
    private readonly IConversationStore _conversations;
    private readonly IFeedbackStore _feedback;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatBot> _logger;
    private readonly PolicyBotMetrics? _metrics;
    private readonly AlertCommands? _alerts;

    /// <param name="alerts">The channel commands, when alerts are set up; without them a channel command says it is not available.</param>
    public ChatBot(BotEngine engine, IConversationStore conversations, IFeedbackStore feedback, TimeProvider time, ILogger<ChatBot> logger, PolicyBotMetrics? metrics = null, AlertCommands? alerts = null)
    {
        _engine = engine;
        _conversations = conversations;
        _feedback = feedback;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _alerts = alerts;
    }

    public async Task<Reply> HandleAsync(ChatTurn turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["platform"] = turn.Platform, ["channel"] = turn.Channel.ChannelId, ["message_id"] = turn.MessageId });
        long started = Stopwatch.GetTimestamp();
        Reply reply;
        try
        {
            reply = await RouteAsync(turn, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // Shutdown, not a fault.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Answering a {Platform} message failed", turn.Platform);
            reply = new ErrorReply(BotText.Failed);
        }

        if (turn.Input is not ButtonPress { Action: ButtonAction.Helpful or ButtonAction.NotHelpful })
        {
            _metrics?.RecordQuestion(turn.Platform, reply, started); // A verdict is not a question.
        }

        return reply;
    }

    public async Task<bool> IsInConversationAsync(string conversationKey, CancellationToken ct) =>
        await _conversations.RecallAsync(conversationKey, ct) is not null;

    private Task<Reply> RouteAsync(ChatTurn turn, CancellationToken ct) => turn.Input switch
    {
        TypedText typed => TextAsync(turn, typed.Text, ct),
        CommandInput command => CommandAsync(turn, command.Command, ct),
        ButtonPress press => ButtonAsync(turn, press, ct),
        _ => throw new ArgumentException($"Unknown turn input {turn.Input.GetType().Name}.", nameof(turn)),
    };

    private async Task<Reply> TextAsync(ChatTurn turn, string text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return await _engine.HandleAsync(new HelpCommand(), ct);
        }

        var command = CommandParser.Parse(text);
        if (command is ChannelCommand)
        {
            return await CommandAsync(turn, command, ct);
        }

        var state = await _conversations.RecallAsync(turn.ConversationKey, ct);
        var step = _engine.Converse(text, command, state, _time.GetUtcNow(), ct);
        if (step.Remember is { } next)
        {
            await _conversations.RememberAsync(turn.ConversationKey, next, ct);
        }

        return step.Reply;
    }

    private Task<Reply> CommandAsync(ChatTurn turn, BotCommand command, CancellationToken ct) =>
        command is ChannelCommand channelCommand && _alerts is not null
            ? _alerts.HandleAsync(channelCommand, turn.Channel, turn.User, turn.MayManage, ct)
            : _engine.HandleAsync(command, ct);

    private async Task<Reply> ButtonAsync(ChatTurn turn, ButtonPress press, CancellationToken ct)
    {
        switch (press.Action)
        {
            case ButtonAction.More:
                var shown = press.Shown.ToHashSet();
                return _engine.More(press.Question, shown.Count, p => shown.Contains(new ShownPassageRef(p.Article.Id, p.Paragraph)), ct);
            case ButtonAction.Helpful or ButtonAction.NotHelpful:
                bool helpful = press.Action == ButtonAction.Helpful;
                var passages = press.Shown.Select(p => new FeedbackPassage(p.ArticleId, p.Paragraph)).ToList();
                await _feedback.RecordAsync(new FeedbackEntry(_time.GetUtcNow(), turn.Platform, turn.User, press.Question, passages, helpful), ct);
                return new FeedbackThanksReply(helpful);
            default:
                return await _engine.HandleAsync(new AskCommand(press.Question), ct);
        }
    }
}
