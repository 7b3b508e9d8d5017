namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// Knobs for <see cref="FakeDiscordApi"/>. Defaults are Discord's documented values (protocols.md §1.4, §4.5);
/// tests shorten the windows to exercise expiry without waiting minutes.
/// </summary>
public sealed class FakeDiscordOptions
{
    /// <summary>How long after delivery the initial interaction response is accepted (Discord: 3 s), then 10062.</summary>
    public TimeSpan InitialResponseWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long after delivery the interaction token works for follow-ups and edits (Discord: 15 min), then 50027.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Create-message requests allowed per channel per <see cref="BucketWindow"/>.</summary>
    public int BucketLimit { get; set; } = 5;

    /// <summary>The create-message bucket's window.</summary>
    public TimeSpan BucketWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests allowed per <see cref="OtherBucketWindow"/> on every other route (per route and top-level resource).</summary>
    public int OtherBucketLimit { get; set; } = 50;

    /// <summary>The window of the buckets of every other route.</summary>
    public TimeSpan OtherBucketWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a nonce sent with <c>enforce_nonce:true</c> is remembered per channel.</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>How long <see cref="FakeDiscordApi.DeliverAsync"/> waits for the bot's HTTP answer before giving up (status 0).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for deadlines, token lifetimes, buckets and snowflakes.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Channels the bot cannot post in: 403 with code 50001 Missing Access.</summary>
    public HashSet<string> ForbiddenChannels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>When not empty, the only channels that exist; any other id is 404 with code 10003 Unknown Channel.</summary>
    public HashSet<string> KnownChannels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Channels that do not exist: 404 with code 10003 Unknown Channel (used when <see cref="KnownChannels"/> is empty).</summary>
    public HashSet<string> UnknownChannels { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The bot token the fake accepts; random per instance when null.</summary>
    public string? BotToken { get; set; }
}
