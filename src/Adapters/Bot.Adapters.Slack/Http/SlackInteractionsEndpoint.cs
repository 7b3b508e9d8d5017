using System.Text;
using System.Text.Json;
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
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Http;

/// <summary>A button press, as PolicyBot needs it from a <c>block_actions</c> payload.</summary>
public sealed record SlackButtonPress(string ActionId, BlockKitActionValue? Value, string UserId, string? ChannelId, string? MessageTs, string? ThreadTs, Uri? ResponseUrl);

/// <summary>
/// <c>POST /slack/interactions</c>: the reply buttons. "Helpful" / "Not helpful" are recorded with
/// the question and the passages shown; "More" answers in the same place with the next-best passage;
/// "Share in channel" posts the answer for everyone. Acknowledged at once; the work follows.
/// </summary>
public static class SlackInteractionsEndpoint
{
    public const string Route = "/slack/interactions";

    public static IEndpointRouteBuilder MapSlackInteractions(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    /// <summary>Reads a block_actions payload from the form body; null when it is not one we handle.</summary>
    public static SlackButtonPress? Parse(string formBody)
    {
        var fields = SlackSlashCommandParser.ParseForm(formBody);
        if (!fields.TryGetValue("payload", out string? payload))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(payload) is JsonObject root ? ParsePayload(root) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads a block_actions payload (the form's <c>payload</c>, or a Socket Mode envelope's).</summary>
    public static SlackButtonPress? ParsePayload(JsonObject root)
    {
        try
        {
            if (root["type"]?.GetValue<string>() != "block_actions" || root["actions"] is not JsonArray { Count: > 0 } actions || actions[0] is not JsonObject action)
            {
                return null;
            }

            var value = BlockKitActionValue.TryParse(action["value"]?.GetValue<string>(), out var parsed) ? parsed : null;
            string? responseUrl = root["response_url"]?.GetValue<string>();
            return new SlackButtonPress(
                action["action_id"]?.GetValue<string>() ?? "",
                value,
                root["user"]?["id"]?.GetValue<string>() ?? "",
                root["channel"]?["id"]?.GetValue<string>() ?? root["container"]?["channel_id"]?.GetValue<string>(),
                root["message"]?["ts"]?.GetValue<string>() ?? root["container"]?["message_ts"]?.GetValue<string>(),
                root["message"]?["thread_ts"]?.GetValue<string>() ?? root["container"]?["thread_ts"]?.GetValue<string>(),
                Uri.TryCreate(responseUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Carries out a button press in the background (HTTP and Socket Mode share this), drained at shutdown.</summary>
    public static void Dispatch(SlackButtonPress press, SlackInFlight inFlight, IChatBot bot, SlackApiClient api, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        inFlight.Track(Task.Run(() => ActAsync(press, bot, api, logger, inFlight.Token), CancellationToken.None));
    }

    /// <summary>The press as the bot's turn, or null for a button PolicyBot did not render.</summary>
    public static ChatTurn? Turn(SlackButtonPress press)
    {
        ArgumentNullException.ThrowIfNull(press);
        ButtonAction? action = press.ActionId switch
        {
            BlockKitActions.More => ButtonAction.More,
            BlockKitActions.Helpful => ButtonAction.Helpful,
            BlockKitActions.NotHelpful => ButtonAction.NotHelpful,
            BlockKitActions.Share => ButtonAction.Share,
            _ => null,
        };
        if (action is not { } pressed || press.Value is not { } value)
        {
            return null;
        }

        string channel = press.ChannelId ?? "";
        var shown = value.Passages.Select(p => new ShownPassageRef(p.ArticleId, p.Paragraph)).ToList();
        return new ChatTurn("slack", new ChannelRef("slack", channel), press.UserId, $"slack:{channel}:{press.ThreadTs ?? press.MessageTs}", press.MessageTs ?? "", new ButtonPress(pressed, value.Question, shown));
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] SlackSignatureVerifier verifier, [FromServices] SlackInFlight inFlight, [FromServices] IChatBot bot,
        [FromServices] SlackApiClient api, [FromServices] ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PolicyBot.Slack.Interactions");
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(context, verifier, logger);
        if (body is null)
        {
            return refusal!;
        }

        if (Parse(Encoding.UTF8.GetString(body)) is not { Value: not null } press)
        {
            return Results.BadRequest(new { error = "not a PolicyBot button press" });
        }

        Dispatch(press, inFlight, bot, api, logger);
        return Results.Ok();
    }

    /// <summary>Where each button's reply goes: More in the thread, thanks and Share through the response_url.</summary>
    private static async Task ActAsync(SlackButtonPress press, IChatBot bot, SlackApiClient api, ILogger logger, CancellationToken ct)
    {
        try
        {
            if (Turn(press) is not { Input: ButtonPress button } turn
                || (button.Action == ButtonAction.More ? press.ChannelId is null : press.ResponseUrl is null))
            {
                return; // Not one of ours, or nowhere to answer.
            }

            var rendered = BlockKitRenderer.Render(await bot.HandleAsync(turn, ct));
            switch (button.Action)
            {
                case ButtonAction.Helpful or ButtonAction.NotHelpful:
                    await api.PostToResponseUrlAsync(press.ResponseUrl!, new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = rendered.Text }, ct);
                    break;
                case ButtonAction.More:
                    await api.PostMessageAsync(press.ChannelId!, rendered.Text, rendered.Blocks, press.ThreadTs ?? press.MessageTs, ct);
                    break;
                case ButtonAction.Share:
                    var shared = rendered.ToJsonObject();
                    shared["response_type"] = "in_channel";
                    shared["delete_original"] = true;
                    await api.PostToResponseUrlAsync(press.ResponseUrl!, shared, ct);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Handling the Slack button {Action} failed", press.ActionId);
        }
    }
}
