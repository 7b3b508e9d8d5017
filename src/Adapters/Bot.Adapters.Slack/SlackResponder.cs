using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack;

/// <summary>A message waiting for its answer; a redelivery carries the reply already rendered, so it is sent, not answered again.</summary>
public sealed record SlackPendingMessage(SlackMessage Message, BlockKitMessage? Rendered = null, int Attempt = 0);

/// <summary>
/// Messages acknowledged to Slack and waiting for their answer. The HTTP endpoint only enqueues, so
/// Slack gets its 2xx within milliseconds however slow the answer is (a late ack makes Slack retry).
/// </summary>
public sealed class SlackPendingMessages
{
    private readonly Channel<SlackPendingMessage> _channel = Channel.CreateUnbounded<SlackPendingMessage>(new UnboundedChannelOptions { SingleReader = false });

    public bool Enqueue(SlackMessage message) => Enqueue(new SlackPendingMessage(message));

    public bool Enqueue(SlackPendingMessage pending) => _channel.Writer.TryWrite(pending);

    public IAsyncEnumerable<SlackPendingMessage> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Answers one Slack message: mapped to a turn for the bot, the reply rendered as Block Kit, posted in the thread under
/// a channel mention or in place in a DM. The bot is the error boundary; this only maps, renders and posts.
/// </summary>
public sealed class SlackResponder
{
    private readonly IChatBot _bot;
    private readonly SlackApiClient _api;
    private readonly SlackOptions _options;
    private readonly ILogger<SlackResponder> _logger;

    public SlackResponder(IChatBot bot, SlackApiClient api, IOptions<SlackOptions> options, ILogger<SlackResponder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bot = bot;
        _api = api;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>A DM is one conversation; in a channel, each thread is one (a mention starts its own).</summary>
    public static string ConversationKey(SlackMessage message) =>
        message.IsDirectMessage ? $"slack:{message.ChannelId}" : $"slack:{message.ChannelId}:{message.ThreadTs ?? message.Ts}";

    /// <summary>Mentions and DMs always; other channel messages only as follow-ups in a thread the bot answered (on any replica).</summary>
    public static async Task<bool> IsForTheBotAsync(SlackMessage message, IChatBot bot, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(bot);
        return message.IsMention || message.IsDirectMessage || (message.ThreadTs is not null && await bot.IsInConversationAsync(ConversationKey(message), ct));
    }

    /// <summary>The message as the bot's turn: its text in its conversation, the channel managed by <c>Slack:AdminUsers</c>.</summary>
    public static ChatTurn Turn(SlackMessage message, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ChatTurn("slack", new ChannelRef("slack", message.ChannelId), message.UserId, ConversationKey(message), message.Ts, new TypedText(message.Text))
        {
            MayManage = SlackCommandRunner.MayManage(options, message.UserId),
        };
    }

    /// <summary>The bot's reply to <paramref name="message"/>, rendered.</summary>
    public async Task<BlockKitMessage> AnswerAsync(SlackMessage message, CancellationToken ct) =>
        BlockKitRenderer.Render(await _bot.HandleAsync(Turn(message, _options), ct));

    /// <summary>Posts <paramref name="rendered"/> where <paramref name="message"/> is answered; false when Slack did not take it (after the client's own retries).</summary>
    public async Task<bool> PostAsync(SlackMessage message, BlockKitMessage rendered, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(rendered);
        string? thread = message.IsDirectMessage ? message.ThreadTs : message.ReplyThreadTs;
        var result = await _api.PostMessageAsync(message.ChannelId, rendered.Text, rendered.Blocks, thread, ct);
        if (!result.Ok)
        {
            _logger.LogError("Slack refused the answer to {Ts} in {Channel}: {Error}", message.Ts, message.ChannelId, result.Error);
        }

        return result.Ok;
    }
}

/// <summary>
/// Drains the pending messages for the lifetime of the host. An answer Slack would not take (an outage outlasting the
/// client's retries) is posted again later, a few times, before it is given up with an error in the log: a reply is
/// never dropped silently, and never worked out twice (the conversation has moved on since the first time).
/// </summary>
public sealed class SlackWorker : BackgroundService
{
    public const int MaxRedeliveries = 3;
    public static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(30);

    private readonly SlackPendingMessages _queue;
    private readonly SlackResponder _responder;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackWorker> _logger;
    private readonly CancellationTokenSource _drain = new();

    public SlackWorker(SlackPendingMessages queue, SlackResponder responder, TimeProvider time, ILogger<SlackWorker> logger)
    {
        _queue = queue;
        _responder = responder;
        _time = time;
        _logger = logger;
    }

    /// <summary>Lets the answer in flight finish: it is cancelled only when the host's shutdown timeout runs out.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(_drain.Cancel);
        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var pending in _queue.ReadAllAsync(stoppingToken))
            {
                var message = pending.Message;
                var rendered = pending.Rendered;
                bool delivered;
                try
                {
                    // The answer in hand finishes on shutdown (within the host's shutdown timeout); no new one is taken.
                    rendered ??= await _responder.AnswerAsync(message, _drain.Token);
                    delivered = await _responder.PostAsync(message, rendered, _drain.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Delivering a Slack answer failed for channel {Channel} ts {Ts}", message.ChannelId, message.Ts);
                    delivered = false;
                }

                if (delivered)
                {
                    continue;
                }

                int attempt = pending.Attempt + 1;
                if (attempt > MaxRedeliveries)
                {
                    _logger.LogError("Gave up answering Slack message {Ts} in {Channel} after {Attempts} attempts.", message.Ts, message.ChannelId, attempt);
                    continue;
                }

                _ = RedeliverLaterAsync(pending with { Rendered = rendered, Attempt = attempt }, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task RedeliverLaterAsync(SlackPendingMessage pending, CancellationToken ct)
    {
        try
        {
            await Task.Delay(RedeliveryDelay * pending.Attempt, _time, ct);
            _queue.Enqueue(pending);
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the answer is lost with the process; a durable outbox (issue 7) would keep it.
        }
    }
}
