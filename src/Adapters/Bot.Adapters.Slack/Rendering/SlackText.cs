using System.Text;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>
/// Making article and user text safe inside Slack <c>mrkdwn</c>.
/// <para>
/// <see cref="Escape"/> replaces the three control characters <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> with
/// <c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c> (only these three: Slack decodes no other entity). No
/// escaped text can form a mention (<c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c>, <c>&lt;@U…&gt;</c>,
/// <c>&lt;!subteam^…&gt;</c>), a channel link or a link. Use it for the plain-text fallback.
/// </para>
/// <para>
/// <see cref="Literal"/> is for text shown inside blocks that must read exactly as written (quotations,
/// titles, questions). mrkdwn has no escape character for <c>*</c> <c>_</c> <c>~</c> <c>`</c>, so a quotation
/// like "up ~30% … ~40% down" would be struck through. Each of those characters is therefore written as a
/// date token with an invalid format, <c>&lt;!date^00000000^{_}|*&gt;</c>, which Slack clients always render as
/// its fallback text, unformatted: the reader sees the original character and formatting cannot start or
/// end on it. (Inserting a zero-width space does not work: Slack treats it as a word boundary, which
/// <em>enables</em> formatting.) A <c>&gt;</c> at the start of a line would still open a block quote after
/// escaping, so it gets an invisible soft hyphen in front. Emoji short codes (<c>:fire:</c>) are left alone.
/// </para>
/// </summary>
public static class SlackText
{
    /// <summary>The characters that switch on bold, italic, strikethrough and code in mrkdwn.</summary>
    public const string FormattingCharacters = "*_~`";

    private const char SoftHyphen = '\u00AD';

    /// <summary>Replaces <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> with their entities; nothing else changes.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => null,
            } ?? c.ToString());
        }

        return sb.ToString();
    }

    /// <summary>
    /// <see cref="Escape"/>, and every formatting character (<c>* _ ~ `</c>) written so that it shows as itself
    /// and formats nothing; a line that starts with <c>&gt;</c> does not become a block quote.
    /// </summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        bool lineStart = true;
        foreach (char c in text)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&amp;");
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    if (lineStart)
                    {
                        sb.Append(SoftHyphen);
                    }

                    sb.Append("&gt;");
                    break;
                case '*' or '_' or '~' or '`':
                    sb.Append(PlainCharacter(c));
                    break;
                default:
                    sb.Append(c);
                    break;
            }

            lineStart = c == '\n' || (lineStart && c is ' ' or '\t');
        }

        return sb.ToString();
    }

    /// <summary>The token that shows <paramref name="c"/> unformatted: a date with an invalid format falls back to its text.</summary>
    public static string PlainCharacter(char c) => $"<!date^00000000^{{_}}|{c}>";

    /// <summary>Collapses every run of white space (line breaks included) to one space, so quoted text stays on one line.</summary>
    public static string Flatten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>True when <paramref name="url"/> is an absolute http or https URL with a host.</summary>
    public static bool IsWebUrl(string? url) => TryWebUri(url, out _);

    /// <summary>
    /// A link <c>&lt;url|label&gt;</c>. The URL must be absolute http(s); it is normalised and percent-encoded
    /// (so <c>|</c>, <c>&lt;</c>, <c>&gt;</c> and spaces cannot end the link early) and its <c>&amp;</c> written as
    /// <c>&amp;amp;</c>. The label is escaped; its formatting characters are replaced by look-alikes
    /// (∗ ˍ ∼ ˋ), because date tokens do not work inside a link.
    /// </summary>
    /// <exception cref="ArgumentException">The URL is not an absolute http or https URL.</exception>
    public static string Link(string url, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!TryWebUri(url, out var uri))
        {
            throw new ArgumentException($"Not an absolute http(s) URL: '{url}'.", nameof(url));
        }

        string target = Escape(uri.AbsoluteUri.Replace("|", "%7C", StringComparison.Ordinal));
        string text = LinkLabel(label);
        return text.Length == 0 ? $"<{target}>" : $"<{target}|{text}>";
    }

    /// <summary>A link when <paramref name="url"/> is a valid http(s) URL; otherwise the label alone, as <see cref="Literal"/> text.</summary>
    public static string LinkOrLabel(string? url, string label) => IsWebUrl(url) ? Link(url!, label) : Literal(label);

    private static string LinkLabel(string label)
    {
        var sb = new StringBuilder(Escape(label));
        sb.Replace('*', '∗').Replace('_', 'ˍ').Replace('~', '∼').Replace('`', 'ˋ').Replace('|', '¦');
        return sb.ToString();
    }

    private static bool TryWebUri(string? url, out Uri uri)
    {
        uri = null!;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed))
        {
            return false;
        }

        if ((parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(parsed.Host))
        {
            return false;
        }

        uri = parsed;
        return true;
    }
}
