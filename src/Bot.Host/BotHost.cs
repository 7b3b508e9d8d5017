using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>How a command wants the host: which adapters run and how talkative logging is.</summary>
public sealed record HostMode(bool Shell, LogLevel MinimumLevel, bool LogProgress);

/// <summary>The composition root: configuration sources, logging, Core, and the adapters a command needs.</summary>
public static class BotHost
{
    public static IHost Build(IReadOnlyList<string> configArgs, string? articlesFolder, HostMode mode, TextWriter error, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configArgs.ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });

        if (articlesFolder is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Articles:Path"] = articlesFolder });
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = mode.LogProgress ? "HH:mm:ss " : null;
        });
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(mode.MinimumLevel);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", mode.LogProgress ? LogLevel.Information : LogLevel.Warning);

        builder.Services.AddBotCore(builder.Configuration);
        if (mode.LogProgress || Console.IsErrorRedirected)
        {
            builder.Services.AddSingleton<IProgress<IndexProgress>, LoggingProgress>();
        }
        else
        {
            builder.Services.AddSingleton<IProgress<IndexProgress>>(new TerminalProgressBar(error));
        }

        configure?.Invoke(builder.Services);
        if (mode.Shell || mode.LogProgress)
        {
            builder.Services.AddHostedService<SemanticIndexBuilder>();
        }

        if (mode.Shell)
        {
            builder.Services.AddShellAdapter();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        }

        return builder.Build();
    }
}
