using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Adapters.Slack.Signing;

/// <summary>
/// Checks Slack's request signature: <c>X-Slack-Signature: v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body))</c>
/// with <c>X-Slack-Request-Timestamp</c> no more than 5 minutes from now in either direction.
/// The body must be the exact bytes received (for form posts, still URL-encoded), never re-serialised JSON.
/// Every outcome is a value: malformed or hostile headers never throw.
/// </summary>
public sealed class SlackSignatureVerifier
{
    /// <summary>The header carrying <c>v0=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>The header carrying the Unix time in seconds the request was signed at.</summary>
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>The only signature version Slack uses.</summary>
    public const string Version = "v0";

    /// <summary>How far the timestamp may be from now, either way (Slack's guidance; python-slack-sdk rejects <c>abs(now - ts) &gt; 300</c>).</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Prefix = Version + "=";
    private const int DigestHexLength = 64;

    // A Unix time in seconds has at most 19 digits in a long; anything longer is not a timestamp.
    private const int MaxTimestampLength = 19;

    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly long _toleranceSeconds;

    public SlackSignatureVerifier(string signingSecret, TimeProvider time, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingSecret);
        ArgumentNullException.ThrowIfNull(time);
        TimeSpan allowed = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(allowed, TimeSpan.Zero, nameof(tolerance));
        _key = Encoding.UTF8.GetBytes(signingSecret);
        _time = time;
        _toleranceSeconds = (long)allowed.TotalSeconds;
    }

    /// <summary>Checks the two header values against the raw request body.</summary>
    /// <param name="timestamp">The <c>X-Slack-Request-Timestamp</c> header value, or null when absent.</param>
    /// <param name="signature">The <c>X-Slack-Signature</c> header value, or null when absent.</param>
    /// <param name="body">The request body exactly as received.</param>
    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.Missing;
        }

        if (!TryParseTimestamp(timestamp, out long seconds))
        {
            return SignatureCheck.Malformed;
        }

        Span<byte> provided = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!TryParseSignature(signature, provided))
        {
            return SignatureCheck.Malformed;
        }

        long now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (seconds < now - _toleranceSeconds || seconds > now + _toleranceSeconds)
        {
            return SignatureCheck.Stale;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeDigest(_key, timestamp, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, provided) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The <c>X-Slack-Signature</c> value Slack would send for this body at this time (for fakes and tests).</summary>
    public static string Sign(string signingSecret, long timestamp, ReadOnlySpan<byte> body) =>
        Sign(signingSecret, timestamp.ToString(CultureInfo.InvariantCulture), body);

    /// <summary>The <c>X-Slack-Signature</c> value for a timestamp given as the exact header text.</summary>
    public static string Sign(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(signingSecret);
        ArgumentNullException.ThrowIfNull(timestamp);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        ComputeDigest(Encoding.UTF8.GetBytes(signingSecret), timestamp, body, digest);
        return Prefix + Convert.ToHexStringLower(digest);
    }

    private static void ComputeDigest(byte[] key, string timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(Version + ":" + timestamp + ":"));
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>Digits only: no sign, no spaces, no decimals, no exponent.</summary>
    private static bool TryParseTimestamp(string text, out long seconds)
    {
        seconds = 0;
        return text.Length <= MaxTimestampLength
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds);
    }

    private static bool TryParseSignature(string text, Span<byte> digest)
    {
        if (text.Length != Prefix.Length + DigestHexLength || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> hex = text.AsSpan(Prefix.Length);
        return Convert.FromHexString(hex, digest, out int consumed, out int written) == System.Buffers.OperationStatus.Done
            && consumed == DigestHexLength
            && written == digest.Length;
    }
}
