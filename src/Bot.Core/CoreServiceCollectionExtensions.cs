using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;
using PolicyBot.Core.Feedback;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the article library, answering and command handling, binding and validating the
    /// <c>Articles</c> and <c>Answers</c> sections. The library is opened (and the index built or updated) by the
    /// host's explicit start step, <see cref="LibraryStartup.OpenAsync"/>, reporting to any registered
    /// <see cref="IProgress{IndexProgress}"/>; <see cref="ArticleLibrary"/> resolves once it has run.
    /// </summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        // One meter per container: the adapters and the dispatcher record on it, the host exposes it at /metrics.
        services.TryAddSingleton<PolicyBotMetrics>();
        services.AddOptions<ArticleOptions>().Bind(configuration.GetSection(ArticleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnswerOptions>().Bind(configuration.GetSection(AnswerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        // Opened by the host's start step (LibraryStartup.OpenAsync with its token), not on first resolve.
        services.AddSingleton<LibraryStartup>();
        services.AddSingleton(sp => sp.GetRequiredService<LibraryStartup>().Library);
        // The process-wide model of the configured kind (not disposable: the container never closes it).
        services.AddSingleton(sp => SentenceEncoders.Shared(sp.GetRequiredService<IOptions<AnswerOptions>>().Value.GetEncoderKind()));
        services.AddSingleton(sp =>
        {
            var library = sp.GetRequiredService<ArticleLibrary>();
            var kind = sp.GetRequiredService<IOptions<AnswerOptions>>().Value.GetEncoderKind();
            string? vectors = library.IndexPath is null ? null : Path.Combine(library.IndexPath, SentenceEncoders.VectorsFileName(kind));
            return new SemanticIndex(library, sp.GetRequiredService<ISentenceEncoder>(), vectors);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AnswerOptions>>().Value;
            var library = sp.GetRequiredService<ArticleLibrary>();
            var semantic = options.UseSemanticFor(library.SentenceCount) ? sp.GetRequiredService<SemanticIndex>() : null;
            return new QuestionAnswerer(library, options, semantic);
        });
        services.AddSingleton<BotEngine>();
        services.AddChatBot();
        if (IsWatchEnabled(configuration))
        {
            // Registered, not started: the host runs it only in the long-running modes (shell, serve), and
            // one-shot commands can still resolve it to index a file they just wrote (RefreshNowAsync).
            services.AddSingleton<ArticleFolderWatcher>();
        }

        // Every platform records "Helpful" / "Not helpful" in one log.
        services.AddOptions<FeedbackOptions>().Bind(configuration.GetSection(FeedbackOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new FeedbackLog(sp.GetRequiredService<IOptions<FeedbackOptions>>().Value.ResolvePath()));
        services.AddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<FeedbackLog>());
        return services;
    }

    /// <summary>
    /// Registers the one way into the bot, <see cref="IChatBot"/>, over a <see cref="BotEngine"/> registered already (by
    /// <see cref="AddBotCore"/>, or by a test), with the in-process conversation memory unless a shared
    /// <see cref="IConversationStore"/> was registered first.
    /// </summary>
    public static IServiceCollection AddChatBot(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IConversationStore, ConversationMemory>();
        services.TryAddSingleton<IChatBot, ChatBot>();
        // Incoming work claimed once, in memory and across replicas when they share a store (keys carry the platform).
        services.TryAddSingleton(sp => new InboundClaims(sp.GetRequiredService<TimeProvider>(), sp.GetService<IReplicaCoordination>()));
        return services;
    }

    /// <summary>
    /// Registers alerts: the planner (a library change listener), the composer, the dispatcher and the channel commands,
    /// binding and validating <c>Alerts</c>. They depend on the store roles (<see cref="ISubscriptionStore"/>,
    /// <see cref="IArticleVersionStore"/>, <see cref="IOutboxStore"/>, <see cref="IFeedStateStore"/>,
    /// <see cref="IReplicaCoordination"/>), which an infrastructure project registers (PolicyBot.Storage's
    /// <c>AddBotStorage</c>). The platforms add their <see cref="IAlertSender"/>s; the host runs <see cref="AlertDispatcher.RunAsync"/>.
    /// </summary>
    public static IServiceCollection AddBotAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FleetOptions>().Bind(configuration.GetSection(FleetOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => ReplicaIdentity.Create(sp.GetRequiredService<IOptions<FleetOptions>>().Value.ReplicaId));
        services.AddSingleton<AlertComposer>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton(sp => new AlertPlanner(
            sp.GetRequiredService<ArticleLibrary>(),
            sp.GetRequiredService<QuestionAnswerer>(),
            sp.GetRequiredService<ISubscriptionStore>(),
            sp.GetRequiredService<IArticleVersionStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<AlertPlanner>(),
            sp.GetRequiredService<AlertDispatcher>().Wake));
        services.AddSingleton<ILibraryChangeListener>(sp => sp.GetRequiredService<AlertPlanner>());
        services.AddSingleton(sp => new AlertCommands(sp.GetRequiredService<ISubscriptionStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IArticleAdder>()));
        return services;
    }

    /// <summary>Whether <c>Articles:Watch</c> (default true) asks for the folder to be watched.</summary>
    public static bool IsWatchEnabled(IConfiguration configuration) =>
        configuration.GetSection(ArticleOptions.Section).GetValue(nameof(ArticleOptions.Watch), defaultValue: true);
}
