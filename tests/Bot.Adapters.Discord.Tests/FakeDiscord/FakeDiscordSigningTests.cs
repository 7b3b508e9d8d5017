using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordSigningTests : IAsyncLifetime
{
    private FakeDiscordApi _discord = null!;
    private InteractionsEndpointStub _bot = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordApi.StartAsync();
        _bot = await InteractionsEndpointStub.StartAsync(_discord.PublicKeyHex);
        _discord.InteractionsUrl = _bot.Url;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _discord.DisposeAsync();
    }

    [Fact]
    public void NSec_Rfc8032Test1_VerifiesAndSignsDeterministically()
    {
        var algorithm = SignatureAlgorithm.Ed25519;
        using var key = Key.Import(algorithm, Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"), KeyBlobFormat.RawPrivateKey);
        var publicKey = PublicKey.Import(algorithm, Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), KeyBlobFormat.RawPublicKey);
        byte[] expected = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

        Assert.Equal(expected, algorithm.Sign(key, []));
        Assert.True(algorithm.Verify(publicKey, [], expected));
        Assert.True(key.PublicKey.Equals(publicKey));
    }

    [Fact]
    public void NSec_DiscordShapedVector_VerifiesOverTimestampThenBody()
    {
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), KeyBlobFormat.RawPublicKey);
        const string body = "{\"type\":1,\"id\":\"787053080478613555\",\"application_id\":\"787053080478613554\",\"token\":\"ThisIsATokenFromDiscordThatIsVeryLong\",\"version\":1}";
        byte[] signature = Convert.FromHexString("9c316412212f7abccaf4a28fb44a313dd2f4b5fca411dbb8491411c0a6b63f1226893139f4a9d2e2034058429db319edd39a51cb4a3d59706af38ca148bed405");

        Assert.True(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes("1700000000" + body), signature));
        Assert.False(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes("1700000001" + body), signature));
    }

    [Fact]
    public void PublicKeyHex_IsA32ByteKeyInLowercaseHex()
    {
        Assert.Matches("^[0-9a-f]{64}$", _discord.PublicKeyHex);
        Assert.Matches("^[0-9]{17,20}$", _discord.ApplicationId);
    }

    [Fact]
    public async Task DeliverAsync_Ping_IsSignedOverRawBytesAndPongIsRecordedInline()
    {
        var delivery = await _discord.DeliverAsync(FakeDiscordApi.Ping(), CancellationToken.None);

        Assert.Equal(200, delivery.Status);
        var received = Assert.Single(_bot.Received);
        Assert.True(received.Verified);
        Assert.Equal(FakeDiscordApi.InteractionsUserAgent, received.UserAgent);
        Assert.Matches("^[0-9a-f]{128}$", received.Signature);
        Assert.Equal(delivery.RawBody, Encoding.UTF8.GetString(received.Body));
        Assert.Equal("inline", delivery.Interaction.InitialVia);
        Assert.Equal(1, delivery.Interaction.InitialResponse!["type"]!.GetValue<int>());
        Assert.True(delivery.Interaction.Acknowledged);
        Assert.False(delivery.Interaction.InitialLate);
    }

    [Fact]
    public async Task DeliverAsync_Body_IsNonCanonicalSoReserializingBreaksTheSignature()
    {
        var delivery = await _discord.DeliverAsync(FakeDiscordApi.SlashCommand("policy", new Dictionary<string, object?> { ["question"] = "Où est la politique ? ✓ 😀" }), CancellationToken.None);

        var received = Assert.Single(_bot.Received);
        string raw = Encoding.UTF8.GetString(received.Body);
        Assert.Contains("\\u", raw, StringComparison.Ordinal);
        Assert.Contains("ë", raw, StringComparison.Ordinal);
        var parsed = JsonNode.Parse(raw)!;
        Assert.Equal("Où est la politique ? ✓ 😀", parsed["data"]!["options"]![0]!["value"]!.GetValue<string>());
        string reserialized = parsed.ToJsonString();
        Assert.NotEqual(raw, reserialized);
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(_discord.PublicKeyHex), KeyBlobFormat.RawPublicKey);
        byte[] signature = Convert.FromHexString(received.Signature!);
        Assert.True(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(received.Timestamp + raw), signature));
        Assert.False(SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(received.Timestamp + reserialized), signature));
        Assert.Equal(202, delivery.Status);
    }

    [Fact]
    public async Task ProbeWithBadSignaturesAsync_VerifyingEndpoint_AnswersEveryCase401()
    {
        var results = await _discord.ProbeWithBadSignaturesAsync(FakeDiscordApi.SlashCommand("policy"), CancellationToken.None);

        Assert.True(results.Count >= 11);
        Assert.All(results, r => Assert.True(r.Status == 401, $"{r.Case}: {r.Status}"));
        Assert.Empty(_discord.Interactions);
    }

    [Fact]
    public async Task SendRawAsync_FakesOwnSignature_IsAccepted()
    {
        const string body = "{\"type\":1,\"id\":\"1\",\"token\":\"t\",\"version\":1}";
        var raw = await _discord.SendRawAsync(body, _discord.Sign("1700000000", body), "1700000000", CancellationToken.None);

        Assert.Equal(200, raw.Status);
        Assert.Equal("{\"type\":1}", raw.Body);
    }
}
