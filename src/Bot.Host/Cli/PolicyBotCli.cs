using System.CommandLine;

namespace PolicyBot.Hosting;

/// <summary>
/// The command line (design.md): run the bot, ask, summary, articles, serve. Exit codes: 0 success,
/// 1 failure, 2 bad usage; errors are one sentence on stderr. Arguments of the form
/// <c>--Section:Key=value</c> are configuration overrides and are passed to the host.
/// </summary>
public static partial class PolicyBotCli
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
        root.SetAction((parse, ct) => RunDefaultAsync(configArgs, parse.GetValue(articles), error, ct));

        root.Subcommands.Add(AskCommand(configArgs, articles, output, error));
        root.Subcommands.Add(SummaryCommand(configArgs, articles, output, error));
        root.Subcommands.Add(ArticlesCommand(configArgs, articles, output, error));
        root.Subcommands.Add(AddArticleCommand(configArgs, articles, output, error));
        root.Subcommands.Add(ServeCommand(configArgs, articles, error));
        return root;
    }
}
