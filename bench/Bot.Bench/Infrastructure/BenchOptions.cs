using System.Globalization;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Infrastructure;

/// <summary>A command line that cannot be understood.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The parsed command line: a command followed by <c>--name value</c> options and flags.</summary>
internal sealed class BenchOptions
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "keep", "semantic", "misses" };

    private static readonly HashSet<string> Valued = new(StringComparer.Ordinal)
    {
        "data", "seeds", "limit", "articles", "questions", "corpus", "work", "folder", "index", "questions-file",
        "rates", "seconds", "replicas", "postgres", "out", "channels", "file", "encoder",
    };

    private readonly Dictionary<string, string> _values;

    private BenchOptions(string command, IReadOnlyList<string> arguments, Dictionary<string, string> values)
    {
        Command = command;
        Arguments = arguments;
        _values = values;
    }

    public string Command { get; }

    /// <summary>The arguments as typed, to print the command line that produced a table.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public string? DataDir => Get("data");

    public string? SeedsDir => Get("seeds");

    public string? WorkDir => Get("work");

    public bool Keep => _values.ContainsKey("keep");

    /// <summary>Quality: also evaluate words + meaning (MiniLM sentence vectors) beside words only. Speed: answer with words + meaning.</summary>
    public bool Semantic => _values.ContainsKey("semantic");

    /// <summary>realistic: also list every answerable question whose top passage is wrong, and every answered unanswerable one.</summary>
    public bool Misses => _values.ContainsKey("misses");

    /// <summary>The sentence-meaning model of the words + meaning answerers (<c>--encoder minilm|arcticxs</c>, default MiniLM).</summary>
    public SentenceEncoderKind Encoder => Get("encoder") switch
    {
        null => SentenceEncoderKind.MiniLM,
        { } name when Enum.TryParse<SentenceEncoderKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !char.IsDigit(name[0]) => kind,
        { } name => throw new UsageException($"The option --encoder needs minilm or arcticxs, not '{name}'."),
    };

    /// <summary>Cap on questions per dataset (quality); null = all.</summary>
    public int? Limit => GetInt("limit", min: 1);

    /// <summary>Size of the replicated corpus (speed).</summary>
    public int Articles => GetInt("articles", min: 1) ?? 100_000;

    /// <summary>Timed questions per corpus (speed).</summary>
    public int Questions => GetInt("questions", min: 1) ?? 2000;

    public IReadOnlyList<string> Corpora =>
        (Get("corpus") ?? "seed,bbc,replicas").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Load: the event rates (events per second) to run, in order.</summary>
    public IReadOnlyList<int> Rates => GetIntList("rates", "25,50,100,200");

    /// <summary>Load: seconds of sending per rate.</summary>
    public int Seconds => GetInt("seconds", min: 1) ?? 10;

    /// <summary>Load: the replica counts to run, in order.</summary>
    public IReadOnlyList<int> Replicas => GetIntList("replicas", "1,2");

    /// <summary>Load: a PostgreSQL connection string; the replicas then share PostgreSQL instead of one SQLite file.</summary>
    public string? Postgres => Get("postgres");

    /// <summary>Load: how many Slack channels the mentions are spread over (the bot paces its posts per channel).</summary>
    public int Channels => GetInt("channels", min: 1) ?? 500;

    /// <summary>devset: the question file to check (default: the repository's realistic set).</summary>
    public string? File => Get("file");

    /// <summary>Load: a file the report is also written to.</summary>
    public string? Out => Get("out");

    /// <summary>The value of <paramref name="name"/>, or a usage error when it is missing.</summary>
    public string Require(string name) => Get(name) ?? throw new UsageException($"The option --{name} is required for '{Command}'.");

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw new UsageException("Missing command.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 1; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            string name = arg[2..];
            if (Flags.Contains(name))
            {
                values[name] = "true";
            }
            else if (Valued.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"The option {arg} needs a value.");
                }

                values[name] = args[++i];
            }
            else
            {
                throw new UsageException($"Unknown option '{arg}'.");
            }
        }

        var options = new BenchOptions(args[0], args.ToList(), values);
        _ = (options.Limit, options.Articles, options.Questions, options.Rates, options.Seconds, options.Replicas, options.Channels, options.Encoder); // Bad numbers are usage errors now, not mid-run.
        return options;
    }

    private List<int> GetIntList(string name, string fallback)
    {
        var values = new List<int>();
        foreach (string part in (Get(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            {
                throw new UsageException($"The option --{name} needs a comma-separated list of whole numbers of at least 1, not '{Get(name)}'.");
            }

            values.Add(value);
        }

        return values.Count > 0 ? values : throw new UsageException($"The option --{name} needs at least one number.");
    }

    private int? GetInt(string name, int min)
    {
        if (Get(name) is not { } raw)
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min)
        {
            throw new UsageException($"The option --{name} needs a whole number of at least {min}, not '{raw}'.");
        }

        return value;
    }
}
