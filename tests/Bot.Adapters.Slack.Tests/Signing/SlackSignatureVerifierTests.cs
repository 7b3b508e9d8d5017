using PolicyBot.TestKit;
using System.Text;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Adapters.Slack.Tests.Support;

namespace PolicyBot.Adapters.Slack.Tests.Signing;

public class SlackSignatureVerifierTests
{
    // protocols.md §6: Slack's documented example.
    private const string DocsSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocsTimestamp = "1531420618";
    private const long DocsSeconds = 1531420618;
    private const string DocsSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private const string DocsVectorFile = "Signing/slack_docs_example.json";

    private static readonly byte[] DocsBody = Encoding.UTF8.GetBytes(RecordedPayload.Field(DocsVectorFile, "body"));

    private static SlackSignatureVerifier VerifierAt(long unixSeconds, string secret = DocsSecret) =>
        new(secret, ManualTimeProvider.AtUnixSeconds(unixSeconds));

    [Fact]
    public void Verify_SlackDocsExample_IsValid()
    {
        Assert.Equal(362, DocsBody.Length);
        Assert.Equal(DocsSignature, RecordedPayload.Field(DocsVectorFile, "signature"));

        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_NonCanonicalUnicodeEventSignedByPython_IsValidOverRawBytes()
    {
        const string file = "Signing/event_unicode_example.json";
        byte[] body = Encoding.UTF8.GetBytes(RecordedPayload.Field(file, "body"));
        var verifier = new SlackSignatureVerifier(RecordedPayload.Field(file, "signing_secret"), ManualTimeProvider.AtUnixSeconds(1733215822));

        var check = verifier.Verify(RecordedPayload.Field(file, "timestamp"), RecordedPayload.Field(file, "signature"), body);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_ReserializedJsonInsteadOfRawBytes_IsMismatch()
    {
        const string file = "Signing/event_unicode_example.json";
        string raw = RecordedPayload.Field(file, "body");
        byte[] reserialized = Encoding.UTF8.GetBytes(JsonNode.Parse(raw)!.ToJsonString());
        Assert.NotEqual(Encoding.UTF8.GetBytes(raw), reserialized);
        var verifier = new SlackSignatureVerifier(RecordedPayload.Field(file, "signing_secret"), ManualTimeProvider.AtUnixSeconds(1733215822));

        var check = verifier.Verify(RecordedPayload.Field(file, "timestamp"), RecordedPayload.Field(file, "signature"), reserialized);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(361)]
    public void Verify_OneBodyByteChanged_IsMismatch(int index)
    {
        byte[] tampered = (byte[])DocsBody.Clone();
        tampered[index] ^= 0x01;

        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, DocsSignature, tampered);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_BodyWithTrailingNewline_IsMismatch()
    {
        byte[] longer = [.. DocsBody, (byte)'\n'];

        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, DocsSignature, longer);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_EmptyBodyWithSignatureOfRealBody_IsMismatch()
    {
        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, DocsSignature, ReadOnlySpan<byte>.Empty);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Theory]
    [InlineData("1531420617")]
    [InlineData("1531420619")]
    [InlineData("01531420618")] // same number, different signed text
    public void Verify_TimestampHeaderChanged_IsMismatch(string timestamp)
    {
        var check = VerifierAt(DocsSeconds).Verify(timestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Theory]
    [InlineData("8f742231b10e8888abcd99yyyzzz85a6")]
    [InlineData("8F742231B10E8888ABCD99YYYZZZ85A5")]
    [InlineData("another-apps-signing-secret")]
    public void Verify_DifferentSecret_IsMismatch(string secret)
    {
        var check = VerifierAt(DocsSeconds, secret).Verify(DocsTimestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_SignatureDigestOneDigitOff_IsMismatch()
    {
        string wrong = DocsSignature[..^1] + "4";

        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, wrong, DocsBody);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_UppercaseHexDigest_IsValid()
    {
        string upper = "v0=" + DocsSignature[3..].ToUpperInvariant();

        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, upper, DocsBody);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-299)]
    [InlineData(299)]
    [InlineData(-300)] // exactly 5 minutes is still accepted (python-slack-sdk: abs(now - ts) > 300 rejects)
    [InlineData(300)]
    public void Verify_TimestampWithinFiveMinutesOfNow_IsValid(long nowMinusTimestamp)
    {
        var check = VerifierAt(DocsSeconds + nowMinusTimestamp).Verify(DocsTimestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(301)]      // replayed just over 5 minutes later
    [InlineData(600)]      // bolt-js's 10-minute-old test case
    [InlineData(-301)]     // signed in the future
    [InlineData(86_400)]
    public void Verify_TimestampMoreThanFiveMinutesFromNow_IsStale(long nowMinusTimestamp)
    {
        var check = VerifierAt(DocsSeconds + nowMinusTimestamp).Verify(DocsTimestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Stale, check);
    }

    [Fact]
    public void Verify_SlackDocsExampleAgainstTheRealClock_IsStale()
    {
        var check = new SlackSignatureVerifier(DocsSecret, TimeProvider.System).Verify(DocsTimestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Stale, check);
    }

    [Fact]
    public void Verify_CustomTolerance_IsApplied()
    {
        var strict = new SlackSignatureVerifier(DocsSecret, ManualTimeProvider.AtUnixSeconds(DocsSeconds + 31), TimeSpan.FromSeconds(30));

        Assert.Equal(SignatureCheck.Stale, strict.Verify(DocsTimestamp, DocsSignature, DocsBody));
    }

    [Theory]
    [InlineData(null, DocsSignature)]
    [InlineData("", DocsSignature)]
    [InlineData(DocsTimestamp, null)]
    [InlineData(DocsTimestamp, "")]
    [InlineData(null, null)]
    public void Verify_HeaderAbsentOrEmpty_IsMissing(string? timestamp, string? signature)
    {
        var check = VerifierAt(DocsSeconds).Verify(timestamp, signature, DocsBody);

        Assert.Equal(SignatureCheck.Missing, check);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1531420618")]
    [InlineData("+1531420618")]
    [InlineData(" 1531420618")]
    [InlineData("1531420618 ")]
    [InlineData("1531420618.5")]
    [InlineData("1.5e9")]
    [InlineData("1,531,420,618")]
    [InlineData("0x5B4741CA")]
    [InlineData("99999999999999999999")]
    [InlineData("\u0661\u0665\u0663\u0661\u0664\u0662\u0660\u0666\u0661\u0668")] // Arabic-Indic digits
    public void Verify_TimestampNotUnixSeconds_IsMalformed(string timestamp)
    {
        var check = VerifierAt(DocsSeconds).Verify(timestamp, DocsSignature, DocsBody);

        Assert.Equal(SignatureCheck.Malformed, check);
    }

    [Theory]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]      // no prefix
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]   // other version
    [InlineData("V0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]   // prefix is case-sensitive
    [InlineData("v0:a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50")]    // 63 digits
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5033")]  // 65 digits
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5")]     // 62 digits
    [InlineData("v0=g2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]   // not hex
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50 ")]
    [InlineData("v0=ohFNV7SOrDm5rRid2DFiNae0qNIaEL0nUZZmSJxptQM=")]                      // base64, not hex
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503,v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Verify_SignatureNotV0Hex_IsMalformed(string signature)
    {
        var check = VerifierAt(DocsSeconds).Verify(DocsTimestamp, signature, DocsBody);

        Assert.Equal(SignatureCheck.Malformed, check);
    }

    [Fact]
    public void Sign_SlackDocsExample_ReturnsDocumentedSignature()
    {
        Assert.Equal(DocsSignature, SlackSignatureVerifier.Sign(DocsSecret, DocsSeconds, DocsBody));
        Assert.Equal(DocsSignature, SlackSignatureVerifier.Sign(DocsSecret, DocsTimestamp, DocsBody));
    }

    [Fact]
    public void Sign_AnyBody_VerifiesAsValid()
    {
        byte[] body = RecordedPayload.Bytes("Events/app_mention_channel.json");
        const long now = 1733215821;

        string signature = SlackSignatureVerifier.Sign("pb-secret", now, body);

        Assert.Matches("^v0=[0-9a-f]{64}$", signature);
        Assert.Equal(SignatureCheck.Valid, new SlackSignatureVerifier("pb-secret", ManualTimeProvider.AtUnixSeconds(now)).Verify("1733215821", signature, body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_BlankSecret_Throws(string secret)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SlackSignatureVerifier(secret, TimeProvider.System));
    }
}
