using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Hosting;

/// <summary><c>policybot serve</c>: the enabled chat platforms and the HTTP endpoints, without the shell.</summary>
public static partial class PolicyBotCli
{
    private static Command ServeCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter error)
    {
        var command = new Command("serve", "Run the enabled chat platforms and HTTP endpoints without the shell, until stopped (Ctrl-C).\n\nExample:\n  policybot serve --articles /srv/articles");
        command.SetAction((parse, ct) => ServeAsync(configArgs, parse.GetValue(articles), error, ct));
        return command;
    }

    /// <summary>The enabled platforms on Kestrel; with none enabled, the index is kept ready and a warning says so.</summary>
    private static async Task<int> ServeAsync(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        var web = BotHost.CreateWebBuilder(configArgs);
        if (BotHost.AnyPlatformEnabled(web.Configuration))
        {
            return await ServeWebAsync(web, articlesFolder, error, ct);
        }

        web.Configuration.Dispose();
        using var idle = BotHost.Build(configArgs, articlesFolder, new HostMode(Shell: false, LogLevel.Information, LogProgress: true), error);
        if (await OpenLibraryAsync(idle, error, reportProblemsToLog: true, ct) is null)
        {
            return Failure;
        }

        idle.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyBot")
            .LogWarning("No chat platform is enabled (Slack:Enabled, Discord:Enabled): the articles are indexed and nothing else will run until one is.");
        await idle.RunAsync(ct);
        return Success;
    }

    private static async Task<int> ServeWebAsync(WebApplicationBuilder web, string? articlesFolder, TextWriter error, CancellationToken ct)
    {
        await using var app = BotHost.BuildWeb(web, articlesFolder, error);
        if (await OpenLibraryAsync(app, error, reportProblemsToLog: true, ct) is null)
        {
            return Failure;
        }

        await app.RunAsync(ct);
        return Success;
    }
}
