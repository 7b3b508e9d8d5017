using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Hosting;

/// <summary>
/// The command line (design.md): run the bot, ask, summary, articles, serve. Exit codes: 0 success,
/// 1 failure, 2 bad usage; errors are one sentence on stderr. Arguments of the form
/// <c>--Section:Key=value</c> are configuration overrides and are passed to the host.
/// </summary>
public static class PolicyBotCli
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadUsage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var configArgs = args.Where(IsConfigOverride).ToList();
        var cliArgs = args.Where(a => !IsConfigOverride(a)).ToArray();
        var root = BuildCommands(configArgs, output, error);
        var parse = root.Parse(cliArgs);
        bool wantsHelp = cliArgs.Any(a => a is "-h" or "--help" or "-?");
        if (parse.Errors.Count > 0 && !wantsHelp)
        {
            string command = string.Join(' ', new[] { "policybot" }.Concat(CommandPath(parse)));
            await error.WriteLineAsync($"{command}: {parse.Errors[0].Message.TrimEnd('.')}. See '{command} --help'.");
            return BadUsage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    private static bool IsConfigOverride(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf(':', StringComparison.Ordinal) is > 2 && arg.Contains('=', StringComparison.Ordinal);

    private static List<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null && r.Command is not RootCommand; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Command.Name);
        }

        return names;
    }

    internal static RootCommand BuildCommands(IReadOnlyList<string> configArgs, TextWriter output, TextWriter error)
    {
        var articles = new Option<string?>("--articles")
        {
            Description = "The article folder (default: Articles:Path from appsettings.json, 'seeds').",
            HelpName = "DIR",
            Recursive = true,
        };

        var root = new RootCommand(
            "PolicyBot answers questions about a folder of articles with exact, cited quotes.\n" +
            "With no command it starts the interactive shell (or the enabled chat platforms).\n" +
            "Configuration can be overridden with --Section:Key=value, e.g. --Answers:MinConfidence=0.6.\n\n" +
            "Example:\n  policybot --articles seeds");
        root.Options.Add(articles);
        root.SetAction((parse, ct) => BotHost.AnyPlatformEnabled(configArgs)
            ? ServeAsync(configArgs, parse.GetValue(articles), error, ct)
            : RunShellAsync(configArgs, parse.GetValue(articles), error, ct));

        root.Subcommands.Add(AskCommand(configArgs, articles, output, error));
        root.Subcommands.Add(SummaryCommand(configArgs, articles, output, error));
        root.Subcommands.Add(ArticlesCommand(configArgs, articles, output, error));
        root.Subcommands.Add(AddArticleCommand(configArgs, articles, output, error));
        root.Subcommands.Add(ServeCommand(configArgs, articles, error));
        return root;
    }

    private static Command AskCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var question = new Argument<string?>("question") { Description = "The question, in quotes.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON (one object per line)." };
        var top = new Option<int>("--top") { Description = "How many passages to return (1-20).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var batch = new Option<FileInfo?>("--batch") { Description = "Answer every question of a JSON Lines file of {\"id\": \"...\", \"q\": \"...\"}, in order.", HelpName = "FILE" };
        var command = new Command("ask",
            "Answer one question (or a batch of questions) and exit.\n\n" +
            "Examples:\n  policybot ask \"What tariffs will Canada impose on Chinese EVs?\"\n  policybot ask \"Who is buying equipment from CATL?\" --json --top 3\n  policybot ask --batch questions.jsonl --json > answers.jsonl");
        top.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n is < 1 or > 20)
            {
                r.AddError("--top must be between 1 and 20");
            }
        });
        command.Arguments.Add(question);
        command.Options.Add(json);
        command.Options.Add(top);
        command.Options.Add(batch);
        command.Validators.Add(result =>
        {
            bool hasQuestion = !string.IsNullOrWhiteSpace(result.GetValue(question));
            bool hasBatch = result.GetValue(batch) is not null;
            if (hasQuestion == hasBatch)
            {
                result.AddError(hasQuestion ? "give either a question or --batch FILE, not both" : "give a question in quotes, or --batch FILE");
            }
        });
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var answerer = services.GetRequiredService<QuestionAnswerer>();
            var engine = services.GetRequiredService<BotEngine>();
            bool asJson = parse.GetValue(json);
            int count = parse.GetValue(top);
            if (parse.GetValue(batch) is { } file)
            {
                return await AnswerBatchAsync(answerer, file, asJson, count, output, error, token);
            }

            string q = parse.GetValue(question)!;
            var metrics = services.GetService<PolicyBotMetrics>();
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (asJson)
            {
                var result = answerer.Answer(q, count, token);
                metrics?.RecordQuestion("cli", Reply.FromAnswer(result), started);
                await output.WriteLineAsync(JsonOutput.Answer(null, result));
            }
            else
            {
                var reply = await engine.HandleAsync(new AskCommand(q, count), token);
                metrics?.RecordQuestion("cli", reply, started);
                await output.WriteAsync(ShellRenderer.Render(reply));
            }

            return Success;
        }, ct));
        return command;
    }

    private static async Task<int> AnswerBatchAsync(QuestionAnswerer answerer, FileInfo file, bool asJson, int top, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"The batch file '{file.FullName}' does not exist.");
            return Failure;
        }

        int lineNumber = 0, failed = 0;
        using var reader = file.OpenText();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var (id, q, problem) = ReadBatchLine(line);
            if (problem is not null)
            {
                failed++;
                await error.WriteLineAsync($"{file.Name} line {lineNumber}: {problem}.");
                await output.WriteLineAsync(asJson ? JsonOutput.BatchError(id, lineNumber, problem) : $"[{id ?? $"line {lineNumber}"}] error: {problem}");
                continue;
            }

            var result = answerer.Answer(q!, top, ct);
            if (asJson)
            {
                await output.WriteLineAsync(JsonOutput.Answer(id, result));
            }
            else
            {
                await output.WriteLineAsync($"[{id}] {q}");
                await output.WriteLineAsync(ShellRenderer.Render(Reply.FromAnswer(result)));
            }
        }

        await output.FlushAsync(ct);
        return failed == 0 ? Success : Failure;
    }

    /// <summary>Reads one batch line: {"id": "...", "q": "..."}; ids may be strings or numbers.</summary>
    internal static (string? Id, string? Question, string? Problem) ReadBatchLine(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "expected a JSON object like {\"id\": \"1\", \"q\": \"...\"}");
            }

            string? id = doc.RootElement.TryGetProperty("id", out var idElement)
                ? idElement.ValueKind switch
                {
                    JsonValueKind.String => idElement.GetString(),
                    JsonValueKind.Number => idElement.GetRawText(),
                    _ => null,
                }
                : null;
            if (id is null)
            {
                return (null, null, "the line has no \"id\" (a string or number)");
            }

            string? q = doc.RootElement.TryGetProperty("q", out var qElement) && qElement.ValueKind == JsonValueKind.String ? qElement.GetString() : null;
            return string.IsNullOrWhiteSpace(q) ? (id, null, "the line has no question in \"q\"") : (id, q, null);
        }
        catch (JsonException ex)
        {
            return (null, null, $"the line is not valid JSON ({ex.Message.Split('.')[0]})");
        }
    }

    private static Command SummaryCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var article = new Argument<string?>("article") { Description = "An article id, words from its title, or 'latest' (default).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"article\": {...}, \"sentences\": [{\"text\": \"...\", \"paragraph\": 3}]}." };
        var sentences = new Option<int>("--sentences") { Description = $"How many sentences (1-{BotEngine.MaxSummarySentences}).", DefaultValueFactory = _ => Core.Conversation.SummaryCommand.DefaultSentences, HelpName = "N" };
        var all = new Option<bool>("--all") { Description = "Summarise every article (one JSON line each with --json)." };
        var command = new Command("summary",
            "Summarise an article with its own sentences, each with its paragraph number.\n\n" +
            "Examples:\n  policybot summary latest\n  policybot summary \"cooperate with China\" --sentences 5\n  policybot summary --all --json > summaries.jsonl");
        sentences.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n is < 1 or > BotEngine.MaxSummarySentences)
            {
                r.AddError($"--sentences must be between 1 and {BotEngine.MaxSummarySentences}");
            }
        });
        command.Arguments.Add(article);
        command.Options.Add(json);
        command.Options.Add(sentences);
        command.Options.Add(all);
        command.Validators.Add(result =>
        {
            if (result.GetValue(all) && result.GetValue(article) is not null)
            {
                result.AddError("give an article or --all, not both");
            }
        });
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var engine = services.GetRequiredService<BotEngine>();
            bool asJson = parse.GetValue(json);
            int n = parse.GetValue(sentences);
            var targets = parse.GetValue(all)
                ? engine.Library.Articles.Select(a => (string?)a.Id).ToList()
                : new List<string?> { parse.GetValue(article) };
            int status = Success;
            foreach (string? target in targets)
            {
                var reply = await engine.HandleAsync(new Core.Conversation.SummaryCommand(target, n), token);
                if (JsonOutput.SummaryOf(reply) is not { } json)
                {
                    await error.WriteAsync(ShellRenderer.Render(reply));
                    status = Failure;
                    continue;
                }

                await output.WriteAsync(asJson ? json + "\n" : ShellRenderer.Render(reply) + (targets.Count > 1 ? "\n" : ""));
            }

            return status;
        }, ct));
        return command;
    }

    private static Command ArticlesCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line: id, title, source, author, url, published, paragraphs, tags." };
        var command = new Command("articles", "List the articles with id, title, source, date and paragraph count.\n\nExamples:\n  policybot articles\n  policybot articles --json --articles ~/news");
        command.Options.Add(json);
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var library = services.GetRequiredService<ArticleLibrary>();
            if (parse.GetValue(json))
            {
                foreach (var a in library.Articles)
                {
                    await output.WriteLineAsync(JsonOutput.ArticleListing(a));
                }
            }
            else
            {
                await output.WriteAsync(ShellRenderer.Render(new ArticleListReply(library.Articles)));
            }

            return Success;
        }, ct));
        return command;
    }

    private static Command AddArticleCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var source = new Argument<string>("source") { Description = "A .txt or .md article file, or the http(s) address of a web page." };
        var command = new Command("add", "Add an article to the collection: a file is copied into the folder, a web page's main text is saved as an article. A running bot indexes it and alerts subscribed channels.\n\nExamples:\n  policybot add ~/Downloads/briefing.md\n  policybot add https://example.org/news/tariffs");
        command.Arguments.Add(source);
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var result = await services.GetRequiredService<IArticleAdder>().AddAsync(parse.GetValue(source) ?? "", allowLocalFiles: true, token);
            if (result.Added)
            {
                await output.WriteLineAsync(result.Message);
                return Success;
            }

            await error.WriteLineAsync(result.Message);
            return Failure;
        }, ct));
        return command;
    }

    private static Command ServeCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter error)
    {
        var command = new Command("serve", "Run the enabled chat platforms and HTTP endpoints without the shell, until stopped (Ctrl-C).\n\nExample:\n  policybot serve --articles /srv/articles");
        command.SetAction((parse, ct) => ServeAsync(configArgs, parse.GetValue(articles), error, ct));
        return command;
    }

    /// <summary>The enabled platforms on Kestrel; with none enabled, the index is kept ready and a warning says so.</summary>
    private static async Task<int> ServeAsync(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        if (!BotHost.AnyPlatformEnabled(configArgs))
        {
            using var idle = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: false, LogLevel.Information, LogProgress: true), error);
            if (OpenLibrary(idle, error, reportProblemsToLog: true) is null)
            {
                return Failure;
            }

            idle.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot")
                .LogWarning("No chat platform is enabled (Slack:Enabled, Discord:Enabled): the articles are indexed and nothing else will run until one is.");
            await idle.RunAsync(ct);
            return Success;
        }

        await using var app = BotHost.BuildWeb(configArgs, articlesFolder, error);
        if (OpenLibrary(app, error, reportProblemsToLog: true) is null)
        {
            return Failure;
        }

        await app.RunAsync(ct);
        return Success;
    }

    private static async Task<int> RunShellAsync(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        using var host = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: true, LogLevel.Warning, LogProgress: false), error);
        if (OpenLibrary(host, error) is null)
        {
            return Failure;
        }

        await PrepareMeaningAsync(host, error, inBackgroundOtherwise: true, ct);
        await host.RunAsync(ct);
        return Success;
    }

    private static async Task<int> RunWithLibraryAsync(
        IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        using var host = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: false, LogLevel.Warning, LogProgress: false), error);
        if (OpenLibrary(host, error) is null)
        {
            return Failure;
        }

        await PrepareMeaningAsync(host, error, inBackgroundOtherwise: false, ct);
        return await run(host.Services, ct);
    }

    /// <summary>
    /// Gives a small collection its sentence-meaning vectors before the first answer (with a progress
    /// bar on a terminal). A large one is left to the background builder of the long-running bot;
    /// a one-shot command then answers by words and says so once.
    /// </summary>
    private static async Task PrepareMeaningAsync(IHost host, TextWriter error, bool inBackgroundOtherwise, CancellationToken ct)
    {
        var options = host.Services.GetRequiredService<IOptions<AnswerOptions>>().Value;
        var library = host.Services.GetRequiredService<ArticleLibrary>();
        if (!options.UseSemanticFor(library.SentenceCount))
        {
            if (options.Semantic)
            {
                await error.WriteLineAsync($"Note: {library.SentenceCount:N0} sentences is more than Answers:SemanticMaxSentences ({options.SemanticMaxSentences:N0}), so answers use words alone.");
            }

            return;
        }

        var semantic = host.Services.GetRequiredService<SemanticIndex>();
        int missing = semantic.MissingArticles;
        if (missing == 0)
        {
            return;
        }

        if (missing <= options.SemanticInlineArticles)
        {
            IProgress<IndexProgress>? progress = Console.IsErrorRedirected || !ReferenceEquals(error, Console.Error) ? null : new TerminalProgressBar(error, "Reading meaning");
            await semantic.BuildAsync(progress, ct);
        }
        else if (!inBackgroundOtherwise)
        {
            await error.WriteLineAsync($"Note: {missing:N0} articles have no sentence-meaning vectors yet, so answers use words alone; 'policybot serve' or the shell computes them in the background.");
        }
    }

    /// <summary>Validates options and opens the library up front, so a bad setting or folder is one clear line, not a stack trace.</summary>
    private static ArticleLibrary? OpenLibrary(IHost host, TextWriter error, bool reportProblemsToLog = false)
    {
        try
        {
            foreach (var validator in host.Services.GetServices<IStartupValidator>())
            {
                validator.Validate();
            }

            var library = host.Services.GetRequiredService<ArticleLibrary>();
            foreach (var problem in library.Problems)
            {
                if (reportProblemsToLog)
                {
                    host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot.Articles")
                        .LogWarning("Skipped {Path}: {Reason}.", problem.Path, problem.Reason);
                }
                else
                {
                    error.WriteLine($"Skipped {problem.Path}: {problem.Reason}.");
                }
            }

            return library;
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"Invalid configuration: {string.Join(" ", ex.Failures)}");
        }
        catch (DirectoryNotFoundException ex)
        {
            error.WriteLine(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"The articles could not be loaded: {ex.Message}");
        }

        return null;
    }
}
