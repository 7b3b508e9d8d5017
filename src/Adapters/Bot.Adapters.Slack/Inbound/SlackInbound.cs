namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// What one Slack delivery (an Events API body, a slash command form) means to the bot, independent of
/// how it arrived (HTTP or Socket Mode). Mapping never throws: bad input is <see cref="SlackMalformed"/>.
/// </summary>
public abstract record SlackInbound;

/// <summary>The Events API <c>url_verification</c> handshake: answer 200 with the challenge.</summary>
public sealed record SlackUrlVerification(string Challenge) : SlackInbound;

/// <summary>A slash command's <c>ssl_check=1</c> probe: answer 200, do nothing else.</summary>
public sealed record SlackSslCheck : SlackInbound;

/// <summary>
/// A person's message the bot may answer: an <c>app_mention</c>, a direct message, or a channel/thread message.
/// </summary>
/// <param name="EventId">The envelope's <c>event_id</c> (for deduplication and logs).</param>
/// <param name="TeamId">The workspace the app is installed in (envelope <c>team_id</c>).</param>
/// <param name="ChannelId">The conversation (<c>C…</c>, <c>G…</c>, <c>D…</c>).</param>
/// <param name="ChannelType">Slack's <c>channel_type</c> (<c>channel</c>, <c>group</c>, <c>im</c>, <c>mpim</c>, …); for <c>app_mention</c>, which has none, inferred from the id prefix.</param>
/// <param name="UserId">Who wrote it.</param>
/// <param name="Text">Plain text: the bot's own mention removed, other mentions and links made readable, <c>&amp;amp; &amp;lt; &amp;gt;</c> unescaped.</param>
/// <param name="Ts">The message's <c>ts</c> (its id within the channel).</param>
/// <param name="ThreadTs">The thread parent's <c>ts</c> when the message is in a thread, else null.</param>
/// <param name="IsMention">An <c>app_mention</c>, or a message whose text mentions the bot.</param>
/// <param name="IsDirectMessage">Written in the bot's direct-message conversation.</param>
public sealed record SlackMessage(
    string EventId,
    string TeamId,
    string ChannelId,
    string ChannelType,
    string UserId,
    string Text,
    string Ts,
    string? ThreadTs,
    bool IsMention,
    bool IsDirectMessage) : SlackInbound
{
    /// <summary>The thread a channel reply belongs in: the existing thread, or a new one under this message. (A direct message is answered in place: use <see cref="ThreadTs"/>.)</summary>
    public string ReplyThreadTs => ThreadTs ?? Ts;
}

/// <summary>A slash command invocation (form post over HTTP, <c>slash_commands</c> envelope in Socket Mode).</summary>
/// <param name="Name">The command name without the slash, lower case (<c>summary</c> for <c>/summary</c>).</param>
/// <param name="Text">Everything after the command, made plain like <see cref="SlackMessage.Text"/>.</param>
/// <param name="ResponseUrl">Where to send the answer later (5 uses within 30 minutes).</param>
/// <param name="TriggerId">For opening a modal within 3 seconds; null when absent.</param>
public sealed record SlackSlashCommand(
    string Name,
    string Text,
    string TeamId,
    string ChannelId,
    string UserId,
    Uri ResponseUrl,
    string? TriggerId,
    string? ChannelName,
    string? UserName,
    string? ApiAppId) : SlackInbound;

/// <summary>A well-formed delivery the bot deliberately does not answer. Acknowledge it (2xx) so Slack does not retry.</summary>
public sealed record SlackIgnored(SlackIgnoreReason Reason, string Detail) : SlackInbound;

/// <summary>A body that is not what Slack sends (not JSON, wrong shape, a required field missing). Answer 400, never 500.</summary>
public sealed record SlackMalformed(string Reason) : SlackInbound;

/// <summary>Why a delivery was not turned into something to answer.</summary>
public enum SlackIgnoreReason
{
    /// <summary>An envelope <c>type</c> other than <c>url_verification</c> / <c>event_callback</c>.</summary>
    UnsupportedEnvelope,

    /// <summary><c>app_rate_limited</c>: Slack is dropping this workspace's events for the rest of the minute. Worth a warning in the log.</summary>
    AppRateLimited,

    /// <summary>An event other than <c>message</c> / <c>app_mention</c> (reactions, joins, …).</summary>
    UnsupportedEvent,

    /// <summary>A message the bot itself posted (its user id), echoed back by Slack.</summary>
    OwnMessage,

    /// <summary>A message from any bot or integration (<c>bot_id</c> present, or subtype <c>bot_message</c>).</summary>
    BotMessage,

    /// <summary>A message subtype that is not a person writing (<c>message_changed</c>, <c>message_deleted</c>, <c>channel_join</c>, …).</summary>
    MessageSubtype,

    /// <summary>An <c>app_mention</c> in a direct message, which the <c>message.im</c> event already delivers.</summary>
    DuplicateMention,
}
