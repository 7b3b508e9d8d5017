using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Hosting;

/// <summary>What every command does first: validate the settings, open the library, give it meaning vectors.</summary>
public static partial class PolicyBotCli
{
    private static async Task<int> RunWithLibraryAsync(
        IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, Func<IServiceProvider, CancellationToken, Task<int>> run, CancellationToken ct)
    {
        using var host = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: false, LogLevel.Warning, LogProgress: false), error);
        if (await OpenLibraryAsync(host, error, reportProblemsToLog: false, ct) is null)
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

    /// <summary>
    /// The start step of every command: validates options and opens the library (<see cref="LibraryStartup"/>) with the
    /// command's token before the host runs, so a bad setting or folder is one clear line, not a stack trace.
    /// </summary>
    private static async Task<ArticleLibrary?> OpenLibraryAsync(IHost host, TextWriter error, bool reportProblemsToLog, CancellationToken ct)
    {
        try
        {
            foreach (var validator in host.Services.GetServices<IStartupValidator>())
            {
                validator.Validate();
            }

            var library = await host.Services.GetRequiredService<LibraryStartup>().OpenAsync(ct);
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
