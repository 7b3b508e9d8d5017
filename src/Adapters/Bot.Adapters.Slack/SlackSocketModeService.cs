using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack;

/// <summary>
/// Socket Mode: the bot opens a WebSocket to Slack (apps.connections.open with the xapp- token)
/// instead of receiving HTTP. Every envelope is acknowledged by id at once; events go to the same
/// worker as HTTP deliveries, de-duplicated the same way. On "disconnect", a dropped socket or a
/// silent one, it reconnects with backoff; it stops only when Slack says the token or app cannot
/// connect (invalid_auth, not_allowed_token_type, link_disabled …), with a clear log line.
/// </summary>
public sealed class SlackSocketModeService : BackgroundService
{
    private static readonly HashSet<string> Fatal = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "not_allowed_token_type", "account_inactive", "token_revoked", "link_disabled", "app_uninstalled",
    };

    private readonly SlackOptions _options;
    private readonly SlackApiClient _api;
    private readonly SlackDeduplicator _dedupe;
    private readonly SlackPendingMessages _pending;
    private readonly SlackBotIdentity _identity;
    private readonly IChatBot _bot;
    private readonly SlackInFlight _inFlight;
    private readonly TimeProvider _time;
    private readonly SlackCommandRunner _commands;
    private readonly ILogger<SlackSocketModeService> _logger;

    public SlackSocketModeService(
        IOptions<SlackOptions> options, SlackApiClient api, SlackDeduplicator dedupe, SlackPendingMessages pending, SlackBotIdentity identity,
        IChatBot bot, SlackCommandRunner commands, SlackInFlight inFlight, TimeProvider time, ILogger<SlackSocketModeService> logger)
    {
        _inFlight = inFlight;
        _commands = commands;
        _options = options.Value;
        _api = api;
        _dedupe = dedupe;
        _pending = pending;
        _identity = identity;
        _bot = bot;
        _time = time;
        _logger = logger;
    }

    private volatile bool _connected;

    /// <summary>True while a Socket Mode WebSocket to Slack is open (readiness).</summary>
    public bool IsConnected => _connected;

    /// <summary>How long a socket may stay silent before it is presumed dead (Slack pings far more often).</summary>
    private TimeSpan SilenceLimit => _options.SocketSilenceLimit;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int failures = 0;
        ClientWebSocket? previous = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var open = await _api.CallAsync("apps.connections.open", new JsonObject(), _options.AppToken ?? "", stoppingToken);
            if (!open.Ok || open.Body?["url"]?.GetValue<string>() is not { } url)
            {
                if (open.Error is { } error && Fatal.Contains(error))
                {
                    _logger.LogError("Slack Socket Mode cannot connect ({Error}): check Slack:AppToken (an xapp- token with connections:write) and that Socket Mode is enabled for the app. Giving up.", error);
                    break;
                }

                failures++;
                _logger.LogWarning("Slack Socket Mode could not open a connection ({Error}); retrying.", open.Error);
                await DelayAsync(Backoff(failures), stoppingToken);
                continue;
            }

            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri(url), stoppingToken);
            }
            catch (WebSocketException ex)
            {
                socket.Dispose();
                failures++;
                _logger.LogWarning("Slack Socket Mode could not connect ({Reason}); retrying.", ex.Message);
                await DelayAsync(Backoff(failures), stoppingToken);
                continue;
            }

            // The new socket is open before the one Slack asked us to leave is closed: nothing is missed in between.
            await CloseQuietlyAsync(previous);
            previous = null;

            _connected = true;
            bool reconnect;
            try
            {
                reconnect = await RunConnectionAsync(socket, stoppingToken);
            }
            finally
            {
                _connected = false;
            }

            if (reconnect)
            {
                previous = socket;
                failures = 0;
            }
            else
            {
                socket.Dispose();
                failures++;
                if (!stoppingToken.IsCancellationRequested)
                {
                    await DelayAsync(Backoff(failures), stoppingToken);
                }
            }
        }

        await CloseQuietlyAsync(previous);
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket? socket)
    {
        if (socket is null)
        {
            return;
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnected", CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        finally
        {
            socket.Dispose();
        }
    }

    /// <summary>One connection's life; true when Slack asked to reconnect, false when it dropped or went silent.</summary>
    private async Task<bool> RunConnectionAsync(ClientWebSocket socket, CancellationToken ct)
    {
        try
        {
            var buffer = new byte[256 * 1024];
            while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
            {
                using var silence = CancellationTokenSource.CreateLinkedTokenSource(ct);
                silence.CancelAfter(SilenceLimit);
                string? message = await ReceiveAsync(socket, buffer, silence.Token);
                if (message is null)
                {
                    _logger.LogWarning("Slack Socket Mode connection closed; reconnecting.");
                    return false;
                }

                if (await HandleAsync(socket, message, ct) is { } reason)
                {
                    _logger.LogInformation("Slack asked to reconnect ({Reason}).", reason);
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            _logger.LogWarning("Slack Socket Mode connection went silent for {Limit}; reconnecting.", SilenceLimit);
        }
        catch (WebSocketException ex)
        {
            _logger.LogWarning("Slack Socket Mode connection failed ({Reason}); reconnecting.", ex.Message);
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }

        return false;
    }

    /// <summary>Handles one frame; returns the reason when Slack asks the bot to reconnect.</summary>
    private async Task<string?> HandleAsync(ClientWebSocket socket, string message, CancellationToken ct)
    {
        JsonObject? frame;
        try
        {
            frame = JsonNode.Parse(message) as JsonObject;
        }
        catch (JsonException)
        {
            _logger.LogWarning("Ignored a Socket Mode frame that is not JSON.");
            return null;
        }

        string? type = frame?["type"]?.GetValue<string>();
        if (type == "disconnect")
        {
            return frame!["reason"]?.GetValue<string>() ?? "disconnect";
        }

        if (frame?["envelope_id"]?.GetValue<string>() is not { } envelopeId)
        {
            return null; // hello, and anything else without an envelope.
        }

        await SendAsync(socket, new JsonObject { ["envelope_id"] = envelopeId }, ct);
        if (type == "slash_commands" && await _dedupe.TryClaimAsync("envelope:" + envelopeId, ct) && frame["payload"] is JsonObject commandPayload)
        {
            var fields = commandPayload.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString(), StringComparer.Ordinal);
            if (SlackSlashCommandParser.FromFields(fields) is SlackSlashCommand command)
            {
                // Acknowledged already; the answer goes to the command's response_url, as over HTTP when slow, and is drained at shutdown.
                var work = _inFlight.Token;
                _inFlight.Track(Task.Run(async () =>
                {
                    var reply = await _commands.RunAsync(command, work);
                    var result = await _api.PostToResponseUrlAsync(command.ResponseUrl, SlackCommandsEndpoint.Ephemeral(reply), work);
                    if (!result.Ok)
                    {
                        _logger.LogError("Slack refused the answer to /{Command}: {Error}", command.Name, result.Error);
                    }
                }, CancellationToken.None));
            }

            return null;
        }

        if (type == "interactive" && await _dedupe.TryClaimAsync("envelope:" + envelopeId, ct) && frame["payload"] is JsonObject interaction
            && SlackInteractionsEndpoint.ParsePayload(interaction) is { Value: not null } press)
        {
            SlackInteractionsEndpoint.Dispatch(press, _inFlight, _bot, _api, _logger);
            return null;
        }

        if (type == "events_api" && await _dedupe.TryClaimAsync("envelope:" + envelopeId, ct) && frame["payload"] is JsonObject payload)
        {
            using var document = JsonDocument.Parse(payload.ToJsonString());
            if (SlackEventParser.FromEnvelope(document.RootElement, _identity.UserId) is SlackMessage incoming
                && await SlackResponder.IsForTheBotAsync(incoming, _bot, ct)
                && await _dedupe.TryClaimAsync(incoming, ct))
            {
                _pending.Enqueue(incoming);
            }
        }

        return null;
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, byte[] buffer, CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    private static Task SendAsync(ClientWebSocket socket, JsonObject message, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(60);

    // Jittered: replicas dropped by the same Slack outage must not all reconnect in the same second.
    private static TimeSpan Backoff(int failures) => PolicyBot.Core.Retry.Backoff.Delay(Math.Max(failures, 1), FirstReconnectDelay, MaxReconnectDelay, Random.Shared);

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _time, ct);
}
