using System.Text.RegularExpressions;

namespace PolicyBot.Core.Search;

/// <summary>A short form and the long form it stands for ("EV" → "electric vehicle").</summary>
public sealed record Abbreviation(string Short, string Long);

/// <summary>An abbreviation as the analyzer reads it: the terms of the short form and of the long form.</summary>
internal sealed record AbbreviationTerms(IReadOnlyList<string> Short, IReadOnlyList<string> Long);

/// <summary>
/// Which short forms stand for which long forms: a small built-in list of the field's common ones, plus the ones the
/// articles define themselves ("Contemporary Amperex Technology Co., Ltd. (CATL)", "electric vehicles (EVs)").
/// Learning follows the idea of Schwartz and Hearst (2003): a parenthesised short form after a run of words is a
/// definition when its letters can be found in those words, right to left, its first letter starting a word.
/// </summary>
public static partial class Abbreviations
{
    // Up to ten words, then "(SHORT)": the short form has a capital and 2–10 letters, digits, '&', '.' or '-'.
    [GeneratedRegex(@"(?<long>(?:[\p{L}\p{N}][\p{L}\p{N}'’&.,-]*\s+){1,10}?)\((?<short>[\p{Lu}][\p{L}\p{N}&.-]{1,9})\)")]
    private static partial Regex Parenthesised();

    /// <summary>The field's common short forms: the articles need not define them.</summary>
    public static readonly IReadOnlyList<Abbreviation> BuiltIn = new Abbreviation[]
    {
        new("EV", "electric vehicle"),
        new("EU", "European Union"),
        new("US", "United States"),
        new("U.S.", "United States"),
        new("USA", "United States"),
        new("UK", "United Kingdom"),
        new("UN", "United Nations"),
        new("GDP", "gross domestic product"),
        new("IPO", "initial public offering"),
        new("CEO", "chief executive"),
        new("CFO", "chief financial officer"),
        new("COO", "chief operating officer"),
        new("WTO", "World Trade Organization"),
        new("IMF", "International Monetary Fund"),
        new("ECB", "European Central Bank"),
        new("OPEC", "Organization of the Petroleum Exporting Countries"),
        new("NATO", "North Atlantic Treaty Organization"),
        new("AI", "artificial intelligence"),
        new("R&D", "research and development"),
        new("M&A", "mergers and acquisitions"),
        new("FDI", "foreign direct investment"),
        new("VAT", "value added tax"),
        new("CPI", "consumer price index"),
        new("PM", "prime minister"),
        new("MP", "member of parliament"),
        new("MPs", "members of parliament"),
        new("NHS", "National Health Service"),
        new("SEC", "Securities and Exchange Commission"),
        new("FTC", "Federal Trade Commission"),
        new("USMCA", "United States-Mexico-Canada Agreement"),
        new("EVs", "electric vehicles"),
    };

    private static readonly HashSet<string> MinorWords = new(StringComparer.OrdinalIgnoreCase) { "of", "and", "the", "for", "&", "in", "on", "to", "a", "an", "de" };

    /// <summary>The short forms <paramref name="text"/> defines, each once, in order of first definition.</summary>
    public static IReadOnlyList<Abbreviation> Learn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<Abbreviation>();
        foreach (Match m in Parenthesised().Matches(text))
        {
            string shortForm = m.Groups["short"].Value.TrimEnd('.');
            string letters = new(shortForm.Where(char.IsLetterOrDigit).ToArray());
            // A plural short form ("EVs") defines its singular.
            if (letters.Length > 2 && letters[^1] == 's' && char.IsUpper(letters[^2]))
            {
                letters = letters[..^1];
                shortForm = shortForm[..^1];
            }

            if (letters.Length < 2 || !letters.Any(char.IsUpper) || letters.All(char.IsDigit))
            {
                continue;
            }

            if (LongFormFor(letters, m.Groups["long"].Value.TrimEnd()) is { } longForm && !found.Any(a => a.Short == shortForm))
            {
                found.Add(new Abbreviation(shortForm, longForm));
            }
        }

        return found;
    }

    /// <summary>
    /// The shortest tail of <paramref name="words"/> that holds the short form's letters right to left, the first one
    /// starting a word, with no more words than the short form has letters plus a few; null when there is none.
    /// </summary>
    internal static string? LongFormFor(string letters, string words)
    {
        string candidate = words.Trim().TrimEnd(',', ';', ':');
        var tokens = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int maxWords = Math.Min(letters.Length + 5, letters.Length * 2);
        // Try tails of increasing length: "electric vehicles" before "sales of electric vehicles".
        for (int take = 1; take <= Math.Min(tokens.Length, maxWords); take++)
        {
            var tail = tokens[^take..];
            if (MinorWords.Contains(tail[0]))
            {
                continue;
            }

            string longForm = string.Join(' ', tail).TrimEnd(',', ';', ':');
            if (char.ToLowerInvariant(longForm[0]) == char.ToLowerInvariant(letters[0]) && Holds(letters, longForm))
            {
                // The significant words must not far outnumber the letters ("the plan that Ford announced in March (FMA)").
                int significant = tail.Count(t => !MinorWords.Contains(t));
                return significant <= letters.Length + 2 ? longForm : null;
            }
        }

        return null;
    }

    /// <summary>Whether the letters occur in the long form right to left, the first at the start of a word.</summary>
    private static bool Holds(string letters, string longForm)
    {
        int li = letters.Length - 1;
        int pos = longForm.Length - 1;
        while (li >= 0)
        {
            char c = char.ToLowerInvariant(letters[li]);
            while (pos >= 0 && (char.ToLowerInvariant(longForm[pos]) != c || li == 0 && pos > 0 && char.IsLetterOrDigit(longForm[pos - 1])))
            {
                pos--;
            }

            if (pos < 0)
            {
                return false;
            }

            li--;
            pos--;
        }

        return true;
    }
}
