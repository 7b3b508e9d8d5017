using PolicyBot.Core.Text;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>Slack's use of <see cref="TextPieces"/>: pieces measured as escaped mrkdwn.</summary>
internal static class BlockKitSplitter
{
    public static IReadOnlyList<string> Split(string text, int maxLength, Func<string, int> measure) => TextPieces.Split(text, maxLength, measure);

    /// <summary>
    /// <paramref name="text"/> when its escaped form fits in <paramref name="maxLength"/>; otherwise its leading whole
    /// sentences that fit, followed by " …".
    /// </summary>
    public static string TrimAtSentence(string text, int maxLength)
    {
        if (SlackText.Escape(text).Length <= maxLength)
        {
            return text;
        }

        var pieces = Split(text, Math.Max(1, maxLength - 2), p => SlackText.Escape(p.Trim()).Length);
        return pieces[0].TrimEnd() + " …";
    }
}
