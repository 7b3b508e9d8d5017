namespace PolicyBot.Core.Conversation;

/// <summary>What a person asked the bot to do, independent of the platform it came from.</summary>
public abstract record BotCommand;

public sealed record AskCommand(string Question, int Top = 1) : BotCommand;

public sealed record SummaryCommand(string? Article, int Sentences = SummaryCommand.DefaultSentences) : BotCommand
{
    public const int DefaultSentences = 3;
}

public sealed record ArticlesCommand : BotCommand;

/// <summary>/quotes [article or speaker]: the direct quotations of an article, or every quotation by one speaker.</summary>
public sealed record QuotesCommand(string? Target) : BotCommand;

/// <summary>/facts [article]: the sentences of an article that carry figures and names.</summary>
public sealed record FactsCommand(string? Article) : BotCommand;

public sealed record HelpCommand : BotCommand;

public sealed record QuitCommand : BotCommand;

/// <summary>A slash command the bot does not know, or known with bad arguments.</summary>
public sealed record InvalidCommand(string Message) : BotCommand;

/// <summary>A command that concerns the channel it was typed in (alerts, adding articles): handled by <see cref="Alerts.AlertCommands"/> with the channel and the person.</summary>
public abstract record ChannelCommand : BotCommand;

/// <summary>/subscribe [topic words]: new-article alerts in this channel, for every article or those matching the topic.</summary>
public sealed record SubscribeCommand(string? Topic) : ChannelCommand;

/// <summary>/unsubscribe [topic]: stop one topic's alerts, or all of the channel's.</summary>
public sealed record UnsubscribeCommand(string? Topic) : ChannelCommand;

/// <summary>/subscriptions: what this channel is subscribed to.</summary>
public sealed record SubscriptionsCommand : ChannelCommand;

/// <summary>/add FILE|URL: add an article to the collection.</summary>
public sealed record AddCommand(string Source) : ChannelCommand;
