namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>
/// The fields of a MESSAGE_CREATE dispatch the bot needs to decide whether and where to answer.
/// <see cref="Content"/> is empty for guild messages that do not mention the bot: the bot does not
/// ask for the privileged MESSAGE_CONTENT intent, so Discord blanks them.
/// </summary>
public sealed record DiscordGatewayMessage(
    string Id,
    string ChannelId,
    string? GuildId,
    string AuthorId,
    bool AuthorIsBot,
    string Content,
    IReadOnlyList<string> MentionedUserIds,
    bool MentionEveryone,
    string? WebhookId)
{
    /// <summary>A direct message: Discord sends no guild_id for them.</summary>
    public bool IsDirectMessage => GuildId is null;
}
