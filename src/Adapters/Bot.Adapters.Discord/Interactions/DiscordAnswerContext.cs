using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord.Interactions;

/// <summary>A passage as an answer message shows it: the embed title (the article's title) and the paragraph.</summary>
public sealed record ShownPassage(string Title, int Paragraph);

/// <summary>
/// What an answer message says about itself, read back when one of its buttons is pressed: the question (its
/// <see cref="DiscordRenderer.QuestionPrefix"/> line) and the passages shown (embed titles and "Paragraph N" footers).
/// Buttons carry only a short custom id (Discord allows 100 characters), so the message is the state: nothing is kept
/// in memory, and buttons keep working after a restart.
/// </summary>
public sealed record DiscordAnswerContext(string Question, IReadOnlyList<ShownPassage> Shown)
{
    /// <summary>The context of <paramref name="message"/>, or null when it is not an answer PolicyBot rendered.</summary>
    public static DiscordAnswerContext? Read(JsonObject? message)
    {
        if (message?["content"] is not JsonValue contentValue || !contentValue.TryGetValue(out string? content))
        {
            return null;
        }

        string? line = content.Split('\n').FirstOrDefault(l => l.StartsWith(DiscordRenderer.QuestionPrefix, StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        string question = DiscordText.Unescape(line[DiscordRenderer.QuestionPrefix.Length..]).Trim();
        var shown = new List<ShownPassage>();
        string? title = null;
        if (message["embeds"] is JsonArray embeds)
        {
            foreach (var embed in embeds.OfType<JsonObject>())
            {
                if (embed["title"] is JsonValue t && t.TryGetValue(out string? embedTitle))
                {
                    title = embedTitle;
                }

                if (title is not null && Paragraph(embed) is int paragraph && !shown.Contains(new ShownPassage(title, paragraph)))
                {
                    shown.Add(new ShownPassage(title, paragraph));
                }
            }
        }

        return question.Length == 0 ? null : new DiscordAnswerContext(question, shown);
    }

    /// <summary>True when <paramref name="passage"/> is one of those shown (titles compared as the renderer writes them).</summary>
    public bool WasShown(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return Shown.Contains(new ShownPassage(TitleOf(passage.Article), passage.Paragraph));
    }

    /// <summary>The passages shown, by the articles they quote (a title no article has any more is left out): the state the bot's buttons need.</summary>
    public IReadOnlyList<ShownPassageRef> ShownIn(IReadOnlyList<ArticleInfo> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        return Shown
            .Select(s => articles.FirstOrDefault(a => TitleOf(a) == s.Title) is { } article ? new ShownPassageRef(article.Id, s.Paragraph) : null)
            .OfType<ShownPassageRef>()
            .ToList();
    }

    /// <summary>An article's title as the renderer writes it in an embed.</summary>
    private static string TitleOf(ArticleInfo article) => DiscordText.Plain(article.Title.Length > 0 ? article.Title : article.Id, DiscordLimits.EmbedTitle);

    private static int? Paragraph(JsonObject embed)
    {
        if (embed["footer"]?["text"] is not JsonValue v || !v.TryGetValue(out string? footer) || !footer.StartsWith("Paragraph ", StringComparison.Ordinal))
        {
            return null;
        }

        string number = new(footer["Paragraph ".Length..].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
    }
}
