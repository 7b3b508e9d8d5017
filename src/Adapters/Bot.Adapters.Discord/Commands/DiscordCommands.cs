using System.Text.Json.Nodes;
using PolicyBot.Adapters.Discord.Interactions;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord.Commands;

/// <summary>
/// PolicyBot's slash commands as Discord application commands, and the way back from an invocation to a
/// <see cref="BotCommand"/>. Every command that answers has a <c>private</c> option: when true, only the person
/// who asked sees the reply (with a "Show to channel" button).
/// </summary>
public static class DiscordCommands
{
    public const string Ask = "ask";
    public const string Summary = "summary";
    public const string Articles = "articles";
    public const string Quotes = "quotes";
    public const string Facts = "facts";
    public const string Help = "help";
    public const string Subscribe = "subscribe";
    public const string Unsubscribe = "unsubscribe";
    public const string Subscriptions = "subscriptions";
    public const string Add = "add";

    /// <summary>MANAGE_CHANNELS: who may change a channel's alerts or add articles (the default; server admins can change it).</summary>
    public const string ManageChannels = "16";
    private const long ManageChannelsBit = 1L << 4;
    private const long AdministratorBit = 1L << 3;
    public const string PrivateOption = "private";

    /// <summary>Options that name an article and get suggestions while the user types.</summary>
    public static readonly IReadOnlySet<string> ArticleOptions = new HashSet<string>(StringComparer.Ordinal) { "article", "target" };

    private const int OptionString = 3;
    private const int OptionInteger = 4;
    private const int OptionBoolean = 5;

    /// <summary>The definitions sent in the bulk overwrite (guild install; usable in servers and in DMs with the bot).</summary>
    public static JsonArray Definitions() => new(
        Command(Ask, "Ask a question about the articles; the answer quotes them with the source",
            StringOption("question", "Your question, in plain words", required: true, maxLength: 500),
            Private()),
        Command(Summary, "Summary of an article, or of a topic across articles",
            StringOption("article", "Article id, words from its title, 'latest', or a topic", autocomplete: true, maxLength: 200),
            new JsonObject { ["type"] = OptionInteger, ["name"] = "sentences", ["description"] = "How many sentences (default 3)", ["min_value"] = 1, ["max_value"] = BotEngine.MaxSummarySentences },
            Private()),
        Command(Articles, "List the articles I can answer from", Private()),
        Command(Quotes, "Who said what: an article's quotations, or everything one person said",
            StringOption("target", "An article, or a speaker's name", autocomplete: true, maxLength: 200),
            Private()),
        Command(Facts, "Figures, dates, places and organisations in an article",
            StringOption("article", "Article id, words from its title, or 'latest'", autocomplete: true, maxLength: 200),
            Private()),
        Command(Help, "What PolicyBot can do"),
        Managed(Command(Subscribe, "Alerts in this channel for new articles: all of them, or those on a topic",
            StringOption("topic", "Topic words; leave empty for every new article", maxLength: 200))),
        Managed(Command(Unsubscribe, "Stop this channel's alerts for a topic, or all of them",
            StringOption("topic", "The topic to stop; leave empty to stop all", maxLength: 200))),
        Command(Subscriptions, "What this channel gets alerts for"),
        Managed(Command(Add, "Add an article from a web page",
            StringOption("url", "The article's address (http or https)", required: true, maxLength: 2000))));

    /// <summary>True when the invoking member may manage the channel (Manage Channels or Administrator); always in a DM with the bot.</summary>
    public static bool MayManage(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        if (interaction.GuildId is null)
        {
            return true;
        }

        return long.TryParse(interaction.MemberPermissions, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long permissions)
            && (permissions & (ManageChannelsBit | AdministratorBit)) != 0;
    }

    private static JsonObject Managed(JsonObject command)
    {
        command["default_member_permissions"] = ManageChannels;
        return command;
    }

    /// <summary>The Core command an invocation asks for; unknown commands and missing arguments become usage messages.</summary>
    public static BotCommand ToBotCommand(DiscordInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return interaction.CommandName switch
        {
            Ask => interaction.StringOption("question") is { } question && !string.IsNullOrWhiteSpace(question)
                ? new AskCommand(question.Trim())
                : new InvalidCommand("Usage: /ask question: <your question>"),
            Summary => new SummaryCommand(Blank(interaction.StringOption("article")), (int)Math.Clamp(interaction.IntegerOption("sentences") ?? SummaryCommand.DefaultSentences, 1, BotEngine.MaxSummarySentences)),
            Articles => new ArticlesCommand(),
            Quotes => new QuotesCommand(Blank(interaction.StringOption("target"))),
            Facts => new FactsCommand(Blank(interaction.StringOption("article"))),
            Help => new HelpCommand(),
            Subscribe => new SubscribeCommand(Blank(interaction.StringOption("topic"))),
            Unsubscribe => new UnsubscribeCommand(Blank(interaction.StringOption("topic"))),
            Subscriptions => new SubscriptionsCommand(),
            Add => interaction.StringOption("url") is { } url && !string.IsNullOrWhiteSpace(url) ? new AddCommand(url.Trim()) : new InvalidCommand("Usage: /add url: <https://…>"),
            var other => new InvalidCommand($"Unknown command /{other}. Type /help to list the commands."),
        };
    }

    /// <summary>True when the person asked for a reply only they can see (always for /help).</summary>
    public static bool WantsPrivate(DiscordInteraction interaction) =>
        interaction.BoolOption(PrivateOption) || interaction.CommandName == Help;

    /// <summary>
    /// Up to 25 article suggestions for what has been typed so far: every typed word must begin a word of the title,
    /// id or source; titles that begin with the text first, then newer articles. With nothing typed, the newest.
    /// </summary>
    public static JsonArray Suggest(IReadOnlyList<ArticleInfo> articles, string? typed)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var words = Words(typed ?? "");
        string prefix = (typed ?? "").Trim();
        var matches = articles
            .Where(a => a.Id.Length <= 100)
            .Select(a => (Article: a, Words: Words(a.Title + " " + a.Id + " " + a.Source)))
            .Where(x => words.All(w => x.Words.Any(t => t.StartsWith(w, StringComparison.Ordinal))))
            .OrderByDescending(x => prefix.Length > 0 && x.Article.Title.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ThenByDescending(x => x.Article.Published ?? "")
            .ThenByDescending(x => x.Article.AddedAt)
            .ThenBy(x => x.Article.Id, StringComparer.Ordinal)
            .Take(25);
        var choices = new JsonArray();
        foreach (var (article, _) in matches)
        {
            choices.Add(new JsonObject { ["name"] = ChoiceName(article), ["value"] = article.Id });
        }

        return choices;
    }

    /// <summary>A choice label of 1–100 characters: the title, shortened at a word when long.</summary>
    internal static string ChoiceName(ArticleInfo article)
    {
        string title = string.Join(' ', (article.Title.Length > 0 ? article.Title : article.Id).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (title.Length <= 100)
        {
            return title;
        }

        int cut = title.LastIndexOf(' ', 98);
        return (cut > 50 ? title[..cut] : title[..98]) + " …";
    }

    private static string[] Words(string text) =>
        text.ToLowerInvariant().Split(new[] { ' ', '-', '_', '/', '.', ',', ':', ';', '\'', '"', '(', ')', '\t' }, StringSplitOptions.RemoveEmptyEntries);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static JsonObject Command(string name, string description, params JsonObject[] options)
    {
        var command = new JsonObject
        {
            ["name"] = name,
            ["type"] = 1,
            ["description"] = description,
            ["contexts"] = new JsonArray(0, 1),
            ["integration_types"] = new JsonArray(0),
        };
        if (options.Length > 0)
        {
            command["options"] = new JsonArray(options.Select(o => (JsonNode)o).ToArray());
        }

        return command;
    }

    private static JsonObject StringOption(string name, string description, bool required = false, bool autocomplete = false, int maxLength = 0)
    {
        var option = new JsonObject { ["type"] = OptionString, ["name"] = name, ["description"] = description };
        if (required)
        {
            option["required"] = true;
        }

        if (autocomplete)
        {
            option["autocomplete"] = true;
        }

        if (maxLength > 0)
        {
            option["max_length"] = maxLength;
        }

        return option;
    }

    private static JsonObject Private() =>
        new() { ["type"] = OptionBoolean, ["name"] = PrivateOption, ["description"] = "Only you see the reply (default: everyone in the channel)" };
}
