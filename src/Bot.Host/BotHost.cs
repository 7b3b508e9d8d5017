using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord;
using PolicyBot.Adapters.Shell;
using PolicyBot.Adapters.Slack;
using PolicyBot.Core;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;
using PolicyBot.Feeds;
using PolicyBot.Storage;
using PolicyBot.Hosting.Diagnostics;
using PolicyBot.Hosting.Health;

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
            ContentRootPath = ContentRoot(),
        });
        AddUserSecrets(builder.Configuration);
        Configure(builder, articlesFolder, mode, error, configure);
        if (mode.Shell)
        {
            builder.Services.AddShellAdapter();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        }

        return new LibraryFirstHost(builder.Build());
    }

    /// <summary>
    /// A host whose start runs the explicit start step first: the article library is opened with the start token
    /// (<see cref="LibraryStartup.OpenAsync"/>) before the hosted services, several of which answer from it, start.
    /// </summary>
    private sealed class LibraryFirstHost : IHost
    {
        private readonly IHost _inner;

        public LibraryFirstHost(IHost inner)
        {
            _inner = inner;
        }

        public IServiceProvider Services => _inner.Services;

        public async Task StartAsync(CancellationToken cancellationToken = default)
        {
            await _inner.Services.GetRequiredService<LibraryStartup>().OpenAsync(cancellationToken);
            await _inner.StartAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken = default) => _inner.StopAsync(cancellationToken);

        public void Dispose() => _inner.Dispose();
    }

    /// <summary>
    /// True when a chat platform is enabled, so the bot serves HTTP instead of the shell. Asked of the configuration a
    /// host builder built (<see cref="CreateWebBuilder"/>), so <c>appsettings.{Environment}.json</c> and user secrets count.
    /// </summary>
    public static bool AnyPlatformEnabled(IConfiguration configuration) =>
        SlackServiceCollectionExtensions.IsSlackEnabled(configuration) || DiscordServiceCollectionExtensions.IsDiscordEnabled(configuration);

    /// <summary>
    /// The folder whose <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> are read: beside the
    /// executable, so a published bot finds its settings wherever it is started from, unless <c>DOTNET_CONTENTROOT</c>
    /// names another (the host's standard setting).
    /// </summary>
    private static string ContentRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is { Length: > 0 } root ? root : AppContext.BaseDirectory;

    /// <summary>
    /// Reads the user secrets of <c>dotnet user-secrets … --project src/Bot.Host</c> in every environment, not only in
    /// Development as ASP.NET's default does: <c>dotnet run</c> sets no environment here, and a server without a secrets
    /// file is unaffected (the file is optional). They sit where the default host puts them: above the JSON files,
    /// below environment variables and the command line.
    /// </summary>
    private static void AddUserSecrets(ConfigurationManager configuration)
    {
        var sources = configuration.Sources;
        if (sources.OfType<Microsoft.Extensions.Configuration.Json.JsonConfigurationSource>().Any(s => s.Path == "secrets.json"))
        {
            return; // Development with the entry assembly as application: the default host already added them.
        }

        var secrets = new ConfigurationBuilder().AddUserSecrets(typeof(BotHost).Assembly, optional: true, reloadOnChange: false).Sources;
        int environment = sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        int at = environment < 0 ? sources.Count : environment;
        foreach (var source in secrets.Reverse())
        {
            sources.Insert(at, source);
        }
    }

    /// <summary>How long a stopping host waits for answers and requests in flight (<c>Http:ShutdownTimeout</c>).</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The long-running bot with its platforms: Kestrel on <c>Http:Urls</c> (default
    /// http://127.0.0.1:3000) serving the platforms' webhooks, <c>GET /healthz</c> (alive), <c>GET /readyz</c>
    /// (index, store and platform connections) and <c>GET /metrics</c> (Prometheus text format).
    /// </summary>
    public static WebApplication BuildWeb(IReadOnlyList<string> configArgs, string? articlesFolder, TextWriter error, Action<IServiceCollection>? configure = null) =>
        BuildWeb(CreateWebBuilder(configArgs), articlesFolder, error, configure);

    /// <summary>The builder of the long-running bot with every configuration source (see <see cref="AnyPlatformEnabled"/>).</summary>
    public static WebApplicationBuilder CreateWebBuilder(IReadOnlyList<string> configArgs)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = configArgs.ToArray(),
            ContentRootPath = ContentRoot(),
        });
        AddUserSecrets(builder.Configuration);
        return builder;
    }

    /// <inheritdoc cref="BuildWeb(IReadOnlyList{string}, string?, TextWriter, Action{IServiceCollection}?)"/>
    public static WebApplication BuildWeb(WebApplicationBuilder builder, string? articlesFolder, TextWriter error, Action<IServiceCollection>? configure = null)
    {
        // Kestrel's addresses are needed before the container exists; the same section is validated at start below.
        var http = builder.Configuration.GetSection(HttpOptions.Section).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(http.Urls) ? new HttpOptions().Urls : http.Urls);
        Configure(builder, articlesFolder, new HostMode(Shell: false, LogLevel.Information, LogProgress: true), error, configure);
        if (SlackServiceCollectionExtensions.IsSlackEnabled(builder.Configuration))
        {
            builder.Services.AddSlackAdapter(builder.Configuration);
        }

        if (DiscordServiceCollectionExtensions.IsDiscordEnabled(builder.Configuration))
        {
            builder.Services.AddDiscordAdapter(builder.Configuration);
        }

        builder.Services.AddOptions<HttpOptions>().Bind(builder.Configuration.GetSection(HttpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<HttpOptions>>((host, options) => host.ShutdownTimeout = options.Value.ShutdownTimeout);
        builder.Services.AddSingleton<PrometheusExport>();

        var app = builder.Build();
        // Listening from the start: measurements made before the first scrape count too.
        var prometheus = app.Services.GetRequiredService<PrometheusExport>();
        prometheus.UseHttpMetrics(app);
        app.MapHealthChecks("/healthz", ReadinessResponse.Liveness);
        app.MapHealthChecks("/readyz", ReadinessResponse.Readiness);
        prometheus.MapMetrics(app);
        if (SlackServiceCollectionExtensions.IsSlackEnabled(builder.Configuration) && !SlackServiceCollectionExtensions.IsSocketMode(builder.Configuration))
        {
            app.MapSlackEndpoints();
        }

        if (DiscordServiceCollectionExtensions.IsDiscordEnabled(builder.Configuration))
        {
            app.MapDiscordEndpoints();
        }

        return app;
    }

    /// <summary>True when <c>Logging:Format</c> asks for JSON lines instead of the simple console format.</summary>
    public static bool IsJsonLogging(IConfiguration configuration) =>
        (configuration.GetSection(LoggingFormatOptions.Section).Get<LoggingFormatOptions>() ?? new LoggingFormatOptions()).IsJson;

    /// <summary>
    /// The console logger (always on stderr): one JSON object per line with the scopes as fields when
    /// <c>Logging:Format=json</c> (the adapters' scopes carry platform, channel and message_id), else one simple line.
    /// </summary>
    internal static void ConfigureConsoleFormat(ILoggingBuilder logging, IConfiguration configuration, HostMode mode)
    {
        if (IsJsonLogging(configuration))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
            return;
        }

        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = mode.LogProgress ? "HH:mm:ss " : null;
        });
    }

    private static void Configure(IHostApplicationBuilder builder, string? articlesFolder, HostMode mode, TextWriter error, Action<IServiceCollection>? configure)
    {
        if (articlesFolder is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Articles:Path"] = articlesFolder });
        }

        // The console format is chosen before the container exists (IsJsonLogging); a value that is neither fails at start.
        builder.Services.AddOptions<LoggingFormatOptions>().Bind(builder.Configuration.GetSection(LoggingFormatOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Logging.ClearProviders();
        ConfigureConsoleFormat(builder.Logging, builder.Configuration, mode);
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(mode.MinimumLevel);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", mode.LogProgress ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // The HTTP client factory logs every request at Information; the feeds and adapters log what matters themselves.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddBotFeeds(builder.Configuration);
        // The readiness checks, listed by /readyz in the order registered: the index, the store, then the adapters' own.
        builder.Services.AddHealthChecks().AddCheck<IndexHealthCheck>(IndexHealthCheck.Name);
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
            // One instance is both the hosted service and a listener, so a refresh wakes the same builder loop.
            builder.Services.AddSingleton(sp => new SemanticIndexBuilder(
                sp.GetRequiredService<LibraryStartup>(), sp.GetRequiredService<SemanticIndex>, sp.GetRequiredService<IOptions<AnswerOptions>>(), sp.GetRequiredService<ILogger<SemanticIndexBuilder>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SemanticIndexBuilder>());
            builder.Services.AddSingleton<ILibraryChangeListener>(sp => sp.GetRequiredService<SemanticIndexBuilder>());
            if (builder.Configuration.GetSection(AlertOptions.Section).GetValue(nameof(AlertOptions.Enabled), true))
            {
                builder.Services.AddBotAlerts(builder.Configuration);
                builder.Services.AddBotStorage(builder.Configuration);
                // The store's readiness check: the outbox role of the one store answers within the check's timeout.
                builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name);
                builder.Services.AddHostedService<AlertService>();
                builder.Services.AddHostedService<OutboxDepthService>();
                builder.Services.AddBotFeedPolling();
                // Replicas sharing the store: this one's changes announced, the others' listened for.
                builder.Services.AddSingleton<ILibraryChangeListener, LibraryChangeAnnouncer>();
                builder.Services.AddHostedService<LibrarySyncService>();
            }

            if (CoreServiceCollectionExtensions.IsWatchEnabled(builder.Configuration))
            {
                // Only the long-running modes watch; ask, summary and articles read the folder once and exit.
                builder.Services.AddHostedService<ArticleFolderWatcherService>();
            }
        }
    }
}
