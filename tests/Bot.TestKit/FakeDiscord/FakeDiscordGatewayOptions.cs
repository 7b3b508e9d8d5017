using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>How the fake Gateway is configured, as the developer portal and Discord's servers would be.</summary>
public sealed class FakeDiscordGatewayOptions
{
    /// <summary>The token Identify and Resume must carry; anything else is closed with 4004.</summary>
    public string BotToken { get; init; } = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.FakeGw.gateway-secret-token-value";

    public string BotUserId { get; init; } = "1100000000000000001";

    public string BotUsername { get; init; } = "PolicyBot";

    public string ApplicationId { get; init; } = "1100000000000000001";

    /// <summary>Sent in Hello. Discord uses 41250 ms; tests use a few hundred.</summary>
    public int HeartbeatIntervalMs { get; init; } = 41250;

    /// <summary>
    /// The privileged intents switched on in the "developer portal", as a bitmask of GUILD_MEMBERS (1&lt;&lt;1),
    /// GUILD_PRESENCES (1&lt;&lt;8) and MESSAGE_CONTENT (1&lt;&lt;15). Identifying with one not listed closes with 4014.
    /// </summary>
    public int PrivilegedIntentsEnabled { get; init; }

    /// <summary>How late a heartbeat may be (beyond the interval) before the server closes the zombie with 4009.</summary>
    public TimeSpan HeartbeatGrace { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a connection may stay without Identify/Resume before it is closed with 4003 [inferred code].</summary>
    public TimeSpan IdentifyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Answer a Resume with a bad seq by op 9 d:false instead of close 4007 (Discord does either).</summary>
    public bool InvalidSeqSendsInvalidSession { get; init; }
}

/// <summary>An Identify the fake received.</summary>
public sealed record FakeDiscordGatewayIdentify(int Intents, IReadOnlyList<int>? Shard, bool TokenOk, JsonObject? Properties);

/// <summary>A Resume the fake received, and the URL (path and query) it arrived on.</summary>
public sealed record FakeDiscordGatewayResume(string? SessionId, long? Seq, Uri Url, bool TokenOk);
