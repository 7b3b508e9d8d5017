using NSec.Cryptography;

namespace PolicyBot.Adapters.Discord.Signing;

/// <summary>
/// Checks the Ed25519 signature Discord puts on every interaction: <c>X-Signature-Ed25519</c> (hex) over the
/// UTF-8 bytes of <c>X-Signature-Timestamp</c> followed by the raw body bytes exactly as received. Fails
/// closed: a missing, short, long or non-hex header, or a malformed key, is a bad signature, never an error.
/// </summary>
public sealed class DiscordSignatureVerifier
{
    private const int SignatureBytes = 64;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly PublicKey? _key;

    /// <param name="publicKeyHex">The application's public key from the developer portal (64 hex characters).</param>
    public DiscordSignatureVerifier(string publicKeyHex)
    {
        if (TryDecodeHex(publicKeyHex?.Trim(), 32) is { } raw && PublicKey.TryImport(Algorithm, raw, KeyBlobFormat.RawPublicKey, out var key))
        {
            _key = key;
        }
    }

    /// <summary>False when the configured key could not be read: then every request is refused.</summary>
    public bool HasValidKey => _key is not null;

    public bool Verify(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (_key is null || string.IsNullOrEmpty(timestamp) || TryDecodeHex(signatureHex, SignatureBytes) is not { } signature)
        {
            return false;
        }

        int timestampLength = System.Text.Encoding.UTF8.GetByteCount(timestamp);
        var message = new byte[timestampLength + body.Length];
        System.Text.Encoding.UTF8.GetBytes(timestamp, message);
        body.CopyTo(message.AsSpan(timestampLength));
        return Algorithm.Verify(_key, message, signature);
    }

    /// <summary>Hex of exactly <paramref name="bytes"/> bytes, or null.</summary>
    private static byte[]? TryDecodeHex(string? hex, int bytes)
    {
        if (hex is null || hex.Length != bytes * 2)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
