using Lucene.Net.Analysis;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PolicyBot.Core.Search;

/// <summary>
/// The one analyzer used for indexing and for questions: standard tokens, possessives removed,
/// lower case, English stop words plus question words, Porter stems. Both sides must agree exactly.
/// </summary>
internal static class TextAnalysis
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Function words and question scaffolding: they say nothing about which sentence answers.
    private static readonly string[] StopWordList =
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "do", "did", "done", "doing", "has",
        "have", "had", "having", "were", "been", "being", "am", "can", "could", "would", "should", "shall", "may", "might",
        "must", "about", "from", "its", "his", "her", "hers", "him", "he", "she", "we", "us", "our", "you", "your", "i",
        "me", "my", "them", "those", "than", "so", "too", "very", "also", "any", "some", "all", "each", "other", "own",
        "same", "just", "only", "over", "under", "up", "down", "out", "off", "again", "further", "once", "here", "both",
        "more", "most", "few", "nor", "s", "t", "let", "tell", "say", "says", "said", "according", "one", "ones",
        "kind", "type", "name", "named", "called", "much", "many",
    };

    public static readonly CharArraySet StopWords = new(Version, StopWordList, ignoreCase: true);

    // Country names written as initials collapse to one token ("US" would otherwise be the stop word "us").
    private static readonly (Regex Pattern, string Replacement)[] Acronyms =
    {
        (new Regex(@"\bU\.S\.A\.|\bU\.S\.(?!\w)|\bUSA\b|\bUS\b|\bUnited States\b", RegexOptions.CultureInvariant | RegexOptions.Compiled), "USA"),
        (new Regex(@"\bU\.K\.(?!\w)|\bUK\b|\bUnited Kingdom\b", RegexOptions.CultureInvariant | RegexOptions.Compiled), "UKingdom"),
        (new Regex(@"\bE\.U\.(?!\w)|\bEU\b|\bEuropean Union\b", RegexOptions.CultureInvariant | RegexOptions.Compiled), "EUnion"),
    };

    public static Analyzer CreateAnalyzer() => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }, initReader: (_, reader) =>
    {
        TextReader r = reader;
        foreach (var (pattern, replacement) in Acronyms)
        {
            r = new PatternReplaceCharFilter(pattern, replacement, r);
        }

        return r;
    });

    /// <summary>The index terms of <paramref name="text"/>, in order, with repeats.</summary>
    public static List<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }
}
