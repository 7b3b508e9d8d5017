using System.Text;
using NSec.Cryptography;
using PolicyBot.Adapters.Discord.Signing;

namespace PolicyBot.Adapters.Discord.Tests.Signing;

public class DiscordSignatureVerifierTests
{
    // RFC 8032 §7.1 TEST 1 key, and the Discord-shaped vector derived from it (protocols.md §6).
    private const string Rfc8032PublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string PingTimestamp = "1700000000";
    private const string PingBody = "{\"type\":1,\"id\":\"787053080478613555\",\"application_id\":\"787053080478613554\",\"token\":\"ThisIsATokenFromDiscordThatIsVeryLong\",\"version\":1}";
    private const string PingSignature = "9c316412212f7abccaf4a28fb44a313dd2f4b5fca411dbb8491411c0a6b63f1226893139f4a9d2e2034058429db319edd39a51cb4a3d59706af38ca148bed405";

    private static readonly DiscordSignatureVerifier Verifier = new(Rfc8032PublicKey);

    [Fact]
    public void Verify_PublishedVector_IsAccepted()
    {
        Assert.True(Verifier.HasValidKey);
        Assert.True(Verifier.Verify(PingSignature, PingTimestamp, Encoding.UTF8.GetBytes(PingBody)));
    }

    [Fact]
    public void Verify_EmptyTimestamp_IsRefusedEvenWhenTheSignatureMatchesTheBytes()
    {
        // TEST 1 signs the empty message; with the timestamp folded in, "" + "" is that message, but an empty
        // timestamp header is refused before any cryptography: Discord always sends one.
        const string signature = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        Assert.False(Verifier.Verify(signature, "", Array.Empty<byte>()));
    }

    public static IEnumerable<object?[]> BadSignatures()
    {
        yield return new object?[] { "flipped last hex digit", PingSignature[..^1] + "4", PingTimestamp, PingBody };
        yield return new object?[] { "other timestamp", PingSignature, "1700000001", PingBody };
        yield return new object?[] { "body with a space added", PingSignature, PingTimestamp, PingBody.Replace(",", ", ", StringComparison.Ordinal) };
        yield return new object?[] { "truncated to 127", PingSignature[..127], PingTimestamp, PingBody };
        yield return new object?[] { "truncated to 64", PingSignature[..64], PingTimestamp, PingBody };
        yield return new object?[] { "one byte long", PingSignature + "00", PingTimestamp, PingBody };
        yield return new object?[] { "non-hex", new string('z', 128), PingTimestamp, PingBody };
        yield return new object?[] { "empty", "", PingTimestamp, PingBody };
        yield return new object?[] { "missing signature", null, PingTimestamp, PingBody };
        yield return new object?[] { "missing timestamp", PingSignature, null, PingBody };
    }

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public void Verify_BadOrMalformedInput_IsRefusedWithoutThrowing(string why, string? signature, string? timestamp, string body)
    {
        Assert.False(Verifier.Verify(signature, timestamp, Encoding.UTF8.GetBytes(body)), why);
    }

    [Fact]
    public void Verify_UppercaseHexOfTheRightSignature_IsAccepted()
    {
        Assert.True(Verifier.Verify(PingSignature.ToUpperInvariant(), PingTimestamp, Encoding.UTF8.GetBytes(PingBody)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not hex at all")]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511")]
    public void Verify_MalformedKey_RefusesEverything(string key)
    {
        var verifier = new DiscordSignatureVerifier(key);

        Assert.False(verifier.HasValidKey);
        Assert.False(verifier.Verify(PingSignature, PingTimestamp, Encoding.UTF8.GetBytes(PingBody)));
    }

    [Fact]
    public void Verify_FreshKeyPair_RoundTripsAndRejectsAnotherKey()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Create(algorithm, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        using var other = Key.Create(algorithm);
        byte[] body = Encoding.UTF8.GetBytes("{ \"type\" : 2, \"data\": {\"name\":\"ask\", \"q\":\"café – ü\"} }");
        byte[] message = Encoding.UTF8.GetBytes("1750000000").Concat(body).ToArray();
        string good = Convert.ToHexStringLower(algorithm.Sign(key, message));
        string bad = Convert.ToHexStringLower(algorithm.Sign(other, message));
        var verifier = new DiscordSignatureVerifier(Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));

        Assert.True(verifier.Verify(good, "1750000000", body));
        Assert.False(verifier.Verify(bad, "1750000000", body));
    }
}
