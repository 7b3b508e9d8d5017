using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Http;

/// <summary>What the Events endpoint needs to know about the bot itself (from auth.test at start).</summary>
public sealed class SlackBotIdentity
{
    public string? UserId { get; set; }
}

/// <summary>
/// <c>POST /slack/events</c>: verify the signature over the raw bytes (401 otherwise, with no effect),
/// answer <c>url_verification</c>, acknowledge everything else at once and queue real messages for
/// the worker — once, however often Slack retries or duplicates the delivery.
/// </summary>
public static class SlackEventsEndpoint
{
    public const string Route = "/slack/events";

    public static IEndpointRouteBuilder MapSlackEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] SlackSignatureVerifier verifier, [FromServices] SlackBotIdentity identity, [FromServices] IChatBot bot,
        [FromServices] SlackDeduplicator dedupe, [FromServices] SlackPendingMessages pending, [FromServices] ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PolicyBot.Slack.Events");
        var (body, refusal) = await SlackRequest.ReadVerifiedAsync(context, verifier, logger);
        if (body is null)
        {
            return refusal!;
        }

        var inbound = SlackEventParser.Parse(body, identity.UserId);
        switch (inbound)
        {
            case SlackUrlVerification verification:
                return Results.Text(verification.Challenge, "text/plain");
            case SlackMalformed malformed:
                logger.LogWarning("Malformed Slack event: {Reason}", malformed.Reason);
                return Results.BadRequest(new { error = malformed.Reason });
            case SlackMessage message:
                if (!await SlackResponder.IsForTheBotAsync(message, bot, context.RequestAborted))
                {
                    return Results.Ok(); // A channel message that neither mentions the bot nor continues one of its threads.
                }

                if (await dedupe.TryClaimAsync(message, context.RequestAborted))
                {
                    pending.Enqueue(message);
                }
                else
                {
                    logger.LogInformation("Duplicate Slack delivery of event {EventId} (retry {Retry}); already answered", message.EventId, context.Request.Headers["X-Slack-Retry-Num"].ToString());
                }

                return Results.Ok();
            default:
                return Results.Ok(); // Ignored on purpose (bots, edits, our own posts): ack so Slack does not retry.
        }
    }
}
