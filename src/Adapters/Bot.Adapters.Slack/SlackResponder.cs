using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Adapters.Slack;

/// <summary>
/// Messages acknowledged to Slack and waiting for their answer. The HTTP endpoint only enqueues, so
/// Slack gets its 2xx within milliseconds however slow the answer is (a late ack makes Slack retry).
/// </summary>
public sealed class SlackPendingMessages
{
    private readonly Channel<SlackMessage> _channel = Channel.CreateUnbounded<SlackMessage>(new UnboundedChannelOptions { SingleReader = false });

    public bool Enqueue(SlackMessage message) => _channel.Writer.TryWrite(message);

    public IAsyncEnumerable<SlackMessage> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>
/// Answers one Slack message: the question through Core, the reply rendered as Block Kit, posted in
/// the thread under a channel mention or in place in a DM. One error boundary per message: a failure
/// is logged with the channel and message ts and answered politely; the loop carries on.
/// </summary>
public sealed class SlackResponder
{
    private readonly BotEngine _engine;
    private readonly SlackApiClient _api;
    private readonly ILogger<SlackResponder> _logger;
    private readonly PolicyBotMetrics? _metrics;
    private readonly SlackCommandRunner? _commands;

    /// <param name="commands">Channel commands typed in a message (/subscribe …) go through the same rules as the slash commands.</param>
    public SlackResponder(BotEngine engine, SlackApiClient api, ILogger<SlackResponder> logger, PolicyBotMetrics? metrics = null, SlackCommandRunner? commands = null)
    {
        _commands = commands;
        _metrics = metrics;
        _engine = engine;
        _api = api;
        _logger = logger;
    }

    /// <summary>A DM is one conversation; in a channel, each thread is one (a mention starts its own).</summary>
    public static string ConversationKey(SlackMessage message) =>
        message.IsDirectMessage ? $"slack:{message.ChannelId}" : $"slack:{message.ChannelId}:{message.ThreadTs ?? message.Ts}";

    /// <summary>Answers <paramref name="message"/>; false when Slack did not take the answer (after the client's own retries).</summary>
    /// <summary>Mentions and DMs always; other channel messages only as follow-ups in a thread the bot answered.</summary>
    public static bool IsForTheBot(SlackMessage message, ConversationMemory memory) =>
        message.IsMention || message.IsDirectMessage || (message.ThreadTs is not null && memory.Knows(ConversationKey(message)));

    public async Task<bool> RespondAsync(SlackMessage message, CancellationToken ct)
    {
        using var scope = _logger.BeginScope(new Dictionary<string, object> { ["platform"] = "slack", ["channel"] = message.ChannelId, ["message_id"] = message.Ts });
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        Reply reply;
        try
        {
            reply = string.IsNullOrWhiteSpace(message.Text)
                ? await _engine.HandleAsync(new HelpCommand(), ct)
                : (_commands is null ? null : await _commands.TryChannelCommandAsync(message.Text, message.ChannelId, message.UserId, ct))
                    ?? await _engine.HandleAsync(message.Text, ConversationKey(message), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Answering a Slack message failed");
            reply = new ErrorReply(BotText.Failed);
        }

        _metrics?.RecordQuestion("slack", reply, started);
        var rendered = BlockKitRenderer.Render(reply);
        string? thread = message.IsDirectMessage ? message.ThreadTs : message.ReplyThreadTs;
        var result = await _api.PostMessageAsync(message.ChannelId, rendered.Text, rendered.Blocks, thread, ct);
        if (!result.Ok)
        {
            _logger.LogError("Slack refused the answer: {Error}", result.Error);
        }

        return result.Ok;
    }
}

/// <summary>
/// Drains the pending messages for the lifetime of the host. An answer Slack would not take (an
/// outage outlasting the client's retries) is tried again later, a few times, before it is given
/// up with an error in the log: a reply is never dropped silently.
/// </summary>
public sealed class SlackWorker : BackgroundService
{
    public const int MaxRedeliveries = 3;
    public static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(30);

    private readonly SlackPendingMessages _queue;
    private readonly SlackResponder _responder;
    private readonly TimeProvider _time;
    private readonly ILogger<SlackWorker> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
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
            await foreach (var message in _queue.ReadAllAsync(stoppingToken))
            {
                bool delivered;
                try
                {
                    // The answer in hand finishes on shutdown (within the host's shutdown timeout); no new one is taken.
                    delivered = await _responder.RespondAsync(message, _drain.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.LogError(ex, "Delivering a Slack answer failed for channel {Channel} ts {Ts}", message.ChannelId, message.Ts);
                    delivered = false;
                }

                string key = message.ChannelId + "/" + message.Ts;
                if (delivered)
                {
                    _attempts.TryRemove(key, out _);
                    continue;
                }

                int attempt = _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
                if (attempt > MaxRedeliveries)
                {
                    _attempts.TryRemove(key, out _);
                    _logger.LogError("Gave up answering Slack message {Ts} in {Channel} after {Attempts} attempts.", message.Ts, message.ChannelId, attempt);
                    continue;
                }

                _ = RedeliverLaterAsync(message, attempt, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task RedeliverLaterAsync(SlackMessage message, int attempt, CancellationToken ct)
    {
        try
        {
            await Task.Delay(RedeliveryDelay * attempt, _time, ct);
            _queue.Enqueue(message);
        }
        catch (OperationCanceledException)
        {
            // Shutdown: the answer is lost with the process; a durable outbox (issue 7) would keep it.
        }
    }
}
