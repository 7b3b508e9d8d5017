using PolicyBot.Core.Answering;

namespace PolicyBot.Core.Conversation;

/// <summary>
/// What the bot says in its own words, once for every platform: the renderers add only their markup, so the shell,
/// Slack and Discord never drift apart in wording.
/// </summary>
public static class BotText
{
    public const string NoConfidentAnswer = "I don't have a confident answer to that in the articles.";
    public const string ClosestPassages = "The closest passages (not answers):";
    public const string NotAnAnswer = "not an answer";
    public const string HelpIntro = "Ask me about the articles in plain words, or use a command:";
    public const string NoMorePassages = "There is no other passage on that question.";
    public const string NoArticles = "There are no articles yet.";
    public const string NoFacts = "This article has no sentence with figures, dates, places or organisations.";
    public const string NoQuotes = "This article quotes no one directly.";
    public const string Quotations = "Quotations";
    public const string Goodbye = "Goodbye.";
    public const string Failed = "Sorry, something went wrong while answering that. The team has the details in the log.";
    public const string ThanksHelpful = "Thanks: recorded as helpful.";
    public const string ThanksNotHelpful = "Thanks: recorded as not helpful; the team will review it.";
    public const string NotMyButton = "That button is not one of mine.";
    public const string ButtonExpired = "I can't tell which answer that button belongs to any more. Ask the question again.";
    public const string AskSomething = "Ask a question, or type /help to see what I can do.";
    public const string ChannelCommandsElsewhere = "That command works in a channel or the shell, where alerts can be delivered.";
    public const string NotSupportedHere = "That command is not supported here.";
    public const string AddingUnavailable = "Adding articles is not available here.";
    public const string NewArticle = "New article";
    public const string WhichArticleIsMeant = "Several articles are loaded: say which one you mean (\"Who wrote the article about EV tariffs?\"), or ask after an answer from it.";

    /// <summary>The label shown before a passage that is not body text ("From the byline:"); null for the body.</summary>
    public static string? PartLabel(PassagePart part) => part switch
    {
        PassagePart.Title => "The title:",
        PassagePart.Byline => "From the byline:",
        PassagePart.Caption => "Photo caption:",
        _ => null,
    };

    public static string WhichArticle(string? query) => $"Several articles match \"{query}\"; which one? Use its id.";

    public static string QuotationsBy(string speaker) => $"Quotations by {speaker}:";

    public static string Articles(int count) => count switch
    {
        0 => NoArticles,
        1 => "1 article:",
        _ => $"{count} articles:",
    };

    public static string NewArticles(int count) => count == 1 ? "1 new article:" : $"{count} new articles:";

    public static string OnTopic(string topic, int articles) => $"On \"{topic}\", from {Plural(articles, "article")}:";

    public static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
