using System.Diagnostics;
using System.Text.RegularExpressions;
using Lucene.Net.Index;
using Lucene.Net.Search;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Core.Answering;

/// <summary>
/// Answers a question with the best sentence(s) of the library. BM25 over sentences (and, more
/// weakly, over each sentence's neighbours and article title) and, where sentence vectors exist,
/// nearness in meaning propose candidates. Each candidate gets <see cref="RankingFeatures"/> and is
/// ranked by their weighted sum (<see cref="RankingWeights"/>, fitted on SQuAD by <c>bench tune</c>).
/// Confidence — the JSON <c>score</c> — is the IDF-weighted share of the question found in the
/// sentence and its neighbours, averaged with the meaning similarity when vectors exist, so a
/// question whose distinctive words and meaning the collection does not share is declined.
/// </summary>
public sealed class QuestionAnswerer
{
    private const float ContextBoost = 0.35f;

    private readonly ArticleLibrary _library;
    private readonly AnswerOptions _options;
    private readonly SemanticIndex? _semantic;
    private readonly RankingWeights? _weights;

    public QuestionAnswerer(ArticleLibrary library, AnswerOptions options, SemanticIndex? semantic = null, RankingWeights? weights = null)
    {
        _library = library;
        _options = options;
        _weights = weights;
        _semantic = options.UseSemanticFor(library.SentenceCount) ? semantic : null;
    }

    /// <summary>The confidence at or above which a passage counts as an answer.</summary>
    public double MinConfidence => _options.MinConfidence;

    /// <summary>Candidate passages with the features used to rank them (exposed for benchmarks).</summary>
    internal sealed record Candidate(SentenceHit Hit, RankingFeatures Features, double Rank, double Confidence);

    public AnswerResult Answer(string question, int top = 1, CancellationToken ct = default) => Answer(question, top, articles: null, ct);

    /// <summary>Answers from <paramref name="articles"/> only when given (a conversation's articles), else from all.</summary>
    public AnswerResult Answer(string question, int top, IReadOnlySet<string>? articles, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        top = Math.Max(1, top);
        var ranked = Rank(question, out var profile, articles, ct);
        if (ranked.Count == 0)
        {
            string reason = profile is null
                ? "The question has no words to look up; try naming what it is about."
                : "No article mentions any of the question's key words.";
            return new AnswerResult(question, false, Array.Empty<Passage>(), stopwatch.Elapsed) { Reason = reason };
        }

        bool answered = ranked[0].Confidence >= _options.MinConfidence;
        var passages = new List<Passage>(top);
        var seen = new HashSet<(string, int)>();
        foreach (var c in ranked)
        {
            if (passages.Count >= (answered ? top : Math.Max(top, 3)))
            {
                break;
            }

            if (!seen.Add((c.Hit.Article.Id, c.Hit.SentenceIndex)))
            {
                continue;
            }

            var (text, paragraph, covered) = Quote(c.Hit);
            foreach (int si in covered)
            {
                seen.Add((c.Hit.Article.Id, si));
            }

            passages.Add(new Passage(text, c.Hit.Article, paragraph, Math.Round(c.Confidence, 3)));
        }

        return new AnswerResult(question, answered, passages, stopwatch.Elapsed)
        {
            Reason = answered ? null : Explain(question, ranked[0]),
        };
    }

    /// <summary>
    /// "More": the best passage for <paramref name="question"/> that <paramref name="alreadyShown"/>
    /// does not cover, as a one-passage result (answered only if it reaches the confidence bar), or
    /// null when there is none.
    /// </summary>
    public AnswerResult? NextPassage(string question, int shownCount, Func<Passage, bool> alreadyShown, CancellationToken ct = default)
    {
        var result = Answer(question, top: shownCount + 5, ct);
        var next = result.Passages.FirstOrDefault(p => !alreadyShown(p));
        return next is null ? null : result with { Answered = next.Score >= _options.MinConfidence, Passages = new[] { next }, Reason = null };
    }

    /// <summary>One line on why the best candidate is not an answer: the question words it shares, if any.</summary>
    private string Explain(string question, Candidate best)
    {
        var sentenceTerms = new HashSet<string>(TextAnalysis.Terms(_library.Analyzer, best.Hit.Text), StringComparer.Ordinal);
        var shared = Regex.Matches(question, @"[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]")
            .Select(m => m.Value)
            .Where(word => TextAnalysis.Terms(_library.Analyzer, word).Any(sentenceTerms.Contains))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(word => $"'{word}'")
            .ToList();
        return shared.Count switch
        {
            0 when _semantic is not null => "The closest passage shares none of the question's key words and is not close in meaning.",
            0 => "The closest passage shares none of the question's key words.",
            1 => $"The closest passage only shares the word {shared[0]} with the question.",
            _ => $"The closest passage only shares the words {string.Join(", ", shared.Take(shared.Count - 1))} and {shared[^1]} with the question.",
        };
    }

    /// <summary>All candidates for <paramref name="question"/>, best first.</summary>
    internal IReadOnlyList<Candidate> Rank(string question, CancellationToken ct = default) => Rank(question, out _, null, ct);

    internal IReadOnlyList<Candidate> Rank(string question, out QuestionProfile? profile, IReadOnlySet<string>? articles, CancellationToken ct = default)
    {
        profile = null;
        var analyzer = _library.Analyzer;
        var orderedTerms = TextAnalysis.Terms(analyzer, question);
        if (orderedTerms.Count == 0 || _library.SentenceCount == 0)
        {
            return Array.Empty<Candidate>();
        }

        int n = _library.SentenceCount;
        // A word the collection never uses weighs like one it uses once: typos and paraphrases
        // should lower confidence, not outweigh everything the sentence does match.
        double cap = Idf(n, 1);
        var idf = orderedTerms.Distinct(StringComparer.Ordinal)
            .ToDictionary(t => t, t => Math.Min(cap, Idf(n, _library.DocFrequency(t))), StringComparer.Ordinal);
        var q = profile = new QuestionProfile(question, orderedTerms, idf);

        var query = new BooleanQuery();
        foreach (string t in q.Terms)
        {
            query.Add(new TermQuery(new Term(ArticleLibrary.FieldText, t)), Occur.SHOULD);
            query.Add(new TermQuery(new Term(ArticleLibrary.FieldContext, t)) { Boost = ContextBoost }, Occur.SHOULD);
        }

        if (articles is { Count: > 0 })
        {
            // Only these articles' sentences; the clause filters and adds nothing to the score.
            var within = new BooleanQuery { Boost = 0 };
            foreach (string id in articles)
            {
                within.Add(new TermQuery(new Term(ArticleLibrary.FieldArticle, id)), Occur.SHOULD);
            }

            query.Add(within, Occur.MUST);
        }

        var hits = _library.Search(query, _options.Candidates).ToList();
        float[]? meaning = null;
        if (_semantic is { IsEmpty: false })
        {
            // Sentences close in meaning join the candidates even when they share no word with the question.
            meaning = _semantic.EncodeQuestion(question, ct);
            var seen = new HashSet<(string, int)>(hits.Select(h => (h.Article.Id, h.SentenceIndex)));
            foreach (var (articleId, sentenceIndex, _) in _semantic.Nearest(meaning, _options.SemanticCandidates, articles is { Count: > 0 } ? articles : null))
            {
                if (!seen.Contains((articleId, sentenceIndex)) && _library.FindSentence(articleId, sentenceIndex) is { } hit)
                {
                    hits.Add(hit);
                }
            }
        }

        if (hits.Count == 0)
        {
            return Array.Empty<Candidate>();
        }

        ct.ThrowIfCancellationRequested();
        double maxScore = Math.Max(hits.Max(h => h.Score), 1e-6);
        var titleTerms = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Candidates are often each other's neighbours: analyse every distinct sentence once.
        var termsOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string> Analyse(string text)
        {
            if (!termsOf.TryGetValue(text, out var terms))
            {
                termsOf[text] = terms = TextAnalysis.Terms(analyzer, text);
            }

            return terms;
        }

        var analysed = hits.Select(h => Analyse(h.Text)).ToList();

        // The question words each article's candidates cover together: the article most about the question.
        var byArticle = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (int i = 0; i < hits.Count; i++)
        {
            if (!byArticle.TryGetValue(hits[i].Article.Id, out var covered))
            {
                byArticle[hits[i].Article.Id] = covered = new HashSet<string>(StringComparer.Ordinal);
            }

            covered.UnionWith(analysed[i].Where(idf.ContainsKey));
        }

        var weights = _weights ?? (meaning is null ? RankingWeights.WordsOnly : RankingWeights.WithMeaning);
        var candidates = new List<Candidate>(hits.Count);
        for (int h = 0; h < hits.Count; h++)
        {
            var hit = hits[h];
            var sentenceTerms = analysed[h];
            var inSentence = new HashSet<string>(sentenceTerms, StringComparer.Ordinal);
            var around = new HashSet<string>(inSentence, StringComparer.Ordinal);
            if (hit.Previous is { } prev)
            {
                around.UnionWith(Analyse(prev.Text));
            }

            if (hit.Next is { } next)
            {
                around.UnionWith(Analyse(next.Text));
            }

            if (!titleTerms.TryGetValue(hit.Article.Id, out var title))
            {
                title = new HashSet<string>(TextAnalysis.Terms(analyzer, hit.Article.Title), StringComparer.Ordinal);
                titleTerms[hit.Article.Id] = title;
            }

            around.UnionWith(title);
            double coverage = FeatureFunctions.Coverage(q, inSentence);
            double contextCoverage = FeatureFunctions.Coverage(q, around);
            double similarity = 0, neighbourSimilarity = 0;
            bool hasMeaning = false;
            // The hit's content hash pins the vectors to the text the sentence came from, even if a refresh lands mid-answer.
            if (meaning is not null && _semantic!.Similarity(meaning, hit.Article.Id, hit.SentenceIndex, hit.ContentHash) is float sim)
            {
                hasMeaning = true;
                similarity = sim;
                neighbourSimilarity = Math.Max(
                    _semantic.Similarity(meaning, hit.Article.Id, hit.SentenceIndex - 1, hit.ContentHash) ?? 0,
                    _semantic.Similarity(meaning, hit.Article.Id, hit.SentenceIndex + 1, hit.ContentHash) ?? 0);
            }

            var features = new RankingFeatures(
                Bm25: hit.Score / maxScore,
                Coverage: coverage,
                ContextCoverage: contextCoverage,
                Proximity: FeatureFunctions.Proximity(q, sentenceTerms),
                AnswerType: q.Type != AnswerType.Any && AnswerTypes.Holds(q.Type, hit.Text, question) ? 1 : 0,
                Meaning: similarity,
                NeighbourMeaning: neighbourSimilarity,
                Phrase: FeatureFunctions.Phrase(q, sentenceTerms),
                ExactNames: FeatureFunctions.ExactNames(q, hit.Text),
                ArticleCoverage: FeatureFunctions.Coverage(q, byArticle[hit.Article.Id]),
                Novelty: FeatureFunctions.Novelty(q, inSentence));

            double confidence = 0.7 * contextCoverage + 0.3 * coverage;
            if (hasMeaning)
            {
                // Words and meaning vote together: a paraphrase scores on meaning, an off-topic
                // question that happens to share a word scores low on both.
                double meaningConfidence = Math.Clamp((similarity - 0.25) / 0.4, 0, 1);
                confidence = 0.5 * confidence + 0.5 * meaningConfidence;
            }

            candidates.Add(new Candidate(hit, features, weights.Score(features), confidence));
        }

        candidates.Sort((a, b) => b.Rank.CompareTo(a.Rank));
        return candidates;
    }

    private static double Idf(int n, int df) => Math.Log(1 + (n - df + 0.5) / (df + 0.5));

    /// <summary>
    /// The quoted text: the sentence, plus the sentence before it when the sentence leans on it
    /// ("This will…", "It…"), plus the next one when the sentence alone is a fragment. Always a
    /// verbatim span of the article body.
    /// </summary>
    private (string Text, int Paragraph, IReadOnlyList<int> Sentences) Quote(SentenceHit hit)
    {
        var span = hit.Span;
        var covered = new List<int> { hit.SentenceIndex };
        bool leansBack = hit.Previous is { } p && p.Paragraph == hit.Paragraph && StartsWithReference(hit.Text);
        bool tooShort = hit.Next is { } nx && nx.Paragraph == hit.Paragraph && hit.Text.Length < 60;
        if (!leansBack && !tooShort)
        {
            return (hit.Text, hit.Paragraph, covered);
        }

        var article = _library.LoadArticle(hit.Article.Id);
        if (article is null || span.End > article.Body.Length || article.TextOf(span) != hit.Text)
        {
            return (hit.Text, hit.Paragraph, covered); // The file changed under us: quote what the index holds.
        }

        if (leansBack)
        {
            span = new TextSpan(hit.Previous!.Span.Start, span.End - hit.Previous.Span.Start);
            covered.Add(hit.SentenceIndex - 1);
        }
        else
        {
            span = new TextSpan(span.Start, hit.Next!.Span.End - span.Start);
            covered.Add(hit.SentenceIndex + 1);
        }

        return (article.TextOf(span), hit.Paragraph, covered);
    }

    private static readonly string[] ReferringOpeners =
    {
        "This ", "These ", "That ", "Those ", "It ", "Its ", "They ", "Their ", "He ", "She ", "His ", "Her ",
        "Such ", "The company ", "The move ", "The decision ", "The implication ",
    };

    private static bool StartsWithReference(string sentence) =>
        ReferringOpeners.Any(o => sentence.StartsWith(o, StringComparison.Ordinal));
}
