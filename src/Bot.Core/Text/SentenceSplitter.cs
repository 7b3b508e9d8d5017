using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Text;

/// <summary>
/// Splits one paragraph into sentences. A sentence ends at '.', '!', '?', '…' (or their CJK forms),
/// with any closing quotes or brackets, when whitespace follows and the next word can start a
/// sentence. Periods inside abbreviations (Mr., Co., Ltd., U.S., initials), decimals and money
/// amounts do not end a sentence unless the next word is one that typically opens a new sentence.
/// </summary>
public static class SentenceSplitter
{
    // Abbreviations after which a period practically never ends a sentence.
    private static readonly HashSet<string> TitleAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "mt", "gen", "gov", "sen", "rep", "rev",
        "lt", "col", "capt", "sgt", "maj", "cmdr", "adm", "pres", "hon", "messrs", "mme", "mlle", "fr",
        "vs", "v", "cf", "approx", "dept", "e.g", "i.e",
    };

    // Abbreviations only before a number ("No. 5", "Fig. 3", "p. 12", "Art. 5"); otherwise they are
    // ordinary words that can end a sentence ("The answer is no.", "He loves art.").
    private static readonly HashSet<string> NumberAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "no", "nos", "fig", "figs", "vol", "vols", "p", "pp", "ch", "sec", "art",
    };

    // Abbreviations that can also close a sentence ("... of Contemporary Amperex Co., Ltd. The company ...").
    private static readonly HashSet<string> SentenceFinalAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "co", "corp", "inc", "ltd", "plc", "llc", "bros", "etc", "al", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
        "fri", "sat", "sun", "est", "ave", "blvd", "rd", "st", "jr", "sr", "ft", "int", "govt", "intl", "natl", "assn",
        "a.m", "p.m",
    };

    // Words that open sentences far more often than they follow an abbreviation inside one.
    private static readonly HashSet<string> SentenceStarters = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "These", "Those", "It", "Its", "It's", "He", "She", "They", "We", "I", "You",
        "In", "On", "At", "But", "However", "And", "So", "Yet", "Meanwhile", "A", "An", "There", "Here",
        "If", "When", "While", "As", "After", "Before", "Although", "Though", "Despite", "For", "Since",
        "His", "Her", "Their", "Our", "My", "Some", "Many", "Most", "Other", "Others", "Such", "What",
        "Why", "How", "Who", "Where", "Also", "Still", "Instead", "Moreover", "Furthermore", "Additionally",
        "Thus", "Therefore", "Then", "Now", "Today", "Yesterday", "According", "Last", "Next", "Both",
        "Each", "Every", "No", "Not", "Only", "One", "Two", "Three", "By", "With", "From", "To", "Under",
        "Over", "Even", "Just", "Already", "Earlier", "Later", "Similarly", "Overall", "Indeed", "Besides",
    };

    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '。' or '！' or '？';

    private static bool IsClosing(char c) => c is '"' or '\'' or '”' or '’' or ')' or ']' or '}' or '»' or '」' or '』' or '）';

    private static bool IsOpening(char c) => c is '"' or '\'' or '“' or '‘' or '(' or '[' or '«' or '「' or '『' or '（';

    private static bool IsCjkTerminator(char c) => c is '。' or '！' or '？';

    /// <summary>Splits <paramref name="text"/>[start, start+length) into trimmed sentence spans.</summary>
    public static IReadOnlyList<TextSpan> Split(string text, int start, int length)
    {
        var spans = new List<TextSpan>();
        int end = start + length;
        int sentenceStart = SkipWhitespace(text, start, end);
        int i = sentenceStart;
        while (i < end)
        {
            char c = text[i];
            if (!IsTerminator(c))
            {
                i++;
                continue;
            }

            // Take the whole run of terminators ("?!", "...") and any closing quotes or brackets.
            int j = i;
            while (j < end && IsTerminator(text[j]))
            {
                j++;
            }

            while (j < end && IsClosing(text[j]))
            {
                j++;
            }

            bool boundary;
            if (j >= end)
            {
                boundary = true;
            }
            else if (IsCjkTerminator(c))
            {
                boundary = true;
            }
            else if (!char.IsWhiteSpace(text[j]))
            {
                boundary = false; // 1.13bn, U.S.-China, "e.g.,"
            }
            else
            {
                int next = SkipWhitespace(text, j, end);
                boundary = next < end && CanStartSentence(text, next, end) && !IsAbbreviationStop(text, sentenceStart, i, next, end);
            }

            // Punctuation alone ("... Then it ended.") is not a sentence: it stays with what follows.
            boundary = boundary && ContainsLetterOrDigit(text, sentenceStart, i);

            if (boundary)
            {
                AddTrimmed(spans, text, sentenceStart, j);
                sentenceStart = SkipWhitespace(text, j, end);
                i = sentenceStart;
            }
            else
            {
                i = j;
            }
        }

        if (sentenceStart < end)
        {
            AddTrimmed(spans, text, sentenceStart, end);
        }

        return spans;
    }

    public static IReadOnlyList<string> SplitText(string text) =>
        Split(text, 0, text.Length).Select(s => text.Substring(s.Start, s.Length)).ToList();

    private static bool CanStartSentence(string text, int pos, int end)
    {
        char c = text[pos];
        if (char.IsUpper(c) || char.IsDigit(c) || c is '$' or '€' or '£' or '¥' or '#' or '@' or '*' or '-' or '–' or '—')
        {
            return true;
        }

        if (IsOpening(c))
        {
            return true;
        }

        // CJK and other scripts without case.
        return char.IsLetter(c) && !char.IsLower(c) && pos < end;
    }

    /// <summary>True when the period at <paramref name="dot"/> belongs to an abbreviation and the next word does not clearly open a sentence.</summary>
    private static bool IsAbbreviationStop(string text, int sentenceStart, int dot, int next, int end)
    {
        if (text[dot] != '.')
        {
            return false;
        }

        // The token before the period: letters and inner periods ("U.S", "Ltd", "J", "e.g").
        int tokenStart = dot;
        while (tokenStart > sentenceStart && (char.IsLetter(text[tokenStart - 1]) || text[tokenStart - 1] == '.'))
        {
            tokenStart--;
        }

        if (tokenStart == dot)
        {
            return false; // "$8 billion." or "2025." — numbers end sentences normally.
        }

        string token = text[tokenStart..dot];
        if (token.Length >= 2 && token.All(char.IsUpper))
        {
            return false; // An acronym ("patients with MS.", "emissions of CO."), not "Ms." or "Co.".
        }

        string nextWord = WordAt(text, next, end);

        if (TitleAbbreviations.Contains(token))
        {
            // "Mr. Smith", "Dr. Li": a title is followed by a name, never by the end of the sentence.
            return true;
        }

        if (NumberAbbreviations.Contains(token) && next < end && char.IsDigit(text[next]))
        {
            return true;
        }

        bool initials = token.Length == 1 && char.IsUpper(token[0]) // "J. K. Rowling"
            || token.Contains('.', StringComparison.Ordinal) && token.Split('.').All(part => part.Length <= 2); // "U.S", "U.K", "e.g"
        bool known = SentenceFinalAbbreviations.Contains(token);
        if (!initials && !known)
        {
            return false;
        }

        // After an abbreviation the sentence ends only when the next word usually opens one.
        return !SentenceStarters.Contains(nextWord) && !(next < end && IsOpening(text[next]) && StartsQuotedSentence(text, next, end));
    }

    // "...in the U.S. "It was..." — an opening quote followed by a capitalised starter word, unless the
    // quote is a name or title used inside the sentence: closed without punctuation and followed by a
    // lower-case word ("The U.S. "The Hill" newspaper...").
    private static bool StartsQuotedSentence(string text, int pos, int end)
    {
        int p = pos;
        while (p < end && IsOpening(text[p]))
        {
            p++;
        }

        if (!(p < end && text[p] != '(' && text[pos] != '(' && text[pos] != '[' && SentenceStarters.Contains(WordAt(text, p, end))))
        {
            return false;
        }

        int close = FindClosingQuote(text, text[p - 1], p, end);
        if (close < 0 || IsQuotedPunctuation(text[close - 1]))
        {
            return true;
        }

        int after = SkipWhitespace(text, close + 1, end);
        return !(after > close + 1 && after < end && char.IsLower(text[after]));
    }

    private static int FindClosingQuote(string text, char opener, int from, int end)
    {
        bool single = opener is '\'' or '‘';
        for (int k = from; k < end; k++)
        {
            char c = text[k];
            bool closes = single
                ? c is '’' or '\'' && (k + 1 >= end || !char.IsLetter(text[k + 1])) // not the apostrophe in "don't"
                : c is '"' or '”' or '»' or '」' or '』';
            if (closes)
            {
                return k;
            }
        }

        return -1;
    }

    private static bool IsQuotedPunctuation(char c) => IsTerminator(c) || c is ',' or ';' or ':' or '，';

    private static bool ContainsLetterOrDigit(string text, int from, int to)
    {
        for (int k = from; k < to; k++)
        {
            if (char.IsLetterOrDigit(text[k]))
            {
                return true;
            }
        }

        return false;
    }

    private static string WordAt(string text, int pos, int end)
    {
        int p = pos;
        while (p < end && (char.IsLetterOrDigit(text[p]) || text[p] == '\'' || text[p] == '’'))
        {
            p++;
        }

        return text[pos..p].Replace('’', '\'');
    }

    private static int SkipWhitespace(string text, int pos, int end)
    {
        while (pos < end && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static void AddTrimmed(List<TextSpan> spans, string text, int from, int to)
    {
        while (to > from && char.IsWhiteSpace(text[to - 1]))
        {
            to--;
        }

        if (to > from)
        {
            spans.Add(new TextSpan(from, to - from));
        }
    }
}
