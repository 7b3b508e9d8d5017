using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Http;

/// <summary>How long a slash command may take before the bot acknowledges it and answers through response_url.</summary>
public sealed class SlackCommandTiming
{
    /// <summary>Slack allows 3 seconds for the HTTP response; answers ready within this are sent inline.</summary>
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// <c>POST /slack/commands</c>: /ask, /summary, /articles, /quotes, /facts, /help. The reply is
/// ephemeral (only the asker sees it) with a "Share in channel" button. It is sent in the HTTP
/// response when ready within the inline budget; otherwise the command is acknowledged at once and
/// the answer follows through its response_url.
/// </summary>
public static class SlackCommandsEndpoint
{
    public const string Route = "/slack/commands";

    public static IEndpointRouteBuilder MapSlackCommands(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] SlackSignatureVerifier verifier, [FromServices] SlackCommandRunner runner, [FromServices] SlackInFlight inFlight,
        [FromServices] SlackCommandTiming timing, [FromServices] SlackApiClient api, [FromServices] ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PolicyBot.Slack.Commands");
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(context, verifier, logger);
        if (body is null)
        {
            return refusal!;
        }

        switch (SlackSlashCommandParser.Parse(Encoding.UTF8.GetString(body)))
        {
            case SlackSslCheck:
                return Results.Ok();
            case SlackMalformed malformed:
                return Results.BadRequest(new { error = malformed.Reason });
            case SlackSlashCommand command:
                // A slash command has no message of its own: its trigger id identifies it in the logs.
                using (logger.BeginScope(new Dictionary<string, object?> { ["platform"] = "slack", ["channel"] = command.ChannelId, ["message_id"] = command.TriggerId, ["command"] = command.Name }))
                {
                    return await RunCommandAsync(command, runner, inFlight, timing.InlineBudget, api, logger);
                }

            default:
                return Results.Ok();
        }
    }

    private static async Task<IResult> RunCommandAsync(
        SlackSlashCommand command, SlackCommandRunner runner, SlackInFlight inFlight, TimeSpan budget, SlackApiClient api, ILogger logger)
    {
        var stopping = inFlight.Token; // Answer work runs on past the start of shutdown, until the host's grace period ends.
        var work = Task.Run(() => runner.RunAsync(command, stopping), stopping);
        if (await Task.WhenAny(work, Task.Delay(budget, stopping)) == work)
        {
            return Results.Json(Ephemeral(await work));
        }

        inFlight.Track(FollowUpAsync(work, command, api, logger, stopping));
        return Results.Ok();
    }

    /// <summary>The ephemeral reply body: only the asker sees it, and may share it with the channel.</summary>
    public static JsonObject Ephemeral(Reply reply)
    {
        var message = BlockKitRenderer.Render(reply, new BlockKitRenderOptions { ShareInChannel = true });
        var body = message.ToJsonObject();
        body["response_type"] = "ephemeral";
        return body;
    }

    private static async Task FollowUpAsync(Task<Reply> work, SlackSlashCommand command, SlackApiClient api, ILogger logger, CancellationToken ct)
    {
        try
        {
            var result = await api.PostToResponseUrlAsync(command.ResponseUrl, Ephemeral(await work), ct);
            if (!result.Ok)
            {
                logger.LogError("Slack refused the late answer to /{Command} in {Channel}: {Error}", command.Name, command.ChannelId, result.Error);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Answering /{Command} in {Channel} failed", command.Name, command.ChannelId);
        }
    }
}
