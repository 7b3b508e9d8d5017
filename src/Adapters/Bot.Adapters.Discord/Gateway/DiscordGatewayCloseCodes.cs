namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>Gateway close codes (protocols.md §3.4) and what the client does about each.</summary>
public static class DiscordGatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int AuthenticationFailed = 4004;
    public const int InvalidSeq = 4007;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>
    /// Codes after which reconnecting cannot help: the configuration is wrong. Reconnecting anyway is a
    /// known way to burn the 1000-identifies-a-day budget (which resets the token).
    /// </summary>
    public static bool IsFatal(int code) => Describe(code) is not null;

    /// <summary>Codes whose session is gone: the next connection must Identify, not Resume.</summary>
    public static bool RequiresNewSession(int code) => code is InvalidSeq or SessionTimedOut;

    /// <summary>The operator-facing explanation of a fatal code, or null when the code is not fatal.</summary>
    public static string? Describe(int code) => code switch
    {
        AuthenticationFailed => "authentication failed: the bot token is wrong or was reset; set Discord:BotToken to the current token",
        InvalidShard => "invalid shard: the shard id must be below the shard count",
        ShardingRequired => "sharding required: the bot is in too many guilds for one connection; configure shards",
        InvalidApiVersion => "invalid API version: the Gateway URL must ask for v=10",
        InvalidIntents => "invalid intents: the intents bitmask contains unknown bits",
        DisallowedIntents => "disallowed intents: enable them in the developer portal or remove them",
        _ => null,
    };
}
