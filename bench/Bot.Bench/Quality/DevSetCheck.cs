using System.Text.RegularExpressions;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Ranking;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>devset</c> command: checks a realistic question file against the BBC collection, parsed as
/// the bot parses it. Every answer string must occur in exactly one indexed sentence of its article, a
/// paraphrase must share no three-word run with that sentence, no line may carry article text, and an
/// unanswerable question is shown beside the collection's closest sentences so a person can confirm
/// that none answers it. Exit code 1 when any line breaks a rule.
/// </summary>
internal sealed partial class DevSetCheck(BenchOptions options, BenchPaths paths)
{
    public const string DefaultFile = "bench/dev/bbc-realistic.jsonl";
    private const int MaxAnswerChars = 60;
    private const int MaxAnswerWords = 8;
    private const int CopiedRun = 8; // words in a row from an article that count as copying its text
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal) { "business", "politics", "tech" };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    public int Run()
    {
        bool isMainSet = options.File is null;
        string file = Path.GetFullPath(options.File ?? Path.Combine(paths.RepoRoot, DefaultFile));
        var collection = BbcCollection.Load(paths.Data(BenchPaths.BbcFile));
        var problems = new List<string>();
        var questions = RealisticQuestion.Load(file, problems);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var perArticle = new Dictionary<string, int>(StringComparer.Ordinal);
        var unanswerable = new List<RealisticQuestion>();
        int paraphrasedInEffect = 0;
        foreach (var q in questions)
        {
            void Problem(string text) => problems.Add($"line {q.Line} ({q.Id}): {text}");
            if (q.Id.Length == 0 || !ids.Add(q.Id))
            {
                Problem(q.Id.Length == 0 ? "no id" : "the id is used twice");
            }

            if (!QuestionKinds.All.Contains(q.Kind))
            {
                Problem($"unknown kind '{q.Kind}' (one of {string.Join(", ", QuestionKinds.All)})");
                continue;
            }

            if (q.Question.Trim().Length == 0)
            {
                Problem("no question");
                continue;
            }

            if (!collection.Contains(q.ArticleId))
            {
                Problem($"no article '{q.ArticleId}' in the collection");
                continue;
            }

            var source = collection.Source(q.ArticleId);
            if (!Categories.Contains(source.Category))
            {
                Problem($"article '{q.ArticleId}' is {source.Category}; the set covers business, politics and tech");
            }

            if (source.DuplicateOf is not null || collection.DuplicatesOf(q.ArticleId).Any())
            {
                Problem($"article '{q.ArticleId}' has a duplicate in the collection; pick another");
            }

            var sentences = collection.Sentences(q.ArticleId);
            if (CopiedFrom(q.Question, sentences) is { } copied)
            {
                Problem($"the question copies {CopiedRun}+ words of the article in a row (\"{copied}\")");
            }

            if (!q.Answerable)
            {
                if (q.Answer is not null)
                {
                    Problem("an unanswerable question has an answer");
                }

                if (string.IsNullOrWhiteSpace(q.Missing))
                {
                    Problem("an unanswerable question needs 'missing': what the collection does not give");
                }

                unanswerable.Add(q);
                continue;
            }

            perArticle[q.ArticleId] = perArticle.GetValueOrDefault(q.ArticleId) + 1;
            if (string.IsNullOrWhiteSpace(q.Answer))
            {
                Problem("an answerable question needs an 'answer' string");
                continue;
            }

            if (q.Answer.Length > MaxAnswerChars || Words(q.Answer).Count > MaxAnswerWords)
            {
                Problem($"the answer is longer than {MaxAnswerWords} words / {MaxAnswerChars} characters: keep it short, never article text");
            }

            var holding = sentences.Where(q.IsAnsweredBy).ToList();
            if (holding.Count != 1)
            {
                Problem(holding.Count == 0
                    ? $"the answer \"{q.Answer}\" is in no sentence of {q.ArticleId}"
                    : $"the answer \"{q.Answer}\" is in {holding.Count} sentences of {q.ArticleId}; it must be in exactly one");
                continue;
            }

            string? run = SharedRun(q.Question, holding[0], 3);
            paraphrasedInEffect += run is null ? 1 : 0;
            if (q.Kind == QuestionKinds.Paraphrase && run is not null)
            {
                Problem($"a paraphrase shares the run \"{run}\" with its answer sentence");
            }
        }

        foreach (var (article, count) in perArticle.Where(kv => kv.Value > 2))
        {
            problems.Add($"{article}: {count} answerable questions; at most 2 per article");
        }

        Report.Heading($"Realistic set check: {file}");
        var table = new TextTable("kind", "questions");
        foreach (string kind in QuestionKinds.All)
        {
            table.Add(kind, questions.Count(q => q.Kind == kind));
        }

        table.Add("all", questions.Count);
        table.Print();
        Report.Note($"Articles: {questions.Select(q => q.ArticleId).Distinct().Count()}. Answerable questions sharing no three-word run with their answer sentence (any kind): {paraphrasedInEffect}.");
        if (isMainSet)
        {
            if (questions.Count < 200)
            {
                problems.Add($"the set has {questions.Count} questions; it needs at least 200");
            }

            if (unanswerable.Count < 40)
            {
                problems.Add($"the set has {unanswerable.Count} unanswerable questions; it needs at least 40");
            }
        }

        if (unanswerable.Count > 0)
        {
            // The whole collection (all categories) is what the bot would search.
            var all = collection.Articles.SelectMany(a => collection.Sentences(a.Id).Select(s => (a.Id, Text: s))).ToList();
            var bm25 = new PlainBm25(all.Select(s => s.Text).ToList());
            Report.Heading("Unanswerable questions beside the collection's closest sentences (plain BM25): confirm none answers");
            foreach (var q in unanswerable)
            {
                Report.Note($"{q.Id} [{q.ArticleId}] {q.Question}");
                Report.Note($"    missing: {q.Missing}");
                foreach (int d in bm25.Search(q.Question, 3))
                {
                    Report.Note($"    {all[d].Id}: {Report.Shorten(all[d].Text, 160)}");
                }
            }
        }

        Report.Heading(problems.Count == 0 ? "No problems." : $"{problems.Count} problems");
        foreach (string p in problems)
        {
            Report.Note(p);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static List<string> Words(string text) => Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    /// <summary>The first run of <paramref name="length"/> words the two texts share, or null.</summary>
    internal static string? SharedRun(string a, string b, int length)
    {
        var wordsA = Words(a);
        var runs = Runs(Words(b), length);
        for (int i = 0; i + length <= wordsA.Count; i++)
        {
            string run = string.Join(' ', wordsA.Skip(i).Take(length));
            if (runs.Contains(run))
            {
                return run;
            }
        }

        return null;
    }

    private static HashSet<string> Runs(List<string> words, int length)
    {
        var runs = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i + length <= words.Count; i++)
        {
            runs.Add(string.Join(' ', words.Skip(i).Take(length)));
        }

        return runs;
    }

    private static string? CopiedFrom(string question, IReadOnlyList<string> sentences) =>
        sentences.Select(s => SharedRun(question, s, CopiedRun)).FirstOrDefault(r => r is not null);
}
