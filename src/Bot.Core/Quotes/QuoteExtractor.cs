using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Quotes;

/// <summary>
/// Finds the quotations of speech in an article's text paragraphs (never captions, headings or notices), in
/// article order, with who said them when the text says so. Pure and platform-neutral; see
/// <see cref="Quotation"/> for what each field holds and <c>README.md</c> next to this file for the rules.
/// </summary>
public static class QuoteExtractor
{
    // Words that make a two- or three-word quote read as a clause ("We will win", "I agree"), not a term.
    private static readonly HashSet<string> ClauseMarkers = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "we", "you", "he", "she", "they", "it", "i'm", "we're", "you're", "they're", "it's", "he's", "she's",
        "is", "are", "was", "were", "am", "be", "been", "will", "would", "can", "could", "must", "should", "shall",
        "may", "might", "have", "has", "had", "do", "does", "did", "don't", "won't", "can't", "isn't", "aren't",
        "wasn't", "weren't", "doesn't", "didn't", "not", "never", "let's", "i'll", "we'll", "there's", "that's",
    };

    // Lower-case words a quoted title may contain ("Made in China", "The Art of the Deal").
    private static readonly HashSet<string> TitleSmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "nor", "but", "of", "in", "on", "for", "to", "at", "by", "with", "from",
        "as", "vs", "via", "de", "la", "du", "into", "over", "per",
    };

    // A quote right after these is named, not spoken: the so-called "trout effect", a policy dubbed "de-risking".
    private static readonly HashSet<string> NamingWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "so-called", "called", "dubbed", "termed", "named", "titled", "entitled", "nicknamed", "labelled",
        "labeled", "coined", "word", "words", "term", "phrase", "slogan", "motto", "label", "headline", "hashtag",
    };

    // Determiners and possessives before a quote make it a noun: the "Industry Acceleration Act", its "megapacks".
    private static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "these", "those",
    };

    // Words that never count as a name part when matching speakers ("the author" matches "The author" by "author").
    private static readonly HashSet<string> NameStopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "mr", "mrs", "ms", "dr", "prof", "de", "van", "von",
    };

    /// <summary>The quotations of speech in the article's text paragraphs, in article order.</summary>
    public static IReadOnlyList<Quotation> Extract(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var spans = QuoteScanner.Scan(article);
        if (spans.Count == 0)
        {
            return Array.Empty<Quotation>();
        }

        var attributor = new Attributor(article, spans);
        var found = spans.Select(s => (Span: s, Attribution: attributor.Find(s))).ToList();

        // "We will win," he said. "We always do." — fragments split by their attribution become one quotation.
        var groups = new List<(List<QuotedSpan> Spans, Attribution? Attribution)>();
        for (int k = 0; k < found.Count; k++)
        {
            if (k > 0 && groups.Count > 0 && groups[^1].Spans[^1] == found[k - 1].Span
                && Continues(article, attributor, found[k - 1].Span, found[k - 1].Attribution, found[k].Span, found[k].Attribution))
            {
                groups[^1].Spans.Add(found[k].Span);
            }
            else
            {
                groups.Add((new List<QuotedSpan> { found[k].Span }, found[k].Attribution));
            }
        }

        var result = new List<Quotation>();
        foreach (var (members, attribution) in groups)
        {
            var parts = members.SelectMany(m => m.Parts).ToList();
            string text = JoinParts(article, parts);
            bool speech = members.Any(m => LooksLikeSpeech(article, m, attribution))
                || (members.Count > 1 && CountWords(text) >= 4);
            if (!speech)
            {
                continue;
            }

            int open = parts[0].Open;
            var subject = attribution?.Subject;
            string? speaker = null;
            char gender = subject?.Gender ?? '?';
            if (subject is { IsPronoun: true } && (subject.Text.Equals("he", StringComparison.OrdinalIgnoreCase) || subject.Text.Equals("she", StringComparison.OrdinalIgnoreCase))
                && attributor.ResolvePronoun(open, subject.Text) is { } resolved)
            {
                (speaker, gender) = resolved;
            }
            else if (subject is { IsPronoun: false })
            {
                speaker = subject.Text;
            }

            // Later pronouns can refer to this speaker when it is a person ("Anna Smith", "Mr Clark") or a noun
            // phrase with an article ("the minister", "a spokesman"), not an organisation or a bare noun.
            if (speaker is not null && (subject!.IsPronoun || subject.IsPerson || (!subject.IsName && StartsWithArticle(speaker))))
            {
                attributor.AddMention(open, speaker, gender);
            }

            result.Add(Build(article, members[0].Mark, parts, text, speaker));
        }

        return result;
    }

    /// <summary>
    /// The quotations whose speaker matches <paramref name="speaker"/>, case-insensitively on name parts: every
    /// part of the query is a part of the speaker's name ("Trudeau" and "justin trudeau" match "Justin Trudeau"),
    /// or every part of the speaker's name is in the query ("Prime Minister Justin Trudeau" matches "Trudeau").
    /// Articles and titles ("the", "Mr") are not name parts. Quotations without a speaker never match.
    /// </summary>
    public static IReadOnlyList<Quotation> BySpeaker(IEnumerable<Quotation> quotes, string speaker)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var wanted = NameParts(speaker ?? string.Empty);
        if (wanted.Count == 0)
        {
            return Array.Empty<Quotation>();
        }

        return quotes
            .Where(q => q.Speaker is not null && NameParts(q.Speaker) is { Count: > 0 } have && (wanted.IsSubsetOf(have) || have.IsSubsetOf(wanted)))
            .ToList();
    }

    private static bool StartsWithArticle(string phrase)
    {
        int space = phrase.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && Determiners.Contains(phrase[..space]);
    }

    private static HashSet<string> NameParts(string name)
    {
        var parts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string raw in name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string part = raw.Trim('.', ',', ';', ':', '"', '\'', '“', '”', '‘', '’', '(', ')');
            if (part.EndsWith("'s", StringComparison.OrdinalIgnoreCase) || part.EndsWith("’s", StringComparison.OrdinalIgnoreCase))
            {
                part = part[..^2];
            }

            if (part.Any(char.IsLetterOrDigit) && !NameStopWords.Contains(part))
            {
                parts.Add(part);
            }
        }

        return parts;
    }

    /// <summary>
    /// Whether quote <paramref name="b"/> continues quote <paramref name="a"/> of the same paragraph: only an
    /// attribution stands between them ("…," he said. "…" or "…," he said, "…"), and b has no attribution of its own.
    /// </summary>
    private static bool Continues(Article article, Attributor attributor, QuotedSpan a, Attribution? aAttribution, QuotedSpan b, Attribution? bAttribution)
    {
        var aEnd = a.Last;
        var bStart = b.First;
        if (aEnd.ParagraphIndex != bStart.ParagraphIndex || aAttribution is not { Place: AttributionPlace.AfterQuote } attribution
            || attribution.VerbStart <= aEnd.Close || attribution.VerbStart >= bStart.Open)
        {
            return false;
        }

        // b may only be attributed by the same verb ("…," Smith said, "…"); another verb is another speaker's.
        if (bAttribution is not null && bAttribution.VerbStart != attribution.VerbStart)
        {
            return false;
        }

        string body = article.Body;
        int last = bStart.Open - 1;
        while (last > aEnd.Close && char.IsWhiteSpace(body[last]))
        {
            last--;
        }

        return body[last] is ',' or ':' or '.' or ';' or '—' or '–'
            && attributor.WordCount(aEnd.Close + 1, bStart.Open) <= 10;
    }

    /// <summary>
    /// Whether a quoted stretch is speech rather than a title, a name or a scare-quoted term. In order:
    /// <list type="number">
    /// <item>one word is a term ("megapacks", "de-risking", "whether");</item>
    /// <item>a quote right after a naming word (so-called, dubbed, called, known as, the term …) is a term;</item>
    /// <item>a quote in Title Case is a name or title ("The Hill", "Industry Acceleration Act");</item>
    /// <item>a quote right after a determiner (the "trout effect", its "megapacks") is a noun unless it has at least
    /// four words and is not used as a modifier (followed directly by a lower-case word);</item>
    /// <item>four or more words are speech (the headline-style "If the United States wants to compete, …");</item>
    /// <item>two or three words are speech when a speech verb attributes them in the same sentence (The author
    /// directly stated that … "cooperate limitedly") or when they read as a clause ("We will win", "I agree").</item>
    /// </list>
    /// </summary>
    private static bool LooksLikeSpeech(Article article, QuotedSpan quote, Attribution? attribution)
    {
        string body = article.Body;
        string text = string.Join(' ', quote.Parts.Select(p => body[p.Start..p.End]));
        var words = Words(text);
        if (words.Count <= 1)
        {
            return false;
        }

        var paragraph = article.Paragraphs[quote.First.ParagraphIndex];
        var (previous, beforePrevious) = WordsBefore(body, paragraph.Span.Start, quote.First.Open);
        if (NamingWords.Contains(previous) || (previous.Equals("as", StringComparison.OrdinalIgnoreCase)
            && beforePrevious is "known" or "referred" or "described" or "billed" or "branded")
            || (Determiners.Contains(previous) && beforePrevious == "as"))
        {
            return false; // the so-called "…", known as "…", described as a "…"
        }

        if (IsTitleCase(words))
        {
            return false;
        }

        if (Determiners.Contains(previous) && (words.Count < 4 || UsedAsModifier(body, quote, text)))
        {
            return false;
        }

        if (words.Count >= 4)
        {
            return true;
        }

        return attribution is { InSentence: true } || words.Any(w => ClauseMarkers.Contains(w.Replace('’', '\'').Trim(',', '.', ';', ':', '!', '?', '—')));
    }

    // the "one country, two systems" policy: closed without punctuation and followed by a lower-case word.
    private static bool UsedAsModifier(string body, QuotedSpan quote, string text)
    {
        int close = quote.Last.Close;
        if (close < 0 || close + 2 >= body.Length || text.Length == 0 || char.IsPunctuation(text[^1]))
        {
            return false;
        }

        return body[close + 1] == ' ' && char.IsLower(body[close + 2]);
    }

    private static (string Previous, string BeforePrevious) WordsBefore(string body, int paragraphStart, int open)
    {
        int k = open;
        string previous = ReadWordBackwards(body, paragraphStart, ref k);
        string beforePrevious = previous.Length > 0 ? ReadWordBackwards(body, paragraphStart, ref k) : string.Empty;
        return (previous, beforePrevious.ToLowerInvariant());
    }

    // The word ending just before k (whitespace skipped, stopping at any other punctuation), moving k to its start.
    private static string ReadWordBackwards(string body, int paragraphStart, ref int k)
    {
        while (k > paragraphStart && body[k - 1] == ' ')
        {
            k--;
        }

        int end = k;
        while (k > paragraphStart && (char.IsLetterOrDigit(body[k - 1]) || body[k - 1] is '-' or '\'' or '’'))
        {
            k--;
        }

        return body[k..end];
    }

    private static bool IsTitleCase(List<string> words)
    {
        bool any = false;
        for (int k = 0; k < words.Count; k++)
        {
            string w = words[k];
            char first = w.FirstOrDefault(char.IsLetterOrDigit);
            if (char.IsDigit(first))
            {
                continue;
            }

            if (char.IsUpper(first))
            {
                any = true;
                continue;
            }

            if (k > 0 && TitleSmallWords.Contains(w.Trim(',', '.', ';', ':', '!', '?')))
            {
                continue;
            }

            return false;
        }

        return any;
    }

    private static List<string> Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => w.Any(char.IsLetterOrDigit)).ToList();

    private static int CountWords(string text) => Words(text).Count;

    // A part that runs on (into the next paragraph, or to a reopening mark) continues with a space; parts split by
    // an attribution are joined with " … ".
    private static string JoinParts(Article article, List<RawPart> parts)
    {
        var sb = new System.Text.StringBuilder();
        for (int k = 0; k < parts.Count; k++)
        {
            if (k > 0)
            {
                sb.Append(parts[k - 1].RunsOn ? " " : " … ");
            }

            sb.Append(article.Body, parts[k].Start, parts[k].End - parts[k].Start);
        }

        return sb.ToString();
    }

    private static Quotation Build(Article article, QuoteMark mark, List<RawPart> raw, string text, string? speaker)
    {
        var parts = new List<QuotePart>(raw.Count);
        foreach (var r in raw)
        {
            var paragraph = article.Paragraphs[r.ParagraphIndex];
            var sentences = paragraph.Sentences.Where(s => s.Start < r.Outer && s.End > r.Open).ToList();
            parts.Add(new QuotePart(paragraph.Number, new TextSpan(r.Start, r.End - r.Start), sentences));
        }

        var allSentences = parts.SelectMany(p => p.Sentences).Distinct().OrderBy(s => s.Start).ToList();
        var span = new TextSpan(raw[0].Start, raw[^1].End - raw[0].Start);
        return new Quotation(text, speaker, parts[0].Paragraph, span, allSentences, parts, mark);
    }
}
