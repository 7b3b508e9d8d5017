using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Quotes;

/// <summary>
/// One quoted stretch in one paragraph. <see cref="Open"/> is the opening mark, <see cref="Start"/>..<see cref="End"/>
/// the trimmed quoted words, <see cref="Close"/> the closing mark, or -1 when the quote runs on without one
/// (<see cref="RunsOn"/>): to the end of the paragraph, or to a mark that reopens it. <see cref="Outer"/> is the end
/// of the part with its closing mark.
/// </summary>
internal readonly record struct RawPart(int ParagraphIndex, int Open, int Start, int End, int Close, int Outer)
{
    public bool RunsOn => Close < 0;
}

/// <summary>A quoted stretch of text (speech or not) with its parts, in article order.</summary>
internal sealed record QuotedSpan(QuoteMark Mark, IReadOnlyList<RawPart> Parts)
{
    public RawPart First => Parts[0];

    public RawPart Last => Parts[^1];
}

/// <summary>
/// Finds every quoted stretch in the text paragraphs of an article, without judging whether it is speech.
/// <list type="bullet">
/// <item>“…”, „…“, «…», 「…」 and 『…』 are unambiguous. A straight " opens a quote when it does not follow a
/// letter or digit (12" screen) and is followed by text; the next " closes it.</item>
/// <item>Single marks double as apostrophes. ' or ‘ opens a quote only at the start of a word (not in don't or
/// Canada's), not before an elided year or word ('90s, 'tis, rock 'n' roll), and only when a closing ' or ’
/// follows in the paragraph: one after a non-space and before a non-letter. A plural possessive
/// (the workers' union) is passed over when a later closing mark exists.</item>
/// <item>Marks nested inside a quote (‘…’ inside “…”) stay part of its text.</item>
/// <item>A quote still open at the end of a paragraph continues when the next paragraph (captions skipped)
/// opens with a mark of the same kind — the news convention for quotes over several paragraphs. An open quote
/// that does not continue, or a continuation that never closes, is dropped rather than guessed at.</item>
/// </list>
/// </summary>
internal static class QuoteScanner
{
    private static readonly HashSet<string> ElidedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "tis", "twas", "em", "cause", "cos", "til", "bout", "round", "n", "nuff", "kay", "ello", "s",
    };

    private enum Outcome
    {
        Closed,
        Continues,
        Abandoned,
    }

    public static IReadOnlyList<QuotedSpan> Scan(Article article)
    {
        string body = article.Body;
        var paragraphs = article.Paragraphs;
        var result = new List<QuotedSpan>();
        List<RawPart>? pending = null;
        var pendingMark = QuoteMark.StraightDouble;

        for (int pi = 0; pi < paragraphs.Count; pi++)
        {
            var p = paragraphs[pi];
            if (p.Kind != ParagraphKind.Text)
            {
                continue;
            }

            int pos = p.Span.Start;
            int end = p.Span.End;
            if (pending is not null)
            {
                // The paragraph was checked to open with a mark of the pending quote's kind.
                int reopen = SkipWhitespace(body, pos, end);
                var parts = pending;
                pending = null;
                var (outcome, next) = Follow(article, pi, reopen, pendingMark, parts);
                if (outcome == Outcome.Continues)
                {
                    pending = parts;
                    continue;
                }

                if (outcome == Outcome.Closed && parts.Count > 0)
                {
                    result.Add(new QuotedSpan(pendingMark, parts));
                }

                pos = outcome == Outcome.Closed ? next : reopen + 1;
            }

            while (pos < end)
            {
                int open = FindOpener(body, pos, p.Span.Start, end, out var mark);
                if (open < 0)
                {
                    break;
                }

                var parts = new List<RawPart>();
                var (outcome, next) = Follow(article, pi, open, mark, parts);
                if (outcome == Outcome.Continues)
                {
                    pending = parts;
                    pendingMark = mark;
                    break;
                }

                if (outcome == Outcome.Closed)
                {
                    if (parts.Count > 0)
                    {
                        result.Add(new QuotedSpan(mark, parts));
                    }

                    pos = next;
                }
                else
                {
                    pos = open + 1;
                }
            }
        }

        return result;
    }

    /// <summary>Reads the quote opened at <paramref name="open"/> in paragraph <paramref name="pi"/>, adding its parts.</summary>
    private static (Outcome Outcome, int Next) Follow(Article article, int pi, int open, QuoteMark mark, List<RawPart> parts)
    {
        string body = article.Body;
        var p = article.Paragraphs[pi];
        int end = p.Span.End;
        while (true)
        {
            var (close, reopens) = FindCloser(body, mark, open + 1, end);
            if (close >= 0 && !reopens)
            {
                AddPart(body, parts, pi, open, close, close, close + 1);
                return (Outcome.Closed, close + 1);
            }

            if (close < 0)
            {
                break;
            }

            // "We will win. "We always do." — a quote left open and reopened after a sentence runs on.
            AddPart(body, parts, pi, open, close, -1, close);
            open = close;
        }

        int ni = pi + 1;
        while (ni < article.Paragraphs.Count && article.Paragraphs[ni].Kind == ParagraphKind.Caption)
        {
            ni++;
        }

        if (ni < article.Paragraphs.Count && article.Paragraphs[ni].Kind == ParagraphKind.Text)
        {
            var next = article.Paragraphs[ni];
            int first = SkipWhitespace(body, next.Span.Start, next.Span.End);
            if (first < next.Span.End && SameFamily(mark, body[first]))
            {
                AddPart(body, parts, pi, open, end, -1, end);
                return (Outcome.Continues, end);
            }
        }

        return (Outcome.Abandoned, open + 1);
    }

    private static void AddPart(string body, List<RawPart> parts, int pi, int open, int contentEnd, int close, int outer)
    {
        int start = SkipWhitespace(body, open + 1, contentEnd);
        int stop = TrimEnd(body, start, contentEnd);
        if (close >= 0 && stop > start && body[stop - 1] is ',' or ';' or ':' or '，' or '；' or '：')
        {
            stop = TrimEnd(body, start, stop - 1); // "We will win," he said: the comma belongs to the outer sentence.
        }

        if (stop > start)
        {
            parts.Add(new RawPart(pi, open, start, stop, close, outer));
        }
    }

    private static int FindOpener(string body, int from, int paragraphStart, int end, out QuoteMark mark)
    {
        for (int k = from; k < end; k++)
        {
            if (IsOpener(body, k, paragraphStart, end, out mark))
            {
                return k;
            }
        }

        mark = QuoteMark.StraightDouble;
        return -1;
    }

    private static bool IsOpener(string body, int k, int paragraphStart, int end, out QuoteMark mark)
    {
        char c = body[k];
        char prev = k > paragraphStart ? body[k - 1] : ' ';
        char next = k + 1 < end ? body[k + 1] : ' ';
        mark = QuoteMark.StraightDouble;
        switch (c)
        {
            case '“':
                mark = QuoteMark.CurlyDouble;
                return k + 1 < end;
            case '„':
                mark = QuoteMark.LowDouble;
                return k + 1 < end;
            case '«':
                mark = QuoteMark.Guillemet;
                return k + 1 < end;
            case '「' or '『':
                mark = QuoteMark.Corner;
                return k + 1 < end;
            case '"':
                mark = QuoteMark.StraightDouble;
                return !char.IsLetterOrDigit(prev) && !char.IsWhiteSpace(next) && k + 1 < end;
            case '‘':
                mark = QuoteMark.CurlySingle;
                return SingleOpens(body, k, prev, next, end);
            case '\'':
                mark = QuoteMark.StraightSingle;
                return SingleOpens(body, k, prev, next, end);
            default:
                return false;
        }
    }

    // A single mark opens a quote at the start of a word that is not an elision ('90s, 'tis, 'n').
    private static bool SingleOpens(string body, int k, char prev, char next, int end)
    {
        if (char.IsLetterOrDigit(prev) || prev is '\'' or '’' or '‘' || !(char.IsLetterOrDigit(next) || next is '"' or '“'))
        {
            return false;
        }

        int w = k + 1;
        while (w < end && char.IsLetterOrDigit(body[w]))
        {
            w++;
        }

        string word = body[(k + 1)..w];
        if (word.Length > 0 && char.IsDigit(word[0]))
        {
            // '90s, '08, '90s-era: a two-digit year; '2024 is a quoted number.
            int digits = word.TakeWhile(char.IsDigit).Count();
            return digits != 2;
        }

        if (ElidedWords.Contains(word) && (w >= end || !char.IsLetter(body[w])))
        {
            // 'tis, 'em, 'n' — unless a closing mark right after makes it a quoted word of its own ('em' is rare).
            return false;
        }

        return true;
    }

    /// <summary>
    /// The closing mark of a quote opened before <paramref name="from"/>, or a mark of the same kind that reopens it
    /// (<c>Reopens</c>): one that stands at the start of a word right after a sentence ended inside the quote.
    /// </summary>
    private static (int Index, bool Reopens) FindCloser(string body, QuoteMark mark, int from, int end)
    {
        (char a, char b) = mark switch
        {
            QuoteMark.StraightDouble => ('"', '"'),
            QuoteMark.CurlyDouble => ('”', '”'),
            QuoteMark.LowDouble => ('“', '”'),
            QuoteMark.Guillemet => ('»', '»'),
            QuoteMark.Corner => ('」', '』'),
            _ => ('\0', '\0'),
        };

        if (a == '\0')
        {
            return SingleCloser(body, from, end);
        }

        for (int k = from; k < end; k++)
        {
            char c = body[k];
            if (SameFamily(mark, c) && ReopensAfterSentence(body, from, k, end))
            {
                return (k, true);
            }

            if (c == a || c == b)
            {
                return (k, false);
            }
        }

        // “…" or "…”: mixed marks from careless typing.
        if (mark is QuoteMark.StraightDouble or QuoteMark.CurlyDouble)
        {
            char other = mark == QuoteMark.StraightDouble ? '”' : '"';
            int k = body.IndexOf(other, from, end - from);
            return (k, false);
        }

        return (-1, false);
    }

    // A mark at the start of a word ("…us. "We…") after a sentence ends inside the quote.
    private static bool ReopensAfterSentence(string body, int from, int k, int end)
    {
        if (k + 1 >= end || !char.IsWhiteSpace(body[k - 1]) || !(char.IsLetterOrDigit(body[k + 1]) || body[k + 1] is '\'' or '‘'))
        {
            return false;
        }

        int p = k - 1;
        while (p >= from && char.IsWhiteSpace(body[p]))
        {
            p--;
        }

        return p >= from && body[p] is '.' or '!' or '?' or '…';
    }

    // A closing single mark follows a non-space and is not followed by a letter or digit (not don't, Canada's).
    // A plural possessive (the workers' union) is passed over when a later candidate exists and no single mark
    // opening a word ('thief) comes first.
    private static (int Index, bool Reopens) SingleCloser(string body, int from, int end)
    {
        int skipped = -1;
        for (int k = from; k < end; k++)
        {
            char c = body[k];
            if (c is not ('\'' or '’' or '‘'))
            {
                continue;
            }

            bool openerShaped = c != '’' && k > from && char.IsWhiteSpace(body[k - 1]) && k + 1 < end && char.IsLetterOrDigit(body[k + 1])
                && SingleOpens(body, k, body[k - 1], body[k + 1], end);
            if (openerShaped)
            {
                if (skipped >= 0)
                {
                    return (skipped, false);
                }

                if (ReopensAfterSentence(body, from, k, end))
                {
                    return (k, true);
                }

                continue; // a quote inside the quote ('He said 'no' twice')
            }

            if (c == '‘' || char.IsWhiteSpace(body[k - 1]) || (k + 1 < end && char.IsLetterOrDigit(body[k + 1])))
            {
                continue;
            }

            bool possessive = body[k - 1] is 's' or 'S' && k + 2 < end && body[k + 1] == ' ' && char.IsLower(body[k + 2]);
            if (!possessive)
            {
                return (k, false);
            }

            if (skipped < 0)
            {
                skipped = k;
            }
        }

        return (skipped, false);
    }

    private static bool SameFamily(QuoteMark mark, char c) => mark switch
    {
        QuoteMark.StraightDouble or QuoteMark.CurlyDouble or QuoteMark.LowDouble => c is '"' or '“' or '„',
        QuoteMark.StraightSingle or QuoteMark.CurlySingle => c is '\'' or '‘',
        QuoteMark.Guillemet => c == '«',
        QuoteMark.Corner => c is '「' or '『',
        _ => false,
    };

    private static int SkipWhitespace(string body, int pos, int end)
    {
        while (pos < end && char.IsWhiteSpace(body[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static int TrimEnd(string body, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(body[end - 1]))
        {
            end--;
        }

        return end;
    }
}
