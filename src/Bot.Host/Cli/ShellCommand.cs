using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Hosting;

/// <summary><c>policybot</c> with no command: the shell, or the platforms when one is enabled.</summary>
public static partial class PolicyBotCli
{
    /// <summary>
    /// <c>policybot</c> with no command: the enabled chat platforms when the host's configuration (every source,
    /// <c>appsettings.{Environment}.json</c> and user secrets included) enables one, else the interactive shell.
    /// </summary>
    private static Task<int> RunDefaultAsync(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        var web = BotHost.CreateWebBuilder(configArgs);
        if (BotHost.AnyPlatformEnabled(web.Configuration))
        {
            return ServeWebAsync(web, articlesFolder, error, ct);
        }

        web.Configuration.Dispose();
        return RunShellAsync(configArgs, articlesFolder, error, ct);
    }

    private static async Task<int> RunShellAsync(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        using var host = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: true, LogLevel.Warning, LogProgress: false), error);
        if (await OpenLibraryAsync(host, error, reportProblemsToLog: false, ct) is null)
        {
            return Failure;
        }

        await PrepareMeaningAsync(host, error, inBackgroundOtherwise: true, ct);
        await host.RunAsync(ct);
        return Success;
    }
}
