using System.Text.RegularExpressions;

namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// Turns the text Slack delivers (mrkdwn with <c>&lt;…&gt;</c> control sequences and <c>&amp;amp; &amp;lt; &amp;gt;</c> escapes)
/// into plain text for the bot: the bot's own mention removed, <c>&lt;@U123&gt;</c> → <c>@U123</c> (or <c>@name</c> when
/// Slack gives one), <c>&lt;#C123|general&gt;</c> → <c>#general</c>, <c>&lt;!here&gt;</c> → <c>@here</c>,
/// <c>&lt;https://x|label&gt;</c> → <c>label</c> (the URL when there is no label). The result is meant to be read, not
/// sent back: outgoing text is escaped again by the renderer.
/// </summary>
public static partial class SlackInboundText
{
    /// <summary>Makes incoming mrkdwn plain.</summary>
    /// <param name="text">The <c>text</c> field as Slack sent it.</param>
    /// <param name="botUserId">The bot's user id; its mentions are removed. Null keeps every mention.</param>
    public static string ToPlainText(string? text, string? botUserId = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        bool removed = false;
        string replaced = ControlSequence().Replace(text, match =>
        {
            string inner = match.Groups[1].Value;
            if (IsMentionOf(inner, botUserId))
            {
                removed = true;
                return "";
            }

            return Readable(inner);
        });

        string plain = Unescape(replaced);
        if (removed)
        {
            // "<@UBOT>: what …" and "<@UBOT>, what …" address the bot; the punctuation goes with the mention.
            plain = LeadingAddressPunctuation().Replace(RepeatedSpaces().Replace(plain, " "), "");
        }

        return plain.Trim();
    }

    /// <summary>Whether the text contains <c>&lt;@botUserId&gt;</c> (or the older <c>&lt;@botUserId|name&gt;</c>).</summary>
    public static bool Mentions(string? text, string? botUserId)
    {
        if (string.IsNullOrEmpty(text) || string.IsNullOrEmpty(botUserId))
        {
            return false;
        }

        foreach (Match match in ControlSequence().Matches(text))
        {
            if (IsMentionOf(match.Groups[1].Value, botUserId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Undoes Slack's three escapes. <c>&amp;amp;</c> goes last so that <c>&amp;amp;lt;</c> becomes the literal <c>&amp;lt;</c>.</summary>
    public static string Unescape(string text) =>
        text.Contains('&', StringComparison.Ordinal)
            ? text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal)
            : text;

    private static bool IsMentionOf(string inner, string? botUserId)
    {
        if (string.IsNullOrEmpty(botUserId) || inner.Length < 2 || inner[0] != '@')
        {
            return false;
        }

        ReadOnlySpan<char> id = inner.AsSpan(1);
        int bar = id.IndexOf('|');
        if (bar >= 0)
        {
            id = id[..bar];
        }

        return id.Equals(botUserId, StringComparison.Ordinal);
    }

    /// <summary>One <c>&lt;…&gt;</c> sequence as readable text.</summary>
    private static string Readable(string inner)
    {
        int bar = inner.IndexOf('|', StringComparison.Ordinal);
        string target = bar < 0 ? inner : inner[..bar];
        string? label = bar < 0 || bar == inner.Length - 1 ? null : inner[(bar + 1)..];

        if (target.StartsWith('@'))
        {
            // <@U123> or <@U123|name>: a user mention.
            return label is null ? target : "@" + label.TrimStart('@');
        }

        if (target.StartsWith('#'))
        {
            // <#C123> or <#C123|general>: a channel link.
            return label is null ? target : "#" + label.TrimStart('#');
        }

        if (target.StartsWith('!'))
        {
            // <!here>, <!channel>, <!everyone>, <!subteam^S123|@team>, <!date^1392734382^{date}|Feb 18th>.
            if (label is not null)
            {
                return label;
            }

            int caret = target.IndexOf('^', StringComparison.Ordinal);
            string name = caret < 0 ? target[1..] : target[1..caret];
            return "@" + name;
        }

        // <https://example.com> or <https://example.com|example>, also mailto: and tel: links.
        return label ?? target;
    }

    // Slack sends literal '<' and '>' as &lt; &gt;, so a raw '<' opens a control sequence; none starts with a space.
    [GeneratedRegex("<([^<>\\s][^<>]*)>", RegexOptions.CultureInvariant)]
    private static partial Regex ControlSequence();

    [GeneratedRegex("[ \\t]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex RepeatedSpaces();

    [GeneratedRegex("^\\s*[,:](?=\\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingAddressPunctuation();
}
