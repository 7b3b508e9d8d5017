namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>Gateway intents the bot may ask for (protocols.md §3.5); only the ones it uses are named.</summary>
[Flags]
public enum DiscordGatewayIntents
{
    None = 0,
    Guilds = 1 << 0,
    GuildMessages = 1 << 9,
    DirectMessages = 1 << 12,

    /// <summary>Privileged: must be enabled in the developer portal, else Discord closes with 4014.</summary>
    MessageContent = 1 << 15,
}

/// <summary>One shard of a sharded bot: Identify sends <c>shard:[Id, Count]</c>.</summary>
public sealed record DiscordGatewayShard(int Id, int Count);

/// <summary>The <c>properties</c> object of Identify.</summary>
public sealed record DiscordIdentifyProperties(string Os, string Browser, string Device)
{
    public static DiscordIdentifyProperties Default { get; } = new("policybot", "policybot", "policybot");
}

/// <summary>Settings of <see cref="DiscordGatewayClient"/>.</summary>
public sealed class DiscordGatewayClientOptions
{
    /// <summary>The bot token (without the "Bot " prefix). Sent only in Identify/Resume, never logged.</summary>
    public required string BotToken { get; set; }

    /// <summary>
    /// GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES (4609). MESSAGE_CONTENT is left out on purpose: it is
    /// privileged, and Discord still sends the content of messages that mention the bot and of DMs.
    /// </summary>
    public DiscordGatewayIntents Intents { get; set; } = DiscordGatewayIntents.Guilds | DiscordGatewayIntents.GuildMessages | DiscordGatewayIntents.DirectMessages;

    /// <summary>Null for a single-shard bot (Identify then omits <c>shard</c>).</summary>
    public DiscordGatewayShard? Shard { get; set; }

    /// <summary>First delay after a failed connection; it doubles (plus jitter) per consecutive failure.</summary>
    public TimeSpan ReconnectDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap of the reconnect backoff.</summary>
    public TimeSpan ReconnectDelayMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>After Invalid Session (op 9), Discord asks for a random wait of 1–5 s before identifying again.</summary>
    public TimeSpan InvalidSessionDelayMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan InvalidSessionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the server's close frame after the client closed (zombie, op 7, op 9).</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Resume attempts that never reach RESUMED before the session is given up for a fresh Identify.</summary>
    public int MaxFailedResumes { get; set; } = 3;

    public DiscordIdentifyProperties IdentifyProperties { get; set; } = DiscordIdentifyProperties.Default;

    /// <summary>Never print the token.</summary>
    public override string ToString() => $"DiscordGateway(Intents={(int)Intents}, Shard={Shard}, Reconnect={ReconnectDelayMin}..{ReconnectDelayMax})";
}
