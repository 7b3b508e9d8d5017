using System.Text.RegularExpressions;

namespace PolicyBot.Core.Answering;

/// <summary>
/// Finds the words of a quoted passage that answer the question: the figure for how much / how many, the date for
/// when, the name for who, the place for where, otherwise the clause that matches the question best. A long quote
/// then shows at a glance what it says to the question; when nothing stands out there is no span.
/// </summary>
public static partial class AnswerSpans
{
    // A figure with its currency, scale and unit: "$8 billion", "25%", "1.2 million tonnes", "over half".
    [GeneratedRegex(
        @"(?:(?:US|C|A|HK)?[$€£¥]\s?|\b(?:USD|EUR|GBP|RMB|CNY)\s?)?\b\d[\d,]*(?:\.\d+)?(?:\s?(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))?(?:\s?(?:million|billion|trillion|thousand|hundred|bn|mn|m|k)\b)?(?:\s(?:dollars|euros|pounds|yuan|yen|people|jobs|vehicles|cars|units|tonnes|tons|barrels|workers|years|months|days)\b)?"
        + @"|\b(?:over|under|more\s+than|less\s+than|nearly|almost|about|around|some)?\s?\b(?:half|a\s+third|two-thirds|a\s+quarter|a\s+dozen|dozens|hundreds|thousands|millions|billions)\b"
        + @"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:consecutive|straight|successive)\s+\p{L}+"
        + @"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred)\b(?:\s(?:million|billion|thousand|hundred))?",
        RegexOptions.IgnoreCase)]
    private static partial Regex Figure();

    [GeneratedRegex(
        @"\b(?:(?:early|late|mid-?)\s*)?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+\d{4})?(?:\s+(?:last|this|next)\s+year)?"
        + @"|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{4})?"
        + @"|\b\d{4}-\d{2}-\d{2}\b"
        + @"|\b(?:the\s+)?(?:first|second|third|fourth|last|past)\s+(?:quarter|half|three\s+months|six\s+months)(?:\s+of\s+(?:1[5-9]\d\d|20\d\d))?"
        + @"|\b(?:last|this|next)\s+(?:year|month|week|quarter|decade)\b"
        + @"|\b(?:within|in|over|for)\s+(?:the\s+next\s+)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:years?|months?|weeks?|days?)\b"
        + @"|\b(?:1[5-9]\d\d|20\d\d)s?\b"
        + @"|\b(?:yesterday|today|tomorrow|(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b"
        + @"|\b(?:a\s+few|several|\d+|two|three)\s+(?:days|weeks|months|years)\s+ago\b")]
    private static partial Regex Date();

    // Capitalised runs ("Canadian Prime Minister Trudeau", "Contemporary Amperex Technology Co., Ltd.", "BYD", "U.S.").
    [GeneratedRegex(@"\b(?:[A-Z][\p{L}'’&.-]*|[A-Z]{2,})(?:,?\s+(?:of|de|the|and|&)?\s*(?:[A-Z][\p{L}'’&.-]*))*")]
    private static partial Regex Name();

    [GeneratedRegex(@"\b(?:in|at|from|near|across|to|into)\s+(?:the\s+|its\s+|their\s+|a\s+)?(?<place>[A-Z][\p{L}.-]*(?:\s+[A-Z][\p{L}.-]*)*)")]
    private static partial Regex Place();

    [GeneratedRegex(@"\b(?:because|due\s+to|as\s+a\s+result\s+of|owing\s+to|thanks\s+to|in\s+order\s+to|so\s+that|under\s+the\s+pretext\s+of|driven\s+by|amid)\b[^,;:.]*", RegexOptions.IgnoreCase)]
    private static partial Regex Reason();

    // Clause boundaries: punctuation, and the conjunctions that start a new clause.
    [GeneratedRegex(@"[,;:—–]\s+|\s+-\s+|\s+(?=(?:while|whereas|but|which|although|though|because|and\s+(?:is|are|was|were|has|have|will|it|they))\b)")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    // Names that begin a sentence because sentences begin with a capital: "The", "However", "In contrast".
    private static readonly HashSet<string> NotNames = new(StringComparer.Ordinal)
    {
        "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "They", "Their", "He", "She", "His", "Her", "We", "Our",
        "In", "On", "At", "For", "From", "By", "With", "As", "If", "But", "And", "Or", "However", "Although", "While", "Despite",
        "Additionally", "Regarding", "Just", "After", "Before", "Other", "Those", "Data", "Statement", "Original", "Photo", "When",
        "What", "Who", "Where", "Why", "How", "Which", "There", "Here", "Also", "Meanwhile", "According", "Yet", "So", "Still",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    };

    private static readonly HashSet<string> QuestionNoise = new(StringComparer.OrdinalIgnoreCase)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "much", "many", "is", "are", "was", "were", "do", "does",
        "did", "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "it", "its", "this", "that", "be", "been", "has", "have",
        "had", "by", "with", "at", "from", "about", "as", "there", "they", "their", "can", "could", "will", "would", "should",
    };

    /// <summary>The answering words of <paramref name="text"/> for <paramref name="question"/>, or null when none stand out.</summary>
    public static AnswerSpan? Find(string question, string text)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(text);
        var words = QuestionWords(question);
        var type = AnswerTypes.Classify(question);
        var span = type switch
        {
            AnswerType.Quantity => Nearest(Figure(), text, question, words, m => m.Value.Trim(), strength: m => FigureStrength(m.Value, text, m.Index)),
            AnswerType.Time => Nearest(Date(), text, question, words, m => m.Value.Trim()),
            AnswerType.Person => NearestName(text, question, words),
            AnswerType.Place => Nearest(Place(), text, question, words, m => m.Groups["place"].Value, group: "place"),
            AnswerType.Reason => Nearest(Reason(), text, question, words, m => m.Value.Trim()),
            _ => null,
        };
        return span ?? AfterColon(text, words) ?? BestClause(text, words);
    }

    /// <summary>
    /// "They have demonstrated two different paths: one seeks …": when the words before a colon are the question's,
    /// what follows the colon (to the end of its sentence) is what it asks for.
    /// </summary>
    private static AnswerSpan? AfterColon(string text, HashSet<string> words)
    {
        for (int colon = text.IndexOf(':', StringComparison.Ordinal); colon > 0; colon = text.IndexOf(':', colon + 1))
        {
            if (colon + 1 < text.Length && char.IsDigit(text[colon + 1]))
            {
                continue; // A time or a ratio ("10:30", "3:1").
            }

            int leadStart = Math.Max(text.LastIndexOf(". ", colon, StringComparison.Ordinal), text.LastIndexOf("? ", colon, StringComparison.Ordinal)) + 1;
            string lead = text[leadStart..colon];
            if (!Word().Matches(lead).Any(w => words.Contains(Stem(w.Value))))
            {
                continue;
            }

            int end = text.IndexOf(". ", colon, StringComparison.Ordinal);
            var span = Trimmed(text, new AnswerSpan(colon + 1, (end < 0 ? text.Length : end + 1) - colon - 1));
            if (span.Length >= 12)
            {
                return span;
            }
        }

        return null;
    }

    private static HashSet<string> QuestionWords(string question) =>
        Word().Matches(question).Select(m => Stem(m.Value)).Where(w => w.Length > 1 && !QuestionNoise.Contains(w)).ToHashSet(StringComparer.Ordinal);

    // Crude on purpose: it only has to match "tariffs" with "tariff" and "EVs" with "ev" within one quote.
    private static string Stem(string word)
    {
        string w = word.ToLowerInvariant();
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }

        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal))
        {
            return w[..^1];
        }

        return w;
    }

    /// <summary>
    /// Of the matches the question does not itself name, the one closest to the question's words in the text (a
    /// quote can hold several figures; the asked one sits next to what the question mentions).
    /// </summary>
    private static AnswerSpan? Nearest(Regex pattern, string text, string question, HashSet<string> words, Func<Match, string> valueOf, string? group = null, Func<Match, int>? strength = null)
    {
        var positions = WordPositions(text, words);
        AnswerSpan? best = null;
        double bestDistance = double.MaxValue;
        int bestStrength = int.MinValue;
        foreach (Match m in pattern.Matches(text))
        {
            string value = valueOf(m);
            if (value.Length == 0 || !value.Any(char.IsLetterOrDigit) || question.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            int start = group is null ? m.Index + (m.Value.Length - m.Value.TrimStart().Length) : m.Groups[group].Index;
            var span = Trimmed(text, new AnswerSpan(start, value.Length));
            if (span.Length == 0)
            {
                continue;
            }

            double distance = positions.Count == 0 ? span.Start : positions.Min(p => Math.Abs(p - (span.Start + span.Length / 2.0)));
            int tier = strength?.Invoke(m) ?? 0;
            if (tier > bestStrength || tier == bestStrength && distance < bestDistance)
            {
                (best, bestDistance, bestStrength) = (span, distance, tier);
            }
        }

        return best;
    }

    /// <summary>
    /// How surely a figure is an amount: money, a share or a scale ("$8 billion", "25%", "2 million") before a bare
    /// number, a bare number before a number word, and nothing that is part of a date ("the last three months of 2025").
    /// </summary>
    private static int FigureStrength(string figure, string text, int index)
    {
        foreach (Match d in Date().Matches(text))
        {
            if (index >= d.Index && index < d.Index + d.Length)
            {
                return -1;
            }
        }

        string f = figure.ToLowerInvariant();
        if (f.IndexOfAny(new[] { '$', '€', '£', '¥', '%' }) >= 0 || Regex.IsMatch(f, @"percent|per cent|million|billion|trillion|thousand|\d\s?(?:bn|mn|m|k)\b|usd|eur|gbp|rmb|cny"))
        {
            return 2;
        }

        return f.Any(char.IsDigit) ? 1 : 0;
    }

    private static AnswerSpan? NearestName(string text, string question, HashSet<string> words)
    {
        var positions = WordPositions(text, words);
        AnswerSpan? best = null;
        double bestDistance = double.MaxValue;
        foreach (Match m in Name().Matches(text))
        {
            // Leading sentence words and pronouns are not names: "However, Ford …" names Ford.
            var tokens = m.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            int skipped = 0;
            while (tokens.Count > 0 && NotNames.Contains(tokens[0].TrimEnd(',', '.')))
            {
                skipped += tokens[0].Length + 1;
                tokens.RemoveAt(0);
            }

            if (tokens.Count == 0)
            {
                continue;
            }

            // After "in", "at" … a name is a place ("a cell factory in Nevada"), not who.
            if (Regex.IsMatch(text[..(m.Index + skipped)], @"\b(?:in|at|near|across|into|throughout)\s+(?:the\s+)?$"))
            {
                continue;
            }

            // A nationality before a noun describes ("this Chinese company"); it does not name.
            int next = m.Index + m.Length;
            if (tokens.Count == 1 && Regex.IsMatch(tokens[0], @"(?:ese|ian|ish|ean|can|ch)$") && next + 1 < text.Length && text[next] == ' ' && char.IsLower(text[next + 1]))
            {
                continue;
            }

            string value = string.Join(' ', tokens).TrimEnd(',', '.', '’', '\'');
            if (value.EndsWith("'s", StringComparison.Ordinal) || value.EndsWith("’s", StringComparison.Ordinal))
            {
                value = value[..^2];
            }

            // A name the question already gives is not who it asks about, nor is its long form ("… Co., Ltd. (CATL)").
            int after = m.Index + skipped + value.Length;
            var abbreviation = Regex.Match(text[after..], @"^[.,]?\s*\((?<a>[^)]{1,12})\)");
            if (abbreviation.Success && question.Contains(abbreviation.Groups["a"].Value, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (value.Length < 2 || Word().Matches(value).All(w => words.Contains(Stem(w.Value))) || question.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var span = Trimmed(text, new AnswerSpan(m.Index + skipped, value.Length));
            double distance = positions.Count == 0 ? span.Start : positions.Min(p => Math.Abs(p - (span.Start + span.Length / 2.0)));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (span, distance);
            }
        }

        return best;
    }

    /// <summary>The clause sharing most of the question's words, when it is clearly a part and not the whole quote.</summary>
    private static AnswerSpan? BestClause(string text, HashSet<string> words)
    {
        if (words.Count == 0)
        {
            return null;
        }

        var clauses = new List<AnswerSpan>();
        int from = 0;
        foreach (Match m in ClauseBreak().Matches(text))
        {
            clauses.Add(new AnswerSpan(from, m.Index - from));
            from = m.Index + m.Length;
        }

        clauses.Add(new AnswerSpan(from, text.Length - from));
        if (clauses.Count < 2)
        {
            return null;
        }

        AnswerSpan? best = null;
        int bestShared = 0;
        foreach (var clause in clauses)
        {
            var span = Trimmed(text, clause);
            if (span.Length < 12)
            {
                continue;
            }

            int shared = Word().Matches(text.Substring(span.Start, span.Length)).Select(w => Stem(w.Value)).Distinct(StringComparer.Ordinal).Count(words.Contains);
            if (shared > bestShared)
            {
                (best, bestShared) = (span, shared);
            }
        }

        // One shared word could be anywhere; a clause covering nearly everything marks nothing.
        return best is { } b && bestShared >= 2 && b.Length < text.Trim().Length * 0.8 ? b : null;
    }

    private static List<int> WordPositions(string text, HashSet<string> words) =>
        Word().Matches(text).Where(w => words.Contains(Stem(w.Value))).Select(w => w.Index + w.Length / 2).ToList();

    private static readonly string[] DottedWords = { "Ltd.", "Co.", "Inc.", "Corp.", "Jr.", "Sr.", "St." };

    // "U.S." and "Co., Ltd." keep their final period; "in Nevada." does not.
    private static bool EndsAbbreviation(string text, int start, int end)
    {
        string before = text[start..end];
        return DottedWords.Any(w => before.EndsWith(w, StringComparison.Ordinal)) || end >= 3 && text[end - 3] == '.' && char.IsUpper(text[end - 2]);
    }

    /// <summary>Without surrounding spaces and trailing punctuation, so the mark sits on the words.</summary>
    private static AnswerSpan Trimmed(string text, AnswerSpan span)
    {
        int s = span.Start, e = span.End;
        while (s < e && (char.IsWhiteSpace(text[s]) || text[s] is ',' or ';' or ':' or '"' or '“' or '(' ))
        {
            s++;
        }

        while (e > s && (char.IsWhiteSpace(text[e - 1]) || text[e - 1] is ',' or ';' or ':' or '"' or '”' or ')' or '!' or '?' || text[e - 1] == '.' && !EndsAbbreviation(text, s, e)))
        {
            e--;
        }

        return new AnswerSpan(s, e - s);
    }
}
