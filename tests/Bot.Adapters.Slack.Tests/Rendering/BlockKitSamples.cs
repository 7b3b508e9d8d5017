using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;
using PolicyBot.TestKit;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

/// <summary>Replies of every kind, built directly, for the rendering tests.</summary>
internal static class BlockKitSamples
{
    public static readonly ArticleInfo Article = ReplySamples.Article;

    public static readonly ArticleInfo Other = ReplySamples.Other;

    /// <summary>An article whose every field tries to ping the channel, mention someone, link elsewhere or format text.</summary>
    public static readonly ArticleInfo Hostile = new(
        "hostile_1", "Tariffs <!channel> & <@U1> *now* | ~maybe~", "<!here> News & Co", "<@U2>",
        "https://example.org/h?a=1&b=<x>", "2026-02-01", Array.Empty<string>(), 3, null, DateTimeOffset.UnixEpoch);

    public const string Quote = ReplySamples.Quote;

    public const string HostileText =
        "Ministers told <!channel> & <!here> & <!everyone> that <@U123> and <!subteam^S1|trade> in <#C1|general> should <https://evil.example|click here> — *rates* rose ~30% to `5%` > 2 < 3.";

    public const string HostileQuestion = "what about <!channel> and <@U1> & tariffs?";

    public static IReadOnlyList<Reply> EveryKind(ArticleInfo article, string text, string userText) => ReplySamples.EveryKind(article, text, userText, "<@U9> Mr. Speaker");

    public static IEnumerable<object[]> EveryKindData() =>
        EveryKind(Article, Quote, "when do tariffs change?").Select(r => new object[] { r.GetType().Name, r });

    public static IEnumerable<object[]> HostileData() =>
        EveryKind(Hostile, HostileText, HostileQuestion).Select(r => new object[] { r.GetType().Name, r });

    public static string LongPassage(int length) => ReplySamples.LongPassage(length);
}
