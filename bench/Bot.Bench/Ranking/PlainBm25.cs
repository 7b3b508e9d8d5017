namespace PolicyBot.Bench.Ranking;

/// <summary>
/// The plain BM25 baseline of the data README: k1 1.2, b 0.75, lowercase alphanumeric tokens, a
/// standard English stop word list (NLTK's), a trailing plural 's' stripped, Lucene's non-negative
/// IDF. Documents are ranked by score, ties by document order.
/// </summary>
internal sealed class PlainBm25
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves",
        "he", "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their",
        "theirs", "themselves", "what", "which", "who", "whom", "this", "that", "these", "those", "am", "is", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
        "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about",
        "against", "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up",
        "down", "in", "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when",
        "where", "why", "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor",
        "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should",
        "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "couldn", "didn", "doesn", "hadn", "hasn", "haven",
        "isn", "ma", "mightn", "mustn", "needn", "shan", "shouldn", "wasn", "weren", "won", "wouldn",
    };

    private readonly Dictionary<string, List<(int Doc, int Tf)>> _postings = new(StringComparer.Ordinal);
    private readonly int[] _lengths;
    private readonly double _averageLength;
    private readonly double[] _scores;

    public PlainBm25(IReadOnlyList<string> documents)
    {
        _lengths = new int[documents.Count];
        _scores = new double[documents.Count];
        for (int d = 0; d < documents.Count; d++)
        {
            var tokens = Tokenize(documents[d]);
            _lengths[d] = tokens.Count;
            foreach (var group in tokens.GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!_postings.TryGetValue(group.Key, out var list))
                {
                    _postings[group.Key] = list = [];
                }

                list.Add((d, group.Count()));
            }
        }

        _averageLength = documents.Count == 0 ? 0 : _lengths.Average();
    }

    public int Count => _lengths.Length;

    /// <summary>The best <paramref name="top"/> documents for <paramref name="query"/> (optionally only those passing <paramref name="filter"/>). Not thread-safe.</summary>
    public IReadOnlyList<int> Search(string query, int top, Func<int, bool>? filter = null)
    {
        Array.Clear(_scores);
        var touched = new List<int>();
        foreach (string term in Tokenize(query))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            double idf = Math.Log(1 + (Count - postings.Count + 0.5) / (postings.Count + 0.5));
            foreach (var (doc, tf) in postings)
            {
                if (_scores[doc] == 0)
                {
                    touched.Add(doc);
                }

                double norm = K1 * (1 - B + B * _lengths[doc] / _averageLength);
                _scores[doc] += idf * tf * (K1 + 1) / (tf + norm);
            }
        }

        return touched
            .Where(d => _scores[d] > 0 && (filter is null || filter(d)))
            .OrderByDescending(d => _scores[d])
            .ThenBy(d => d)
            .Take(top)
            .ToList();
    }

    /// <summary>Lowercase runs of letters and digits, stop words removed, a plural 's' stripped.</summary>
    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i]))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            string token = text[start..i].ToLowerInvariant();
            if (StopWords.Contains(token))
            {
                continue;
            }

            if (token.Length > 3 && token[^1] == 's' && token[^2] != 's')
            {
                token = token[..^1];
            }

            tokens.Add(token);
        }

        return tokens;
    }
}
