namespace PolicyBot.Bench.Summaries;

/// <summary>ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 of one candidate summary against one reference, each in 0…1.</summary>
internal readonly record struct RougeScore(double Rouge1, double Rouge2, double RougeLsum);

/// <summary>
/// ROUGE as in Lin (2004) and the rouge-score package, written for this bench: tokens are lowercase
/// runs of ASCII letters and digits (no stemming, no stop words). ROUGE-N counts clipped n-gram
/// overlaps over the whole text; ROUGE-Lsum is the summary-level union LCS over sentences, where
/// each candidate and reference token can be matched once.
/// </summary>
internal static class Rouge
{
    /// <summary>Lowercase runs of ASCII letters and digits; everything else separates tokens.</summary>
    public static string[] Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (char ch in text)
        {
            if (ch is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                current.Append(ch);
            }
            else if (ch is >= 'A' and <= 'Z')
            {
                current.Append((char)(ch + ('a' - 'A')));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens.ToArray();
    }

    /// <summary>Scores a candidate against a reference, both given as their sentences.</summary>
    public static RougeScore Score(IReadOnlyList<string> referenceSentences, IReadOnlyList<string> candidateSentences)
    {
        var reference = referenceSentences.Select(Tokenize).ToList();
        var candidate = candidateSentences.Select(Tokenize).ToList();
        var referenceAll = reference.SelectMany(t => t).ToList();
        var candidateAll = candidate.SelectMany(t => t).ToList();
        return new RougeScore(NGramF1(referenceAll, candidateAll, 1), NGramF1(referenceAll, candidateAll, 2), LsumF1(reference, candidate));
    }

    /// <summary>ROUGE-N F1: n-grams shared by both texts, each counted at most as often as it occurs in either.</summary>
    public static double NGramF1(IReadOnlyList<string> reference, IReadOnlyList<string> candidate, int n)
    {
        var referenceCounts = NGrams(reference, n);
        var candidateCounts = NGrams(candidate, n);
        int overlap = 0;
        foreach (var (gram, count) in candidateCounts)
        {
            overlap += Math.Min(count, referenceCounts.GetValueOrDefault(gram));
        }

        return F1(overlap, Math.Max(0, reference.Count - n + 1), Math.Max(0, candidate.Count - n + 1));
    }

    /// <summary>
    /// Summary-level ROUGE-L F1 (ROUGE-Lsum). For each reference sentence, the reference tokens that lie on
    /// a longest common subsequence with any candidate sentence are united; a united token is a hit while
    /// both the reference and the candidate still have an unmatched token of that word left.
    /// </summary>
    public static double LsumF1(IReadOnlyList<string[]> reference, IReadOnlyList<string[]> candidate)
    {
        int referenceTotal = reference.Sum(s => s.Length);
        int candidateTotal = candidate.Sum(s => s.Length);
        if (referenceTotal == 0 || candidateTotal == 0)
        {
            return 0;
        }

        var referenceLeft = Counts(reference);
        var candidateLeft = Counts(candidate);
        int hits = 0;
        foreach (string[] sentence in reference)
        {
            bool[] united = new bool[sentence.Length];
            foreach (string[] other in candidate)
            {
                MarkLcs(sentence, other, united);
            }

            for (int i = 0; i < sentence.Length; i++)
            {
                string token = sentence[i];
                if (united[i] && referenceLeft[token] > 0 && candidateLeft.GetValueOrDefault(token) > 0)
                {
                    hits++;
                    referenceLeft[token]--;
                    candidateLeft[token]--;
                }
            }
        }

        return F1(hits, referenceTotal, candidateTotal);
    }

    /// <summary>Checks the implementation on cases worked out by hand; returns the failures (none when sound).</summary>
    public static IReadOnlyList<string> SelfCheck()
    {
        var failures = new List<string>();

        void Expect(string name, double actual, double expected)
        {
            if (Math.Abs(actual - expected) > 1e-9)
            {
                failures.Add($"{name}: got {actual:0.######}, expected {expected:0.######}");
            }
        }

        string[] text = ["The cat sat on the mat.", "It was 3 o'clock, and the DOG barked!"];
        var same = Score(text, text);
        Expect("identical R1", same.Rouge1, 1);
        Expect("identical R2", same.Rouge2, 1);
        Expect("identical RLsum", same.RougeLsum, 1);

        var disjoint = Score(text, ["Stock markets fell sharply in Tokyo.", "Investors sold bonds."]);
        Expect("disjoint R1", disjoint.Rouge1, 0);
        Expect("disjoint R2", disjoint.Rouge2, 0);
        Expect("disjoint RLsum", disjoint.RougeLsum, 0);

        var empty = Score(text, []);
        Expect("empty candidate R1", empty.Rouge1, 0);
        Expect("empty candidate RLsum", empty.RougeLsum, 0);

        // 5 of 6 unigrams (the ×2, cat, on, mat), 3 of 5 bigrams, LCS "the cat on the mat" = 5 of 6.
        var near = Score(["the cat sat on the mat"], ["The cat lay on the mat."]);
        Expect("one word changed R1", near.Rouge1, 5.0 / 6);
        Expect("one word changed R2", near.Rouge2, 3.0 / 5);
        Expect("one word changed RLsum", near.RougeLsum, 5.0 / 6);

        // Lin (2004), section 3.2: r = w1 w2 w3 w4 w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5.
        // Union LCS = w1 w2 w3 w5: recall 4/5, precision 4/10, F1 = 8/15.
        Expect("Lin's union LCS example", Score(["w1 w2 w3 w4 w5"], ["w1 w2 w6 w7 w8", "w1 w3 w8 w9 w5"]).RougeLsum, 8.0 / 15);

        // A candidate token matches once: two identical reference sentences against one candidate sentence
        // give 2 hits, recall 2/4, precision 2/2, F1 = 2/3.
        Expect("tokens matched once", Score(["a b", "a b"], ["a b"]).RougeLsum, 2.0 / 3);

        // Clipping: "the the the" against "the cat": 1 clipped unigram hit, precision 1/3, recall 1/2, F1 = 0.4.
        Expect("clipped unigrams", Score(["the cat"], ["the the the"]).Rouge1, 0.4);

        if (!Tokenize("U.S. GDP grew 3.5% — it's über-fast").SequenceEqual(["u", "s", "gdp", "grew", "3", "5", "it", "s", "ber", "fast"]))
        {
            failures.Add("tokenizer: unexpected tokens for a mixed sample");
        }

        return failures;
    }

    private static Dictionary<string, int> NGrams(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i + n <= tokens.Count; i++)
        {
            string gram = n == 1 ? tokens[i] : string.Join('\u0001', Enumerable.Range(i, n).Select(k => tokens[k]));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }

    private static Dictionary<string, int> Counts(IEnumerable<string[]> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string token in sentences.SelectMany(s => s))
        {
            counts[token] = counts.GetValueOrDefault(token) + 1;
        }

        return counts;
    }

    /// <summary>Marks in <paramref name="marked"/> the positions of <paramref name="a"/> on one longest common subsequence with <paramref name="b"/>.</summary>
    private static void MarkLcs(string[] a, string[] b, bool[] marked)
    {
        int width = b.Length + 1;
        int[] length = new int[(a.Length + 1) * width]; // length[i * width + j] = LCS of a[..i] and b[..j]
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                length[(i * width) + j] = string.Equals(a[i - 1], b[j - 1], StringComparison.Ordinal)
                    ? length[((i - 1) * width) + j - 1] + 1
                    : Math.Max(length[((i - 1) * width) + j], length[(i * width) + j - 1]);
            }
        }

        int x = a.Length, y = b.Length;
        while (x > 0 && y > 0)
        {
            if (string.Equals(a[x - 1], b[y - 1], StringComparison.Ordinal))
            {
                marked[x - 1] = true;
                x--;
                y--;
            }
            else if (length[((x - 1) * width) + y] > length[(x * width) + y - 1])
            {
                x--;
            }
            else
            {
                y--;
            }
        }
    }

    private static double F1(int hits, int referenceTotal, int candidateTotal)
    {
        if (hits == 0 || referenceTotal == 0 || candidateTotal == 0)
        {
            return 0;
        }

        double recall = (double)hits / referenceTotal;
        double precision = (double)hits / candidateTotal;
        return 2 * precision * recall / (precision + recall);
    }
}
