using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Signing;

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

    /// <summary>Slack's event payloads are small; anything this large is not one.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapSlackEvents(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, (Func<HttpContext, Task<IResult>>)HandleAsync);
        return app;
    }

    public static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot.Slack.Events");
        byte[]? body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var check = services.GetRequiredService<SlackSignatureVerifier>().Verify(
            context.Request.Headers[SlackSignatureVerifier.TimestampHeader],
            context.Request.Headers[SlackSignatureVerifier.SignatureHeader],
            body);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Rejected a Slack event delivery: signature {Check}", check);
            return Results.Unauthorized();
        }

        var inbound = SlackEventParser.Parse(body, services.GetRequiredService<SlackBotIdentity>().UserId);
        switch (inbound)
        {
            case SlackUrlVerification verification:
                return Results.Text(verification.Challenge, "text/plain");
            case SlackMalformed malformed:
                logger.LogWarning("Malformed Slack event: {Reason}", malformed.Reason);
                return Results.BadRequest(new { error = malformed.Reason });
            case SlackMessage message:
                if (services.GetRequiredService<SlackDeduplicator>().TryClaim(message))
                {
                    services.GetRequiredService<SlackPendingMessages>().Enqueue(message);
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

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
