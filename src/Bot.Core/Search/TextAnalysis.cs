using Lucene.Net.Analysis;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Pattern;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace PolicyBot.Core.Search;

/// <summary>
/// The one analyzer used for indexing and for questions: standard tokens, possessives removed,
/// lower case, English stop words plus question words, Porter stems. Both sides must agree exactly.
/// Before tokenising, the shorthand people type in chat ("q4", "ceo", "govt") becomes the words
/// articles print ("fourth quarter", "chief executive", "government"), and irregular verb and noun
/// forms ("lost", "sold", "bought") get the stem of their base form, which Porter cannot do.
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

    // Chat shorthand, whole words, any case: written out as the articles write it. Applied to articles too,
    // so "Q4" in a story and "q4" in a question meet on the same terms.
    private static readonly (Regex Pattern, string Replacement)[] Shorthand =
        new (string Pattern, string Replacement)[]
        {
            (@"\bq1\b", "first quarter"), (@"\bq2\b", "second quarter"), (@"\bq3\b", "third quarter"), (@"\bq4\b", "fourth quarter"),
            (@"\bh1\b", "first half"), (@"\bh2\b", "second half"), (@"\bceo\b", "chief executive"), (@"\bcfo\b", "chief financial officer"),
            (@"\bexecs?\b", "executive"), (@"\bgovt\b|\bgov't\b|\bgovts\b", "government"), (@"\byoy\b", "year on year"),
            (@"\baussie\b", "australian"), (@"\bbrits?\b", "british"), (@"\bdept\b", "department"), (@"\bmgmt\b", "management"),
            (@"\bintl\b", "international"), (@"\bbiz\b", "business"), (@"\bpls\b|\bplz\b", "please"), (@"\bppl\b", "people"),
            (@"\bw/o\b", "without"), (@"\bthru\b", "through"), (@"\bamt\b", "amount"), (@"\bapprox\b", "approximately"),
        }.Select(s => (new Regex(s.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled), s.Replacement)).ToArray();

    // Irregular forms news uses, by base form: each gets the Porter stem of its base ("bought" → "bui", as "buying").
    private static readonly (string Base, string[] Forms)[] IrregularForms =
    {
        ("lose", ["lost"]), ("sell", ["sold", "sale", "sales"]), ("buy", ["bought"]), ("pay", ["paid"]), ("win", ["won"]), ("make", ["made"]),
        ("take", ["took", "taken"]), ("give", ["gave", "given"]), ("rise", ["rose", "risen"]), ("fall", ["fell", "fallen"]),
        ("grow", ["grew", "grown"]), ("lead", ["led"]), ("leave", ["left"]), ("meet", ["met"]), ("run", ["ran"]),
        ("build", ["built"]), ("hold", ["held"]), ("spend", ["spent"]), ("send", ["sent"]), ("bring", ["brought"]),
        ("think", ["thought"]), ("become", ["became"]), ("begin", ["began", "begun"]), ("choose", ["chose", "chosen"]),
        ("drive", ["drove", "driven"]), ("fight", ["fought"]), ("find", ["found"]), ("fly", ["flew", "flown"]),
        ("know", ["knew", "known"]), ("mean", ["meant"]), ("see", ["saw", "seen"]), ("seek", ["sought"]), ("strike", ["struck"]),
        ("stand", ["stood"]), ("teach", ["taught"]), ("throw", ["threw", "thrown"]), ("write", ["wrote", "written"]),
        ("speak", ["spoke", "spoken"]), ("break", ["broke", "broken"]), ("come", ["came"]), ("go", ["went", "gone"]),
        ("get", ["got", "gotten"]), ("feel", ["felt"]), ("keep", ["kept"]), ("lend", ["lent"]), ("deal", ["dealt"]),
        ("sink", ["sank", "sunk"]), ("shrink", ["shrank", "shrunk"]), ("freeze", ["froze", "frozen"]), ("steal", ["stole", "stolen"]),
        ("forget", ["forgot", "forgotten"]), ("withdraw", ["withdrew", "withdrawn"]), ("wear", ["wore", "worn"]), ("feed", ["fed"]),
        ("flee", ["fled"]), ("hide", ["hid", "hidden"]), ("swing", ["swung"]), ("overtake", ["overtook", "overtaken"]),
        ("undertake", ["undertook", "undertaken"]), ("child", ["children"]), ("man", ["men"]), ("woman", ["women"]),

        // Nationality words meet their country: "Canadian" in a story answers a question about Canada.
        ("canada", ["canadian", "canadians"]), ("china", ["chinese"]), ("japan", ["japanese"]), ("france", ["french"]),
        ("germany", ["german", "germans"]), ("britain", ["british", "briton", "britons"]), ("america", ["american", "americans"]),
        ("russia", ["russian", "russians"]), ("india", ["indian", "indians"]), ("australia", ["australian", "australians"]),
        ("italy", ["italian", "italians"]), ("spain", ["spanish"]), ("mexico", ["mexican", "mexicans"]), ("brazil", ["brazilian", "brazilians"]),
        ("korea", ["korean", "koreans"]), ("europe", ["european", "europeans"]), ("ireland", ["irish"]), ("scotland", ["scottish", "scots"]),
        ("wales", ["welsh"]), ("netherlands", ["dutch"]), ("sweden", ["swedish", "swedes"]), ("denmark", ["danish", "danes"]),
        ("norway", ["norwegian"]), ("finland", ["finnish"]), ("poland", ["polish", "poles"]), ("greece", ["greek", "greeks"]),
        ("turkey", ["turkish"]), ("israel", ["israeli", "israelis"]), ("iraq", ["iraqi", "iraqis"]), ("iran", ["iranian", "iranians"]),
        ("ukraine", ["ukrainian", "ukrainians"]), ("argentina", ["argentine", "argentinian", "argentinians"]),
        ("switzerland", ["swiss"]), ("belgium", ["belgian"]), ("austria", ["austrian"]), ("portugal", ["portuguese"]),
        ("pakistan", ["pakistani"]), ("indonesia", ["indonesian"]), ("egypt", ["egyptian"]), ("nigeria", ["nigerian"]),
        ("colombia", ["colombian"]), ("venezuela", ["venezuelan"]), ("thailand", ["thai"]), ("vietnam", ["vietnamese"]),
        ("philippines", ["filipino"]), ("ethiopia", ["ethiopian", "ethiopians"]), ("kenya", ["kenyan"]), ("iceland", ["icelandic"]),
    };

    private static readonly StemmerOverrideFilter.StemmerOverrideMap Irregular = BuildIrregular();

    public static Analyzer CreateAnalyzer() => Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new StopFilter(Version, stream, StopWords);
        stream = new StemmerOverrideFilter(stream, Irregular); // marks them keywords, which Porter leaves alone
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(source, stream);
    }, initReader: (_, reader) =>
    {
        TextReader r = reader;
        foreach (var (pattern, replacement) in Acronyms.Concat(Shorthand))
        {
            r = new PatternReplaceCharFilter(pattern, replacement, r);
        }

        return r;
    });

    private static StemmerOverrideFilter.StemmerOverrideMap BuildIrregular()
    {
        // The stem each base form gets from the same chain without the overrides.
        using var porter = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, new PorterStemFilter(new LowerCaseFilter(Version, source)));
        });
        var builder = new StemmerOverrideFilter.Builder(ignoreCase: false);
        foreach (var (baseForm, forms) in IrregularForms)
        {
            string stem = Terms(porter, baseForm).Single();
            foreach (string form in forms)
            {
                builder.Add(form, stem);
            }
        }

        return builder.Build();
    }

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
