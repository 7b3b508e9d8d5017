using System.Text;

namespace PolicyBot.Adapters.Discord.Rendering;

/// <summary>
/// Article and user text made safe for Discord markdown: shown exactly as written, never formatted, linked or
/// turned into a mention. Pings are also stopped by <c>allowed_mentions</c> on every message; escaping keeps the
/// text from even looking like a mention or a heading.
/// </summary>
public static class DiscordText
{
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>
    /// Backslash-escapes the characters that format inline (<c>\ * _ ~ ` | [ ] &lt; &gt;</c>, which could start
    /// emphasis, spoilers, code, masked links, mentions or timestamps), and line-start markers (<c>#</c>, <c>-</c>,
    /// <c>+</c>, <c>&gt;</c>, numbered lists); breaks <c>@everyone</c> and <c>@here</c> with a zero-width space.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 16);
        bool lineStart = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (lineStart && (c is ' ' or '\t'))
            {
                sb.Append(c);
                continue;
            }

            if (lineStart && (c is '#' or '-' or '+' or '>'))
            {
                sb.Append('\\').Append(c);
                lineStart = false;
                continue;
            }

            if (lineStart && char.IsAsciiDigit(c) && NumberedListMarker(text, i) is int markerEnd)
            {
                sb.Append(text, i, markerEnd - i).Append('\\').Append(text[markerEnd]);
                i = markerEnd;
                lineStart = false;
                continue;
            }

            lineStart = c == '\n';
            switch (c)
            {
                case '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<' or '>':
                    sb.Append('\\').Append(c);
                    break;
                case '@' when StartsWithWord(text, i + 1, "everyone") || StartsWithWord(text, i + 1, "here"):
                    sb.Append('@').Append(ZeroWidthSpace);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Removes the backslashes <see cref="Escape"/> added (zero-width spaces too), to read a rendered question back.</summary>
    public static string Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && !char.IsLetterOrDigit(text[i + 1]) && !char.IsWhiteSpace(text[i + 1]))
            {
                sb.Append(text[++i]);
            }
            else if (text[i] != ZeroWidthSpace)
            {
                sb.Append(text[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>Collapses every run of white space (line breaks included) to one space, so quoted text stays on one line.</summary>
    public static string Flatten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Text for places Discord shows without markdown (embed titles, footers, author names): flattened and cut to <paramref name="max"/>.</summary>
    public static string Plain(string text, int max)
    {
        string flat = Flatten(text).Replace("@everyone", "@" + ZeroWidthSpace + "everyone", StringComparison.Ordinal).Replace("@here", "@" + ZeroWidthSpace + "here", StringComparison.Ordinal);
        return Cut(flat, max);
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units, cut at a word when possible and marked with "…"; never inside a surrogate pair.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= max)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', Math.Max(0, max - 2));
        if (cut < max / 2)
        {
            cut = max - 1;
            if (char.IsLowSurrogate(text[cut]))
            {
                cut--;
            }
        }

        return text[..cut].TrimEnd() + "…";
    }

    /// <summary>True when <paramref name="url"/> is an absolute http or https URL with a host (the only links Discord embeds accept).</summary>
    public static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && url!.Length <= 2048;

    private static bool StartsWithWord(string text, int at, string word) =>
        string.CompareOrdinal(text, at, word, 0, word.Length) == 0 && (at + word.Length == text.Length || !char.IsLetterOrDigit(text[at + word.Length]));

    /// <summary>The index of the '.' or ')' in a "12." / "3)" list marker followed by a space, or null.</summary>
    private static int? NumberedListMarker(string text, int at)
    {
        int i = at;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return i < text.Length - 1 && text[i] is '.' or ')' && text[i + 1] == ' ' ? i : null;
    }
}
