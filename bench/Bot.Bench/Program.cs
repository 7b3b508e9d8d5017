using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Load;
using PolicyBot.Bench.Quality;
using PolicyBot.Bench.Speed;
using PolicyBot.Bench.Summaries;

namespace PolicyBot.Bench;

/// <summary>Entry point: <c>quality</c>, <c>speed</c>, <c>tune</c>, <c>summaries</c>, <c>load</c> and the internal <c>measure</c> (one speed run in a child process).</summary>
internal static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project bench/Bot.Bench -- <command> [options]

          quality   seed questions, SQuAD v1.1 sentence retrieval (ours vs plain BM25), abstention
                    (SQuAD 2.0 and out-of-corpus) with a MinConfidence curve
                    options: --limit N (questions per dataset), --semantic (also words + meaning:
                             vectors for every sentence first; several minutes),
                             --encoder minilm|arcticxs (the meaning model, default minilm)
          squad     SQuAD v1.1 sentence retrieval alone (part of quality), with --semantic also
                    ranking by meaning alone
                    options: --limit N, --semantic, --encoder minilm|arcticxs
          speed     index build, restart, answer latency and memory for the seed folder, the BBC
                    articles and N replicated BBC articles
                    options: --articles N (default 100000), --questions N (default 2000),
                             --corpus seed,bbc,replicas (default all), --work DIR (reuse corpora),
                             --semantic (answer with words + meaning; times the vectors too),
                             --encoder minilm|arcticxs

          tune      compare ranking variants (today's weights, meaning alone, rank fusion, linear fits,
                    LightGBM) on held-out folds of SQuAD v1.1 and of the realistic set over the BBC
                    dev half, and fit the linear ranker's weights on both
                    options: --limit N (SQuAD questions), --work DIR (keep the BBC index and vectors),
                             --file FILE (another realistic question file),
                             --encoder minilm|arcticxs (the meaning model, default minilm)
          calibrate fit the confidence model (probability that the top passage answers) on SQuAD v1.1,
                    SQuAD 2.0 and the realistic set, with held-out reliability tables and what each
                    MinConfidence does; prints the coefficients for ConfidenceModel
                    options: --limit N (questions per SQuAD file), --work DIR (keep vectors),
                             --encoder minilm|arcticxs
          encoders  passages per second and milliseconds per question of each meaning model, taking
                    turns in one process
                    options: --limit N (passages per round, default 600)
          realistic the realistic question set asked of the whole BBC dev half, every figure per kind,
                    with a reliability table of the score
                    options: --semantic, --work DIR (keep the index and vectors between runs),
                             --file FILE (another question file), --encoder minilm|arcticxs
                             (with --semantic, meaning alone is ranked too)
          devset    check the realistic question set (bench/dev/bbc-realistic.jsonl) against the BBC
                    collection: answers in exactly one sentence, paraphrases sharing no three-word run,
                    no article text, unanswerable ones shown beside the closest sentences
                    options: --file FILE (another question file; no minimum counts)
          summaries ROUGE-1/2/Lsum of PolicyBot's extractive summaries and Lead-3 on CNN/DailyMail
                    and BBC, with lengths and times
                    options: --limit N (articles per dataset)
          load      replicas of `policybot serve` in this process against fake Slack and Discord: an
                    open-loop generator sends signed Slack mentions (each delivered twice, the second
                    time as a retry to another replica) and Discord /ask interactions; reports time to
                    acknowledge, throughput, and answers posted, duplicated and missing
                    options: --rates LIST (events/s, default 25,50,100,200), --seconds N (default 10),
                             --replicas LIST (default 1,2), --semantic (words + meaning),
                             --channels N (Slack channels the mentions take in turn, default 500),
                             --postgres "CONNECTION STRING" (Storage:Provider=Postgres instead of
                             one SQLite file), --out FILE (also write the report there)

        common options: --data DIR (default: the nearest shared/data above the current folder),
                        --seeds DIR (default: seeds/ of the repository), --keep (keep temp folders)
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };

        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            switch (options.Command)
            {
                case "quality":
                    return await new QualityBenchmark(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "speed":
                    return await new SpeedBenchmark(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "tune":
                    return await new RankerTuning(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "summaries":
                    return new SummaryBenchmark(options, BenchPaths.Resolve(options)).Run(cts.Token);
                case "load":
                    return await new LoadBenchmark(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "calibrate":
                    return await new Calibration(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "squad":
                    return await SquadRetrieval.RunCommandAsync(options, BenchPaths.Resolve(options), cts.Token);
                case "encoders":
                    return await new EncoderSpeed(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "realistic":
                    return await new RealisticBenchmark(options, BenchPaths.Resolve(options)).RunAsync(cts.Token);
                case "devset":
                    return new DevSetCheck(options, BenchPaths.Resolve(options)).Run();
                case "measure":
                    return await SpeedMeasurement.RunAsync(options, cts.Token);
                default:
                    Console.Error.WriteLine(Usage);
                    return options.Command is "help" or "--help" or "-h" ? 0 : 2;
            }
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Cancelled.");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or TimeoutException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }
}
