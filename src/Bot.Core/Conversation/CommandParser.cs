namespace PolicyBot.Core.Conversation;

/// <summary>
/// Turns a line typed to the bot into a command: plain text is a question; '/name args' is a slash
/// command. Every platform routes through here so commands behave the same everywhere.
/// </summary>
public static class CommandParser
{
    public static readonly IReadOnlyList<(string Usage, string Description)> Commands = new[]
    {
        ("<question>", "ask anything about the articles; the answer quotes them"),
        ("/ask <question>", "the same, as a command"),
        ("/summary [article]", "summary of an article: its id, words from its title, or 'latest'; other words summarise that topic across articles"),
        ("/quotes [article or speaker]", "who said what: the quotations of an article, or everything one person said"),
        ("/facts [article]", "the sentences of an article that carry figures, dates, places and organisations"),
        ("/articles", "list the articles"),
        ("/subscribe [topic]", "alerts in this channel for every new article, or for those on the topic"),
        ("/unsubscribe [topic]", "stop the topic's alerts, or all of this channel's"),
        ("/subscriptions", "what this channel is subscribed to"),
        ("/add <url>", "add an article from a web page (or a file, in the shell)"),
        ("/help", "this help"),
        ("/quit", "leave (the shell only)"),
    };

    public static BotCommand Parse(string input)
    {
        string text = input.Trim();
        if (text.Length == 0)
        {
            return new InvalidCommand("Ask a question, or type /help to see what I can do.");
        }

        if (!text.StartsWith('/'))
        {
            return new AskCommand(text);
        }

        int space = text.IndexOfAny(new[] { ' ', '\t' });
        string name = (space < 0 ? text[1..] : text[1..space]).ToLowerInvariant();
        string args = space < 0 ? "" : text[(space + 1)..].Trim();
        return name switch
        {
            "ask" or "q" => args.Length == 0 ? new InvalidCommand("Usage: /ask <question>") : new AskCommand(args),
            "summary" or "summarise" or "summarize" => new SummaryCommand(args.Length == 0 ? null : args),
            "quotes" or "quote" => new QuotesCommand(args.Length == 0 ? null : args),
            "facts" or "figures" => new FactsCommand(args.Length == 0 ? null : args),
            "articles" or "list" => args.Length == 0 ? new ArticlesCommand() : new InvalidCommand("Usage: /articles (it takes no arguments)"),
            "help" or "?" => new HelpCommand(),
            "subscribe" or "sub" => new SubscribeCommand(args.Length == 0 ? null : args),
            "unsubscribe" or "unsub" => new UnsubscribeCommand(args.Length == 0 ? null : args),
            "subscriptions" or "subs" => args.Length == 0 ? new SubscriptionsCommand() : new InvalidCommand("Usage: /subscriptions (it takes no arguments)"),
            "add" => args.Length == 0 ? new InvalidCommand("Usage: /add <url or file>") : new AddCommand(args),
            "quit" or "exit" or "q!" => new QuitCommand(),
            "" => new InvalidCommand("Type a command name after '/', or /help to list them."),
            _ => new InvalidCommand($"Unknown command /{name}. Type /help to list the commands."),
        };
    }
}
