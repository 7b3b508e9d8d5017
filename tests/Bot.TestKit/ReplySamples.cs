using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;

namespace PolicyBot.TestKit;

/// <summary>Replies of every kind, built directly, for the platform renderers' tests (each platform adds its own hostile text).</summary>
public static class ReplySamples
{
    public static readonly ArticleInfo Article = new(
        "ev-tariffs", "Canada and the EU rethink tariffs on Chinese electric vehicles", "Observer Net", "Liu Bai",
        "https://example.org/ev", "2026-02-08", Array.Empty<string>(), 12, null, DateTimeOffset.UnixEpoch);

    public static readonly ArticleInfo Other = new(
        "steel-quota", "Steel quotas tighten", "Daily Ledger", null, null, "2026-01-30", Array.Empty<string>(), 1, null, DateTimeOffset.UnixEpoch);

    public const string Quote =
        "The article noted that in January this year, Canadian Prime Minister Trudeau agreed to import a certain number of Chinese electric vehicles annually, and only impose minimal tariffs.";

    /// <summary>One reply per kind, all fields filled from <paramref name="article"/>, <paramref name="text"/> and <paramref name="userText"/>.</summary>
    public static IReadOnlyList<Reply> EveryKind(ArticleInfo article, string text, string userText, string speaker) => new Reply[]
    {
        new AnswerReply(userText, new[] { new Passage(text, article, 2, 0.9), new Passage("A second supporting sentence.", article, 3, 0.7) }),
        new DeclinedReply(userText, $"The closest passage only shares the word \"{userText}\" with the question.", new[] { new Passage(text, article, 4, 0.2) }),
        new SummaryReply(article, new[] { new SummarySentence(text, 1), new SummarySentence("Second point.", 5) }),
        new TopicSummaryReply(userText, new[] { new Passage(text, article, 6, 0.8) }),
        new FactsReply(article, new[] { new Passage(text, article, 7, 0.6) }),
        new ArticleQuotesReply(article, new[] { new QuoteItem(text, speaker, article, 8), new QuoteItem("We will see.", null, article, 9) }),
        new SpeakerQuotesReply(userText, new[] { new QuoteItem(text, speaker, article, 8) }),
        new ArticleListReply(new[] { article, Other }),
        new ChoiceReply(userText, new[] { article, Other }),
        new HelpReply(CommandParser.Commands),
        new UsageReply("Usage: /ask <question>"),
        new ErrorReply($"No article matches \"{userText}\". Type /articles to list them."),
        new GoodbyeReply(),
        new AlertReply(article, new[] { new SummarySentence(text, 1), new SummarySentence("Second point.", 5) }, userText, new[] { new Passage(text, article, 3, 1) }),
        new AlertDigestReply(new[] { article, Other }),
        new FeedbackThanksReply(Helpful: false),
        new ConfirmationReply($"This channel will get an alert for new articles about \"{userText}\"."),
    };

    /// <summary>A passage of about <paramref name="length"/> characters made of numbered sentences, single spaces between.</summary>
    public static string LongPassage(int length)
    {
        var sentences = new List<string>();
        int total = 0;
        for (int i = 1; total < length; i++)
        {
            string sentence = $"Sentence {i} says that the tariff on imported vehicles rose by {i} percent over the quarter.";
            sentences.Add(sentence);
            total += sentence.Length + 1;
        }

        return string.Join(' ', sentences);
    }
}
