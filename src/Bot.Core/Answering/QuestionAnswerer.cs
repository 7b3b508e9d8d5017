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
/// ranked by their weighted sum (<see cref="RankingWeights"/>, fitted by <c>bench tune</c>).
/// Confidence — the JSON <c>score</c> — is the estimated probability that the passage answers the
/// question (<see cref="ConfidenceModel"/>, fitted by <c>bench calibrate</c>): it weighs the margin over
/// the next candidate, whether words and meaning agree, whether the asked kind of thing is there, and
/// the question's distinctive words and figures the passage and its context lack — so a question about
/// a detail the articles do not give (a near miss) is declined, and the reason names that detail.
/// </summary>
public sealed partial class QuestionAnswerer
{
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]")]
    private static partial Regex TypedWord();

    // Figures as typed: a year, an amount, a percentage. A question naming one the passage lacks asks about something else.
    [GeneratedRegex(@"\d[\d,.]*\d|\d")]
    private static partial Regex Number();

    [GeneratedRegex(@"\b(?:not|never|no|none|without|neither|nor|failed|fails|refused|denied)\b|n't\b|n’t\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    private const float ContextBoost = 0.35f;

    private readonly ArticleLibrary _library;
    private readonly AnswerOptions _options;
    private readonly SemanticIndex? _semantic;
    private readonly RankingWeights? _weights;
    private readonly ConfidenceModel? _confidence;

    public QuestionAnswerer(ArticleLibrary library, AnswerOptions options, SemanticIndex? semantic = null, RankingWeights? weights = null, ConfidenceModel? confidence = null)
    {
        _library = library;
        _options = options;
        _weights = weights;
        _confidence = confidence;
        _semantic = options.UseSemanticFor(library.SentenceCount) ? semantic : null;
    }

    /// <summary>The confidence at or above which a passage counts as an answer.</summary>
    public double MinConfidence => _options.MinConfidence;

    /// <summary>Candidate passages with the features used to rank them (exposed for benchmarks).</summary>
    internal sealed record Candidate(SentenceHit Hit, RankingFeatures Features, double Rank, double Confidence)
    {
        /// <summary>What the confidence was computed from (exposed for <c>bench calibrate</c>).</summary>
        public ConfidenceFeatures ConfidenceFeatures { get; init; }

        /// <summary>How much the passage is about the question's words and meaning, whatever it asks (<see cref="AboutTopic"/>).</summary>
        public double Relevance { get; init; }

        /// <summary>The question's words (as typed) whose terms the passage, its neighbours and its title lack, most distinctive first.</summary>
        public IReadOnlyList<string> MissingWords { get; init; } = Array.Empty<string>();

        /// <summary>The first and last sentence the quote of this candidate spans (see <see cref="Quote"/>).</summary>
        public (int First, int Last) Quoted { get; init; }

        /// <summary>Whether this candidate's quote shares a sentence with <paramref name="other"/>'s: the same passage, not a rival.</summary>
        public bool Overlaps(Candidate other) =>
            other.Hit.Article.Id == Hit.Article.Id && other.Quoted.First <= Quoted.Last && Quoted.First <= other.Quoted.Last;
    }

    public AnswerResult Answer(string question, int top = 1, CancellationToken ct = default) => Answer(question, top, articles: null, ct);

    /// <summary>Answers from <paramref name="articles"/> only when given (a conversation's articles), else from all.</summary>
    public AnswerResult Answer(string question, int top, IReadOnlySet<string>? articles, CancellationToken ct = default) =>
        Answer(question, top, articles, alreadyShown: null, ct);

    /// <summary>
    /// As above, leaving out the sentences <paramref name="alreadyShown"/> covers (tested on each sentence as a
    /// one-sentence passage): a conversation's next answer is weighed against what it has not seen yet, so
    /// the probability says how likely this passage answers, among the ones still on offer.
    /// </summary>
    public AnswerResult Answer(string question, int top, IReadOnlySet<string>? articles, Func<Passage, bool>? alreadyShown, CancellationToken ct = default) =>
        Build(question, top, articles, alreadyShown, c => c.Confidence, _options.MinConfidence, markAnswers: true, ct);

    /// <summary>
    /// The passages most about a topic ("EV tariffs": a topic summary, a topic alert), scored by relevance — the
    /// share of the topic's IDF weight in the sentence and its context (0.7 context, 0.3 sentence), averaged
    /// with the meaning similarity when vectors exist — rather than by the probability of answering a
    /// question: a topic asks nothing, and every passage that covers it counts, not only the best one.
    /// <c>Answered</c> says whether the best reaches <see cref="MinRelevance"/>.
    /// </summary>
    public AnswerResult AboutTopic(string topic, int top, IReadOnlySet<string>? articles = null, CancellationToken ct = default) =>
        Build(topic, top, articles, alreadyShown: null, c => c.Relevance, MinRelevance, markAnswers: false, ct);

    /// <summary>The relevance at or above which a passage counts as being about a topic.</summary>
    public const double MinRelevance = 0.5;

    private AnswerResult Build(string question, int top, IReadOnlySet<string>? articles, Func<Passage, bool>? alreadyShown, Func<Candidate, double> scoreOf, double bar, bool markAnswers, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        top = Math.Max(1, top);
        var ranked = Rank(question, out var profile, articles, alreadyShown, ct);
        if (ranked.Count == 0)
        {
            string reason = profile is null
                ? "The question has no words to look up; try naming what it is about."
                : "No article mentions any of the question's key words.";
            return new AnswerResult(question, false, Array.Empty<Passage>(), stopwatch.Elapsed) { Reason = reason };
        }

        bool answered = scoreOf(ranked[0]) >= bar;
        var passages = new List<Passage>(top);
        var seen = new HashSet<(string, int)>();
        var shown = new List<Candidate>();
        foreach (var c in ranked)
        {
            if (passages.Count >= (answered ? top : Math.Max(top, 3)))
            {
                break;
            }

            // A candidate whose quote shares a sentence with one already shown would show it again.
            if (!seen.Add((c.Hit.Article.Id, c.Hit.SentenceIndex)) || shown.Any(c.Overlaps))
            {
                continue;
            }

            shown.Add(c);
            var (text, paragraph, covered) = Quote(c);
            foreach (int si in covered)
            {
                seen.Add((c.Hit.Article.Id, si));
            }

            // Answers show which of their words answer; the closest passages of a declined question answer nothing.
            passages.Add(new Passage(text, c.Hit.Article, paragraph, Math.Round(scoreOf(c), 3))
            {
                Span = markAnswers && answered ? AnswerSpans.Find(question, text) : null,
            });
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
        // A few, because the best one's quote can reach back into a sentence already shown.
        var result = Answer(question, top: 3, articles: null, alreadyShown, ct);
        var next = result.Passages.FirstOrDefault(p => !alreadyShown(p));
        if (next is null)
        {
            return null;
        }

        bool answered = result.Answered && next == result.Passages[0];
        return result with { Answered = answered, Passages = new[] { next }, Reason = answered ? null : "The next closest passage is less likely to answer the question." };
    }

    /// <summary>
    /// One line on why the best candidate is not an answer: for a near miss, the question's words it
    /// shares and the distinctive ones it lacks ("mentions 'timewarner' and 'profits' but not 'q3'").
    /// </summary>
    private string Explain(string question, Candidate best)
    {
        var sentenceTerms = new HashSet<string>(TextAnalysis.Terms(_library.Analyzer, best.Hit.Text), StringComparer.Ordinal);
        var shared = TypedWords(question)
            .Where(w => w.Terms.Any(sentenceTerms.Contains))
            .Select(w => $"'{w.Word}'")
            .ToList();
        var missing = best.MissingWords.Take(2).Select(w => $"'{w}'").ToList();
        if (shared.Count > 0 && missing.Count > 0)
        {
            return $"The closest passage mentions {Join(shared)} but not {Join(missing, "or")}.";
        }

        if (shared.Count > 0 && best.MissingWords.Count == 0)
        {
            return $"The closest passage mentions {Join(shared)} but does not clearly answer the question.";
        }

        return shared.Count switch
        {
            0 when _semantic is not null => "The closest passage shares none of the question's key words and is not close in meaning.",
            0 => "The closest passage shares none of the question's key words.",
            1 => $"The closest passage only shares the word {shared[0]} with the question.",
            _ => $"The closest passage only shares the words {Join(shared)} with the question.",
        };
    }

    private static string Join(List<string> items, string last = "and") =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} {last} {items[^1]}";

    /// <summary>All candidates for <paramref name="question"/>, best first.</summary>
    internal IReadOnlyList<Candidate> Rank(string question, CancellationToken ct = default) => Rank(question, out _, null, null, ct);

    internal IReadOnlyList<Candidate> Rank(string question, out QuestionProfile? profile, IReadOnlySet<string>? articles, Func<Passage, bool>? alreadyShown, CancellationToken ct = default)
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

        // "EVs" in the question finds "electric vehicles" in the text and back: the other form joins the query, and a
        // sentence holding either form counts as holding the question's (see Expand).
        var abbreviations = Abbreviated(q.Terms);
        var query = new BooleanQuery();
        foreach (string t in q.Terms.Concat(abbreviations.SelectMany(a => a.Other)).Distinct(StringComparer.Ordinal))
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

        if (alreadyShown is not null)
        {
            hits.RemoveAll(h => alreadyShown(new Passage(h.Text, h.Article, h.Paragraph, 0)));
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
                termsOf[text] = terms = Expand(TextAnalysis.Terms(analyzer, text), abbreviations);
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
        var pending = new List<CandidateSignals>(hits.Count);
        var words = TypedWords(question);
        var questionNumbers = Number().Matches(question).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        bool questionNegated = Negation().IsMatch(question);
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

            string quoted = hit.Text;
            bool leansBack = hit.Previous is { } before && before.Paragraph == hit.Paragraph && StartsWithReference(hit.Text);
            bool joined = false;
            if (hit.Next is { } next)
            {
                var nextTerms = Analyse(next.Text);
                around.UnionWith(nextTerms);
                if (!leansBack && next.Paragraph == hit.Paragraph && (hit.Text.Length < 60 || JoinsNext(hit.Text, next.Text, inSentence, nextTerms, q)))
                {
                    // The quote will be both sentences (see Quote): what is weighed is what is quoted.
                    sentenceTerms = sentenceTerms.Concat(nextTerms).ToList();
                    inSentence.UnionWith(nextTerms);
                    quoted = hit.Text + " " + next.Text;
                    joined = true;
                }
            }

            if (!titleTerms.TryGetValue(hit.Article.Id, out var title))
            {
                title = new HashSet<string>(Expand(TextAnalysis.Terms(analyzer, hit.Article.Title), abbreviations), StringComparer.Ordinal);
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
                AnswerType: q.Type != AnswerType.Any && AnswerTypes.Holds(q.Type, quoted, question) ? 1 : 0,
                Meaning: similarity,
                NeighbourMeaning: neighbourSimilarity,
                Phrase: FeatureFunctions.Phrase(q, sentenceTerms),
                ExactNames: FeatureFunctions.ExactNames(q, quoted),
                ArticleCoverage: FeatureFunctions.Coverage(q, byArticle[hit.Article.Id]),
                Novelty: FeatureFunctions.Novelty(q, inSentence));

            string neighbours = (hit.Previous?.Text ?? "") + "\n" + hit.Text + "\n" + (hit.Next?.Text ?? "");
            var missing = q.Terms.Where(t => !around.Contains(t)).ToList();
            var signals = new CandidateSignals(
                MissingSalient: MostDistinctiveAbsent(q, around, cap, NoTerms),
                MissingNumbers: questionNumbers.Count == 0 ? 0 : (double)questionNumbers.Count(n => !FeatureFunctions.ContainsWord(neighbours, n)) / questionNumbers.Count,
                NegationMismatch: questionNegated && !Negation().IsMatch(hit.Text) ? 1 : 0,
                HasMeaning: hasMeaning);
            // The context counts only for a sentence that itself names part of the topic: a neighbour of
            // two on-topic sentences is not about the topic because they are.
            double relevance = coverage > 0 ? 0.7 * contextCoverage + 0.3 * coverage : 0;
            if (hasMeaning)
            {
                // A paraphrase scores on meaning; an off-topic passage that shares a word scores low on both.
                relevance = 0.5 * relevance + 0.5 * Math.Clamp((similarity - 0.25) / 0.4, 0, 1);
            }

            candidates.Add(new Candidate(hit, features, weights.Score(features), 0)
            {
                MissingWords = MissingWords(words, missing, idf),
                Relevance = relevance,
                Quoted = (leansBack ? hit.SentenceIndex - 1 : hit.SentenceIndex, joined ? hit.SentenceIndex + 1 : hit.SentenceIndex),
            });
            pending.Add(signals);
        }

        // Sorted with their signals, so that margins compare each candidate with the best of the others.
        var order = Enumerable.Range(0, candidates.Count).OrderByDescending(i => candidates[i].Rank).ThenBy(i => i).ToList();
        var sorted = order.Select(i => (Candidate: candidates[i], Signals: pending[i])).ToList();
        var (bestMeaning, secondMeaning) = TopTwo(sorted.Select(c => c.Candidate.Features.Meaning));
        var model = _confidence ?? (meaning is null ? ConfidenceModel.WordsOnly : ConfidenceModel.WithMeaning);
        // Rank scores on the scale of the weights' sum (about [0, 1]), so a refit of the ranker keeps the model's inputs comparable.
        double scale = Math.Max(1e-9, weights.Values.Sum());
        var result = new List<Candidate>(sorted.Count);
        for (int i = 0; i < sorted.Count; i++)
        {
            var (c, signals) = sorted[i];
            var f = c.Features;
            // The margin is over the best rival: a candidate quoting the same sentences ("This will …" and the
            // sentence it leans on) is the same passage, not a competing answer.
            double otherRank = 0;
            for (int j = 0; j < sorted.Count; j++)
            {
                if (j != i && !c.Overlaps(sorted[j].Candidate))
                {
                    otherRank = sorted[j].Candidate.Rank;
                    break;
                }
            }

            double otherMeaning = f.Meaning >= bestMeaning && sorted.Count > 1 ? secondMeaning : bestMeaning;
            var confidence = new ConfidenceFeatures(
                Rank: c.Rank / scale,
                Margin: Math.Clamp((c.Rank - otherRank) / scale, -1, 1),
                Coverage: f.Coverage,
                ContextCoverage: f.ContextCoverage,
                Meaning: signals.HasMeaning ? f.Meaning : 0,
                NeighbourMeaning: signals.HasMeaning ? f.NeighbourMeaning : 0,
                MeaningMargin: signals.HasMeaning && sorted.Count > 1 ? Math.Clamp(f.Meaning - otherMeaning, -1, 1) : 0,
                TypeFound: q.Type != AnswerType.Any && f.AnswerType > 0 ? 1 : 0,
                TypeMissing: q.Type != AnswerType.Any && f.AnswerType == 0 ? 1 : 0,
                MissingSalient: signals.MissingSalient,
                MissingNumbers: signals.MissingNumbers,
                NegationMismatch: signals.NegationMismatch,
                QuestionLength: Math.Min(1, q.Terms.Count / 10.0),
                Bm25: f.Bm25,
                Phrase: f.Phrase,
                ArticleCoverage: f.ArticleCoverage);
            result.Add(c with { Confidence = model.Probability(confidence), ConfidenceFeatures = confidence });
        }

        return result;
    }

    /// <summary>An abbreviation the question uses in one form: the terms of the form it uses and of the other.</summary>
    private sealed record UsedAbbreviation(IReadOnlyList<string> Used, IReadOnlyList<string> Other);

    /// <summary>The library's abbreviations whose short or long form the question holds (every term of it).</summary>
    private List<UsedAbbreviation> Abbreviated(IReadOnlyCollection<string> questionTerms)
    {
        var used = new List<UsedAbbreviation>();
        var terms = questionTerms as ISet<string> ?? new HashSet<string>(questionTerms, StringComparer.Ordinal);
        foreach (var a in _library.AbbreviationTerms)
        {
            if (a.Short.All(terms.Contains) && !a.Long.All(terms.Contains))
            {
                used.Add(new UsedAbbreviation(a.Short, a.Long));
            }
            else if (a.Long.All(terms.Contains) && !a.Short.All(terms.Contains))
            {
                used.Add(new UsedAbbreviation(a.Long, a.Short));
            }
        }

        return used;
    }

    /// <summary>A text's terms, plus the question's form of each abbreviation whose other form the text holds.</summary>
    private static List<string> Expand(List<string> terms, List<UsedAbbreviation> abbreviations)
    {
        if (abbreviations.Count == 0)
        {
            return terms;
        }

        List<string>? expanded = null;
        foreach (var a in abbreviations)
        {
            if (a.Other.All(terms.Contains) && !a.Used.All(terms.Contains))
            {
                expanded ??= new List<string>(terms);
                expanded.AddRange(a.Used.Where(t => !terms.Contains(t)));
            }
        }

        return expanded ?? terms;
    }

    /// <summary>What a candidate's confidence needs beyond its ranking features, gathered while ranking.</summary>
    private sealed record CandidateSignals(double MissingSalient, double MissingNumbers, double NegationMismatch, bool HasMeaning);

    /// <summary>The IDF (as a share of the cap) of the most distinctive question term <paramref name="terms"/> lacks; 0 when it has them all.</summary>
    private static double MostDistinctiveAbsent(QuestionProfile q, HashSet<string> terms, double cap, HashSet<string> light)
    {
        double most = 0;
        foreach (string t in q.Terms)
        {
            // A verb that only carries the question ("show", "say") is paraphrased as often as not: its absence is no near miss.
            if (!terms.Contains(t) && !light.Contains(t))
            {
                most = Math.Max(most, q.Idf[t] / cap);
            }
        }

        return most;
    }

    private static (double Best, double Second) TopTwo(IEnumerable<double> values)
    {
        double best = double.NegativeInfinity, second = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (v > best)
            {
                (best, second) = (v, best);
            }
            else if (v > second)
            {
                second = v;
            }
        }

        return (double.IsNegativeInfinity(best) ? 0 : best, double.IsNegativeInfinity(second) ? 0 : second);
    }

    /// <summary>The question's words as typed, each with its analysed terms (words that are only stop words are left out).</summary>
    private List<(string Word, List<string> Terms)> TypedWords(string question) =>
        TypedWord().Matches(question)
            .Select(m => (Word: m.Value, Terms: TextAnalysis.Terms(_library.Analyzer, m.Value)))
            .Where(w => w.Terms.Count > 0)
            .DistinctBy(w => w.Word.ToLowerInvariant())
            .ToList();

    // Verbs that carry a question rather than its subject: "make" is never the detail a passage lacks.
    private static readonly HashSet<string> LightWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "make", "made", "get", "got", "go", "going", "put", "take", "took", "give", "gave", "know", "want", "need", "happen", "happened",
        "think", "plan", "planning", "mean", "come", "came", "see", "look", "find", "found", "use", "used", "keep", "kept", "like",
        "really", "actually", "now", "still", "new", "latest", "exactly", "roughly", "approximately", "anything", "something", "thing", "things",
        "what's", "who's", "where's", "how's", "there's", "it's", "they're", "idea", "deal",
        "show", "shows", "showed", "shown", "demonstrate", "demonstrated", "say", "said", "says", "tell", "told",
    };

    private static readonly HashSet<string> NoTerms = new(StringComparer.Ordinal);

    private HashSet<string>? _lightTerms;

    /// <summary>The analysed terms of <see cref="LightWords"/>.</summary>
    private HashSet<string> LightTerms => _lightTerms ??= LightWords.SelectMany(w => TextAnalysis.Terms(_library.Analyzer, w)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The typed words all of whose terms are in <paramref name="missing"/>, most distinctive first.</summary>
    private static IReadOnlyList<string> MissingWords(List<(string Word, List<string> Terms)> words, List<string> missing, IReadOnlyDictionary<string, double> idf)
    {
        if (missing.Count == 0)
        {
            return Array.Empty<string>();
        }

        var set = new HashSet<string>(missing, StringComparer.Ordinal);
        return words.Where(w => w.Terms.All(set.Contains) && !LightWords.Contains(w.Word))
            .OrderByDescending(w => w.Terms.Max(t => idf.GetValueOrDefault(t)))
            .Select(w => w.Word)
            .ToList();
    }

    private static double Idf(int n, int df) => Math.Log(1 + (n - df + 0.5) / (df + 0.5));

    /// <summary>
    /// The quoted text: the sentence, plus the sentence before it when the sentence leans on it
    /// ("This will…", "It…"), plus the next one when the sentence alone is a fragment or announces
    /// what the next says (it ends with a colon, or the next refers back to it and brings the
    /// question's words it lacks: "The EU and Canada no longer debate … They have demonstrated two
    /// different paths: …"). One passage, cited at the first sentence's paragraph; always a verbatim
    /// span of the article body.
    /// </summary>
    private (string Text, int Paragraph, IReadOnlyList<int> Sentences) Quote(Candidate candidate)
    {
        // Which sentences to quote was decided while ranking, so that the passage weighed is the passage quoted.
        var hit = candidate.Hit;
        var span = hit.Span;
        var covered = new List<int> { hit.SentenceIndex };
        bool leansBack = candidate.Quoted.First < hit.SentenceIndex && hit.Previous is not null;
        bool tooShort = candidate.Quoted.Last > hit.SentenceIndex && hit.Next is not null;
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

    /// <summary>
    /// Whether a sentence hands over to the next one of its paragraph: it ends with a colon, or the next refers back
    /// to it and holds a question word the sentence itself lacks (what the question asks is in the next sentence).
    /// </summary>
    private static bool JoinsNext(string sentence, string next, HashSet<string> sentenceTerms, IReadOnlyList<string> nextTerms, QuestionProfile question)
    {
        string end = sentence.TrimEnd();
        if (end.EndsWith(':') || end.EndsWith('：'))
        {
            return true;
        }

        return StartsWithReference(next) && nextTerms.Any(t => question.Idf.ContainsKey(t) && !sentenceTerms.Contains(t));
    }

    private static readonly string[] ReferringOpeners =
    {
        "This ", "These ", "That ", "Those ", "It ", "Its ", "They ", "Their ", "He ", "She ", "His ", "Her ",
        "Such ", "The company ", "The move ", "The decision ", "The implication ",
    };

    private static bool StartsWithReference(string sentence) =>
        ReferringOpeners.Any(o => sentence.StartsWith(o, StringComparison.Ordinal));
}
