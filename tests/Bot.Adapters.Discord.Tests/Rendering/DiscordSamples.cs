using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Summaries;
using PolicyBot.TestKit;

namespace PolicyBot.Adapters.Discord.Tests.Rendering;

/// <summary>Replies of every kind, built directly, for the rendering tests.</summary>
internal static class DiscordSamples
{
    public static readonly ArticleInfo Article = ReplySamples.Article;

    public static readonly ArticleInfo Other = ReplySamples.Other;

    /// <summary>An article whose every field tries to ping, mention, link or format.</summary>
    public static readonly ArticleInfo Hostile = new(
        "hostile_1", "Tariffs @everyone <@&42> *now* | ~maybe~ [x](https://evil.example)", "@here News", "<@123>",
        "https://example.org/h?a=1&b=2", "2026-02-01", Array.Empty<string>(), 3, null, DateTimeOffset.UnixEpoch);

    public const string Quote = ReplySamples.Quote;

    public const string HostileText =
        "# Ministers told @everyone & @here that <@123> and <@&456> in <#789> should [click here](https://evil.example) — *rates* rose ~30% to `5%` > 2 < 3 ||spoiler|| <t:1700000000:R> __under__ \\o/.";

    public const string HostileQuestion = "what about @everyone and <@1> & *tariffs* > [x](y)?";

    public static IReadOnlyList<Reply> EveryKind(ArticleInfo article, string text, string userText) => ReplySamples.EveryKind(article, text, userText, "<@9> Mr. Speaker");

    public static IEnumerable<object[]> EveryKindData() =>
        EveryKind(Article, Quote, "when do tariffs change?").Select(r => new object[] { r.GetType().Name, r });

    public static IEnumerable<object[]> HostileData() =>
        EveryKind(Hostile, HostileText, HostileQuestion).Select(r => new object[] { r.GetType().Name, r });

    public static string LongPassage(int length) => ReplySamples.LongPassage(length);
}
