using System.Diagnostics;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Bench.Summaries;

/// <summary>
/// The <c>summaries</c> command: ROUGE of PolicyBot's extractive summaries and of Lead-3 on the CNN/DailyMail
/// dev half (the figures to beat are in the data README) and on the BBC articles.
/// </summary>
internal sealed class SummaryBenchmark(BenchOptions options, BenchPaths paths)
{
    // The data README's Lead-3 figures on the CNN/DailyMail dev half (R1 / R2 / RLsum), the check of our ROUGE.
    private static readonly (string Metric, double Value)[] ReadmeLead3 = [("ROUGE-1", 40.0), ("ROUGE-2", 18.3), ("ROUGE-Lsum", 36.5)];

    public int Run(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        var failures = Rouge.SelfCheck();
        if (failures.Count > 0)
        {
            foreach (string failure in failures)
            {
                Console.Error.WriteLine($"ROUGE self-check failed: {failure}");
            }

            return 1;
        }

        string cap = options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        Report.Note($"data: {paths.DataDir}; article cap per dataset: {cap}; ROUGE self-checks passed");
        Report.Note("ROUGE F1 × 100, averaged over documents; tokens = lowercase ASCII letter/digit runs, no stemming, no stop word removal. "
            + "ms/summary: choosing the sentences from the parsed article (parsing not included; see the notes).");

        using var analyzer = TextAnalysis.CreateAnalyzer();
        var summarizer = new Summarizer(analyzer);

        Report.Progress("CNN/DailyMail");
        RunCnnDm(summarizer, ct);

        Report.Progress("BBC");
        RunBbc(summarizer, ct);

        Report.Progress("done");
        return 0; // Reported, not asserted.
    }

    private void RunCnnDm(Summarizer summarizer, CancellationToken ct)
    {
        var documents = Sampling.Spread(CnnDmDocument.Load(paths.Data(CnnDmDocument.File)), options.Limit);
        var lead = new SystemScores("Lead-3 (the data set's `article_sentences`)");
        var ourLead = new SystemScores("Lead-3 (our sentence splitter)");
        var ours = new SystemScores("PolicyBot `Summarizer`, 3 sentences");
        var reference = new SystemScores("reference highlights");
        int parseFailures = 0, sameLead = 0, firstIsTitle = 0;
        double parseMs = 0;

        Warm(summarizer, documents.Count > 0 ? ArticleLoader.Parse("warm-up", "warm-up.txt", documents[0].Article, null, DateTimeOffset.UnixEpoch).Article : null);
        _ = Timed(() => documents.Count > 0 ? documents[0].ArticleSentences.Take(3).ToList() : []);
        foreach (var doc in documents)
        {
            ct.ThrowIfCancellationRequested();
            var referenceSentences = doc.ReferenceSentences();
            reference.Add(Rouge.Score(referenceSentences, referenceSentences), referenceSentences, 0);

            var (leadSentences, datasetLeadMs) = Timed(() => doc.ArticleSentences.Take(3).ToList());
            lead.Add(Rouge.Score(referenceSentences, leadSentences), leadSentences, datasetLeadMs);

            long t0 = Stopwatch.GetTimestamp();
            var article = ArticleLoader.Parse(doc.Id, doc.Id + ".txt", doc.Article, null, DateTimeOffset.UnixEpoch).Article;
            parseMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (article is null)
            {
                parseFailures++;
            }

            var (leadOurs, leadMs) = Timed(() => Lead(article, 3));
            ourLead.Add(Rouge.Score(referenceSentences, leadOurs), leadOurs, leadMs);
            var (summary, summaryMs) = Timed(() => Summarize(summarizer, article, 3));
            ours.Add(Rouge.Score(referenceSentences, summary), summary, summaryMs);

            if (Bare(leadOurs) == Bare(leadSentences))
            {
                sameLead++;
            }

            if (article is not null && leadOurs.Count > 0 && Bare([article.Info.Title]) == Bare([leadOurs[0]]))
            {
                firstIsTitle++; // The Summarizer never picks a sentence that repeats the title.
            }
        }

        Report.Heading($"CNN/DailyMail (`{CnnDmDocument.File}`, {documents.Count} articles)");
        PrintTable([lead, ourLead, ours, reference]);
        Console.WriteLine();
        Report.Note("Check of the ROUGE implementation against the data README (Lead-3 from `article_sentences`):");
        Console.WriteLine();
        var check = new TextTable("metric", "data README", "ours", "ours − README");
        double[] measured = [lead.Mean(s => s.Rouge1), lead.Mean(s => s.Rouge2), lead.Mean(s => s.RougeLsum)];
        for (int i = 0; i < ReadmeLead3.Length; i++)
        {
            check.Add(ReadmeLead3[i].Metric, Report.Fixed(ReadmeLead3[i].Value, 1), Report.Fixed(measured[i], 2), Signed(measured[i] - ReadmeLead3[i].Value));
        }

        check.Print();
        Console.WriteLine();
        Report.Note($"Parsing: each article is one line, read as a `.txt` article (one paragraph) by `ArticleLoader.Parse`: "
            + $"{Report.Fixed(parseMs / Math.Max(1, documents.Count), 3)} ms per article; {parseFailures} parse failures (scored as empty summaries).");
        Report.Note($"Our first three sentences are the data set's first three (same tokens) in {sameLead} of {documents.Count} articles.");
        Report.Note($"The text has no title line, so the parser derives the title from the first sentence (cut at 90 characters). "
            + $"In {firstIsTitle} of {documents.Count} articles that title is the whole first sentence, which the `Summarizer` then never picks (it skips repeats of the title).");
    }

    private void RunBbc(Summarizer summarizer, CancellationToken ct)
    {
        var all = BbcSummaryDocument.Load(paths.Data(BenchPaths.BbcFile), out int duplicates);
        var documents = Sampling.Spread(all, options.Limit);
        var lead3 = new SystemScores("Lead-3 (our sentence splitter)");
        var ours3 = new SystemScores("PolicyBot `Summarizer`, 3 sentences");
        var leadN = new SystemScores("Lead-N, N = reference sentences");
        var oursN = new SystemScores("PolicyBot `Summarizer`, N = reference sentences");
        var reference = new SystemScores("reference summary");
        int parseFailures = 0, referenceSentenceCount = 0, referenceSentencesInArticle = 0;
        double parseMs = 0;

        Warm(summarizer, documents.Count > 0 ? ArticleLoader.Parse("warm-up", "warm-up.md", documents[0].Markdown(), null, DateTimeOffset.UnixEpoch).Article : null);
        foreach (var doc in documents)
        {
            ct.ThrowIfCancellationRequested();
            var referenceSentences = doc.ReferenceSentences();
            reference.Add(Rouge.Score(referenceSentences, referenceSentences), referenceSentences, 0);
            int n = referenceSentences.Count;

            string markdown = doc.Markdown();
            long t0 = Stopwatch.GetTimestamp();
            var article = ArticleLoader.Parse(doc.Id, doc.Id + ".md", markdown, null, DateTimeOffset.UnixEpoch).Article;
            parseMs += Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (article is null)
            {
                parseFailures++;
            }

            string body = string.Join(' ', Rouge.Tokenize(string.Join(' ', doc.Paragraphs)));
            referenceSentenceCount += n;
            referenceSentencesInArticle += referenceSentences.Count(s => body.Contains(string.Join(' ', Rouge.Tokenize(s)), StringComparison.Ordinal));

            var (lead, leadMs) = Timed(() => Lead(article, 3));
            lead3.Add(Rouge.Score(referenceSentences, lead), lead, leadMs);
            var (summary, summaryMs) = Timed(() => Summarize(summarizer, article, 3));
            ours3.Add(Rouge.Score(referenceSentences, summary), summary, summaryMs);
            (lead, leadMs) = Timed(() => Lead(article, n));
            leadN.Add(Rouge.Score(referenceSentences, lead), lead, leadMs);
            (summary, summaryMs) = Timed(() => Summarize(summarizer, article, n));
            oursN.Add(Rouge.Score(referenceSentences, summary), summary, summaryMs);
        }

        Report.Heading($"BBC (`{BenchPaths.BbcFile}`, {documents.Count} articles; {duplicates} duplicates left out)");
        PrintTable([lead3, ours3, leadN, oursN, reference]);
        Console.WriteLine();
        Report.Note($"Parsing: each article is rendered as a `.md` file with `title:` front matter and read by `ArticleLoader.Parse`: "
            + $"{Report.Fixed(parseMs / Math.Max(1, documents.Count), 3)} ms per article; {parseFailures} parse failures (scored as empty summaries).");
        Report.Note($"Reference summaries split into {Report.Count(referenceSentenceCount)} sentences "
            + $"({Report.Fixed((double)referenceSentenceCount / Math.Max(1, documents.Count), 1)} per article); "
            + $"{Report.Percent(referenceSentencesInArticle, referenceSentenceCount)} % of them occur, token for token, in their article.");
    }

    /// <summary>The first <paramref name="count"/> sentences of the article's text paragraphs (what the Summarizer chooses from).</summary>
    private static List<string> Lead(Article? article, int count) =>
        article is null ? [] : article.TextParagraphs.SelectMany(p => p.Sentences).Take(count).Select(article.TextOf).ToList();

    private static List<string> Summarize(Summarizer summarizer, Article? article, int count) =>
        article is null ? [] : summarizer.Summarize(article, count).Select(s => s.Text).ToList();

    /// <summary>Runs the code paths once before timing, so the first timed summary does not pay for JIT compilation.</summary>
    private static void Warm(Summarizer summarizer, Article? article)
    {
        _ = Summarize(summarizer, article, 3);
        _ = Lead(article, 3);
    }

    private static (List<string> Sentences, double Ms) Timed(Func<List<string>> choose)
    {
        long t0 = Stopwatch.GetTimestamp();
        var sentences = choose();
        return (sentences, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
    }

    private static string Bare(IEnumerable<string> sentences) => string.Join(' ', sentences.SelectMany(Rouge.Tokenize));

    private static string Signed(double value) => (value >= 0 ? "+" : "") + Report.Fixed(value, 2);

    private static void PrintTable(IEnumerable<SystemScores> systems)
    {
        var table = new TextTable("summary", "ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "words", "sentences", "ms/summary");
        foreach (var s in systems)
        {
            table.Add(s.Name, Report.Fixed(s.Mean(r => r.Rouge1), 2), Report.Fixed(s.Mean(r => r.Rouge2), 2), Report.Fixed(s.Mean(r => r.RougeLsum), 2),
                Report.Fixed(s.MeanWords, 1), Report.Fixed(s.MeanSentences, 2), s.Name.StartsWith("reference", StringComparison.Ordinal) ? "-" : Report.Fixed(s.MeanMs, 3));
        }

        table.Print();
    }

    /// <summary>Per-document scores, lengths and times of one summarising system.</summary>
    private sealed class SystemScores(string name)
    {
        private readonly List<RougeScore> _scores = [];
        private long _words;
        private long _sentences;
        private double _ms;

        public string Name => name;

        public double MeanWords => _scores.Count == 0 ? 0 : (double)_words / _scores.Count;

        public double MeanSentences => _scores.Count == 0 ? 0 : (double)_sentences / _scores.Count;

        public double MeanMs => _scores.Count == 0 ? 0 : _ms / _scores.Count;

        public void Add(RougeScore score, IReadOnlyList<string> sentences, double ms)
        {
            _scores.Add(score);
            _words += sentences.Sum(s => Rouge.Tokenize(s).Length);
            _sentences += sentences.Count;
            _ms += ms;
        }

        /// <summary>The mean of one ROUGE figure, × 100.</summary>
        public double Mean(Func<RougeScore, double> pick) => _scores.Count == 0 ? 0 : 100 * _scores.Average(pick);
    }
}
