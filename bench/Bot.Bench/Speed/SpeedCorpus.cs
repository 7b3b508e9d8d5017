using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Quality;

namespace PolicyBot.Bench.Speed;

/// <summary>A folder of articles to measure, and the questions to time over it (warm-up ones first).</summary>
internal sealed record SpeedCorpus(string Name, string Folder, string QuestionsFile, string QuestionsNote, int Files, long Bytes, bool Reused)
{
    /// <summary>BBC only: warm-up title questions, then every question of the realistic set, timed once each.</summary>
    public string? RealisticQuestionsFile { get; init; }
}

/// <summary>
/// Prepares the speed corpora: the seed folder as it is, the BBC articles as <c>.md</c> files, and N
/// replicas of the BBC articles (new file names, a distinct first sentence each). Written corpora
/// carry a marker file and are reused when the marker matches.
/// </summary>
internal sealed class SpeedCorpora(BenchPaths paths, string workDir, int questionCount)
{
    private const string Marker = ".complete";
    private const int FilesPerFolder = 1000;

    private IReadOnlyList<BbcArticle>? _bbc;
    private IReadOnlyList<string>? _squadQuestions;

    private IReadOnlyList<BbcArticle> Bbc => _bbc ??= BbcArticle.Load(paths.Data(BenchPaths.BbcFile));

    /// <summary>Off-topic filler questions for small corpora: SQuAD v1.1 questions (about Wikipedia articles).</summary>
    private IReadOnlyList<string> SquadQuestions => _squadQuestions ??= SquadData.Load(paths.Data(BenchPaths.Squad1File)).Questions.Select(q => q.Text).ToList();

    public SpeedCorpus Prepare(string name, int replicas, CancellationToken ct) => name switch
    {
        "seed" => Seed(),
        "bbc" => BbcCorpus(ct),
        "replicas" => Replicas(replicas, ct),
        _ => throw new UsageException($"Unknown corpus '{name}': use seed, bbc or replicas."),
    };

    private SpeedCorpus Seed()
    {
        var questions = SeedQuestion.Load(paths.Eval(BenchPaths.SeedEvalFile)).Select(q => q.Question).ToList();
        var files = Directory.EnumerateFiles(paths.SeedsDir, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var (file, note) = WriteQuestions("seed", questions, "seed-dev questions");
        return new SpeedCorpus("seed", paths.SeedsDir, file, note, files.Count, files.Sum(f => f.Length), Reused: true);
    }

    private SpeedCorpus BbcCorpus(CancellationToken ct)
    {
        string folder = Path.Combine(workDir, "bbc");
        bool reused = Write(folder, Bbc.Count, i =>
        {
            var a = Bbc[i];
            return ($"{a.Id}.md", MarkdownArticleWriter.Render(a.Title, a.Paragraphs, "BBC News"));
        }, ct);
        var questions = RealisticQuestion.Load(Path.Combine(paths.RepoRoot, DevSetCheck.DefaultFile)).Select(q => q.Question).Distinct(StringComparer.Ordinal).ToList();
        var titles = Bbc.SelectMany(a => a.AsQuestions()).Distinct(StringComparer.Ordinal).Except(questions).Take(SpeedMeasurement.WarmUp);
        string realistic = Path.Combine(workDir, "questions-bbc-realistic.txt");
        File.WriteAllLines(realistic, titles.Concat(questions));
        return Corpus("bbc", folder, reused) with { RealisticQuestionsFile = realistic };
    }

    private SpeedCorpus Replicas(int count, CancellationToken ct)
    {
        string folder = Path.Combine(workDir, $"replicas-{count}");
        bool reused = Write(folder, count, k =>
        {
            var a = Bbc[k % Bbc.Count];
            int copy = k / Bbc.Count + 1;
            string lead = $"This is archive copy {copy} of the BBC story {a.Id}.";
            string file = $"{k / FilesPerFolder:D3}/r{k:D6}-{a.Id.Replace('/', '-')}.md";
            return (file, MarkdownArticleWriter.Render($"{a.Title} (copy {copy})", a.Paragraphs.Prepend(lead), "BBC News (replica)"));
        }, ct);
        return Corpus($"replicas-{count}", folder, reused);
    }

    private SpeedCorpus Corpus(string name, string folder, bool reused)
    {
        var questions = Bbc.SelectMany(a => a.AsQuestions()).ToList();
        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
        var (file, note) = WriteQuestions(name, questions, "BBC titles as questions");
        return new SpeedCorpus(name, folder, file, note, files.Count, files.Sum(f => f.Length), reused);
    }

    /// <summary>Writes <paramref name="count"/> files unless the folder's marker says they are already there; true when reused.</summary>
    private static bool Write(string folder, int count, Func<int, (string RelativePath, string Content)> article, CancellationToken ct)
    {
        string marker = Path.Combine(folder, Marker);
        string expected = $"{count} articles, format 1";
        if (File.Exists(marker) && File.ReadAllText(marker) == expected)
        {
            return true;
        }

        TempFolder.Delete(folder);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (relative, content) = article(i);
            string path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
            if ((i + 1) % 20_000 == 0)
            {
                Report.Progress($"{Path.GetFileName(folder)}: wrote {i + 1}/{count} files");
            }
        }

        File.WriteAllText(marker, expected);
        return false;
    }

    /// <summary>
    /// Writes the warm-up questions, then the timed ones: distinct questions (answerers may cache by
    /// question text), on-topic ones first, then off-topic SQuAD questions; repeats only when even
    /// those run out. Returns the file and a note saying what the timed questions are.
    /// </summary>
    private (string File, string Note) WriteQuestions(string name, List<string> onTopic, string onTopicName)
    {
        var distinctOnTopic = onTopic.Distinct(StringComparer.Ordinal).ToList();
        var pool = distinctOnTopic.Concat(SquadQuestions.Except(distinctOnTopic, StringComparer.Ordinal).Distinct(StringComparer.Ordinal)).ToList();
        int total = SpeedMeasurement.WarmUp + questionCount;
        var lines = Enumerable.Range(0, total).Select(i => pool[i % pool.Count]).ToList();

        // The warm-up takes the end of the used pool, so the timed questions start with the on-topic ones.
        var timed = lines.Take(questionCount).ToList();
        var warmUp = lines.Skip(questionCount).ToList();
        string path = Path.Combine(workDir, $"questions-{name}.txt");
        File.WriteAllLines(path, warmUp.Concat(timed));

        int timedOnTopic = Math.Min(distinctOnTopic.Count, questionCount);
        string note = $"{Report.Count(timedOnTopic)} {onTopicName}" + (questionCount > timedOnTopic ? $" + {Report.Count(questionCount - timedOnTopic)} off-topic SQuAD v1.1 questions" : "")
            + (total > pool.Count ? " (some repeated)" : ", all distinct");
        return (path, note);
    }
}
