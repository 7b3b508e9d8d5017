using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Http;

/// <summary>What every Slack webhook does first: read the raw body (bounded) and check its signature.</summary>
internal static class SlackRequest
{
    /// <summary>Slack's payloads are small; anything this large is not one.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The raw body when it is signed by Slack; otherwise the response to send (413 or 401), with nothing else done.</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(HttpContext context, SlackSignatureVerifier verifier, ILogger logger)
    {
        if (await BoundedBody.ReadAsync(context.Request.Body, context.Request.ContentLength, MaxBodyBytes, context.RequestAborted) is not { } body)
        {
            return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
        }

        var check = verifier.Verify(
            context.Request.Headers[SlackSignatureVerifier.TimestampHeader],
            context.Request.Headers[SlackSignatureVerifier.SignatureHeader],
            body);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Rejected a Slack delivery to {Path}: signature {Check}", context.Request.Path.Value, check);
            return (null, Results.Unauthorized());
        }

        return (body, null);
    }
}
