using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Slack.Signing;

namespace PolicyBot.Adapters.Slack.Http;

/// <summary>What every Slack webhook does first: read the raw body (bounded) and check its signature.</summary>
internal static class SlackRequest
{
    /// <summary>Slack's payloads are small; anything this large is not one.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The raw body when it is signed by Slack; otherwise the response to send (413 or 401), with nothing else done.</summary>
    public static async Task<(byte[]? Body, IResult? Refusal)> ReadVerifiedAsync(HttpContext context, SlackSignatureVerifier verifier, ILogger logger)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, Results.StatusCode(StatusCodes.Status413PayloadTooLarge));
            }

            buffer.Write(chunk, 0, read);
        }

        byte[] body = buffer.ToArray();
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
