using System.Text;
using PolicyBot.Core.Text;

namespace PolicyBot.Core.Articles;

/// <summary>Helpers shared by the article formats: decoding, paragraph building, derived titles.</summary>
internal static class ArticleText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 (with or without BOM) strictly and normalises line ends; null when the bytes are not UTF-8.</summary>
    public static string? Decode(byte[] bytes)
    {
        try
        {
            var span = bytes.AsSpan();
            if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
            {
                span = span[3..];
            }

            string text = StrictUtf8.GetString(span);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return null; // UTF-16 or binary content decodes "successfully" but is not text.
            }

            return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static bool EndsLikeSentence(string line)
    {
        string t = line.TrimEnd();
        if (t.Length == 0)
        {
            return false;
        }

        char last = t[^1];
        return last is '.' or '!' or '?' or '…' or '"' or '”' or '’' or '\'' or ')' or ':' or ';' or '。' or '！' or '？' or '」';
    }

    private static readonly string[] CaptionMarkers =
    {
        "photo", "image", "picture", "credit", "getty", "reuters", "xinhua", "vcg", "screenshot", "file pic",
        "courtesy", "illustration", "infographic",
    };

    /// <summary>A short line without closing punctuation that names a picture source reads as a caption.</summary>
    public static bool LooksLikeCaption(string line)
    {
        string t = line.Trim();
        if (t.Length == 0 || t.Length > 220)
        {
            return false;
        }

        string lower = t.ToLowerInvariant();

        // "Workers at the plant (Photo: Reuters)": a credit in closing brackets.
        int open = t.LastIndexOfAny(new[] { '(', '（' });
        if (t[^1] is ')' or '）' && open >= 0 && CaptionMarkers.Any(m => ContainsWord(lower[open..], m)))
        {
            return true;
        }

        return !EndsLikeSentence(t) && CaptionMarkers.Any(m => ContainsWord(lower, m));
    }

    public static bool LooksLikeHeading(string line)
    {
        string t = line.Trim();
        return t.Length is > 0 and <= 120 && !EndsLikeSentence(t) && !t.EndsWith(',');
    }

    private static bool ContainsWord(string haystack, string word)
    {
        int from = 0;
        while (true)
        {
            int i = haystack.IndexOf(word, from, StringComparison.Ordinal);
            if (i < 0)
            {
                return false;
            }

            bool startOk = i == 0 || !char.IsLetter(haystack[i - 1]);
            int after = i + word.Length;
            bool endOk = after >= haystack.Length || !char.IsLetter(haystack[after]) || haystack[after] == 's';
            if (startOk && endOk)
            {
                return true;
            }

            from = i + 1;
        }
    }

    /// <summary>Numbers text paragraphs 1..n and gives captions/headings the number of the text paragraph before them.</summary>
    public static List<Paragraph> BuildParagraphs(string body, IEnumerable<(TextSpan Span, ParagraphKind Kind)> blocks)
    {
        var paragraphs = new List<Paragraph>();
        int number = 0;
        foreach (var (span, kind) in blocks)
        {
            if (kind == ParagraphKind.Text)
            {
                number++;
                paragraphs.Add(new Paragraph(number, kind, span, SentenceSplitter.Split(body, span.Start, span.Length)));
            }
            else
            {
                paragraphs.Add(new Paragraph(number, kind, span, new[] { span }));
            }
        }

        return paragraphs;
    }

    /// <summary>A readable title from the first sentence when the article has none: unquoted, no final period, at most ~90 characters.</summary>
    public static string DeriveTitle(string body, IReadOnlyList<Paragraph> paragraphs, string fallback)
    {
        var first = paragraphs.FirstOrDefault(p => p.Kind == ParagraphKind.Text && p.Sentences.Count > 0);
        if (first is null)
        {
            return fallback;
        }

        string sentence = Collapse(body.Substring(first.Sentences[0].Start, first.Sentences[0].Length));
        sentence = sentence.Trim().TrimEnd('.', '。');
        if (sentence.Length >= 2 && IsQuote(sentence[0]) && IsQuote(sentence[^1]))
        {
            sentence = sentence[1..^1].Trim().TrimEnd('.', '。');
        }

        return Shorten(sentence, 90);
    }

    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        int cut = text.LastIndexOf(' ', max - 1);
        if (cut < max / 2)
        {
            cut = max - 1;
        }

        return text[..cut].TrimEnd(',', ';', ':', ' ', '-') + "…";
    }

    public static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsQuote(char c) => c is '"' or '“' or '”' or '\'' or '‘' or '’' or '「' or '」';

    /// <summary>Accepts "toutiao.com/x" as well as full URLs; returns an absolute http(s) URL or null.</summary>
    public static string? NormaliseUrl(string raw)
    {
        string t = raw.Trim().TrimEnd('.', ',', ';');
        if (t.Length == 0)
        {
            return null;
        }

        if (!t.Contains("://", StringComparison.Ordinal))
        {
            t = "https://" + t;
        }

        return Uri.TryCreate(t, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Contains('.', StringComparison.Ordinal)
            ? uri.ToString()
            : null;
    }

    /// <summary>Normalises a date to yyyy-MM-dd (or keeps the full timestamp when it has a time); null when unparseable.</summary>
    public static string? NormaliseDate(string raw)
    {
        string t = raw.Trim().Trim('"', '\'');
        if (t.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var dto))
        {
            return dto.TimeOfDay == TimeSpan.Zero ? dto.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : dto.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }
}
