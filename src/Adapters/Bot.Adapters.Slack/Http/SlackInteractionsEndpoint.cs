using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;

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
        app.MapPost(Route, (Func<HttpContext, Task<IResult>>)HandleAsync);
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

    /// <summary>Carries out a button press in the background (HTTP and Socket Mode share this).</summary>
    public static void Dispatch(SlackButtonPress press, IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        var handlers = new Handlers(services.GetRequiredService<SlackApiClient>(), services.GetRequiredService<IFeedbackStore>(), services.GetRequiredService<QuestionAnswerer>(), services.GetRequiredService<BotEngine>());
        _ = Task.Run(() => ActAsync(press, handlers, logger, ct), ct);
    }

    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot.Slack.Interactions");
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(context, logger);
        if (body is null)
        {
            return refusal!;
        }

        if (Parse(Encoding.UTF8.GetString(body)) is not { Value: not null } press)
        {
            return Results.BadRequest(new { error = "not a PolicyBot button press" });
        }

        // The request's services end with the request: Dispatch resolves the singletons it needs now.
        Dispatch(press, services, logger, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        return Results.Ok();
    }

    private sealed record Handlers(SlackApiClient Api, IFeedbackStore Feedback, QuestionAnswerer Answerer, BotEngine Engine);

    private static async Task ActAsync(SlackButtonPress press, Handlers services, ILogger logger, CancellationToken ct)
    {
        try
        {
            var api = services.Api;
            var value = press.Value!;
            switch (press.ActionId)
            {
                case BlockKitActions.Helpful or BlockKitActions.NotHelpful:
                    bool helpful = press.ActionId == BlockKitActions.Helpful;
                    await services.Feedback.RecordAsync(
                        new FeedbackEntry(DateTimeOffset.UtcNow, "slack", press.UserId, value.Question, value.Passages.Select(p => new FeedbackPassage(p.ArticleId, p.Paragraph)).ToList(), helpful), ct);
                    if (press.ResponseUrl is { } thanks)
                    {
                        await api.PostToResponseUrlAsync(thanks, new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = new FeedbackThanksReply(helpful).Message }, ct);
                    }

                    break;
                case BlockKitActions.More when press.ChannelId is not null:
                    var reply = NextPassage(services.Answerer, value);
                    var rendered = BlockKitRenderer.Render(reply);
                    await api.PostMessageAsync(press.ChannelId, rendered.Text, rendered.Blocks, press.ThreadTs ?? press.MessageTs, ct);
                    break;
                case BlockKitActions.Share when press.ResponseUrl is { } share:
                    var answer = await services.Engine.HandleAsync(new AskCommand(value.Question), ct);
                    var shared = BlockKitRenderer.Render(answer).ToJsonObject();
                    shared["response_type"] = "in_channel";
                    shared["delete_original"] = true;
                    await api.PostToResponseUrlAsync(share, shared, ct);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Handling the Slack button {Action} failed", press.ActionId);
        }
    }

    /// <summary>The best passage for the question that the pressed message did not show, as an answer (or "no more").</summary>
    internal static Reply NextPassage(QuestionAnswerer answerer, BlockKitActionValue value)
    {
        var shown = value.Passages.Select(p => (p.ArticleId, p.Paragraph)).ToHashSet();
        return answerer.NextPassage(value.Question, shown.Count, p => shown.Contains((p.Article.Id, p.Paragraph))) is { } next
            ? Reply.FromAnswer(next)
            : new UsageReply(BotText.NoMorePassages);
    }
}
