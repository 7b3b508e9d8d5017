using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the store (<c>Storage</c>: SQLite by default, or PostgreSQL), binding and validating that section,
    /// as ONE <see cref="SqlStore"/> serving every store role — subscriptions, article versions, outbox, feed state,
    /// replica coordination, and feedback and conversations, which replace Core's in-process defaults (so call this
    /// after <c>AddBotCore</c>). One instance: a second would mean a second connection pool.
    /// </summary>
    public static IServiceCollection AddBotStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            // Describe() names the host and database only: the connection string's password never reaches a log.
            loggers.CreateLogger<SqlStore>().LogInformation("Store: {Store}", options.Describe());
            return SqlStore.Create(options, loggers, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<ISubscriptionStore>(sp => sp.GetRequiredService<SqlStore>());
        services.TryAddSingleton<IArticleVersionStore>(sp => sp.GetRequiredService<SqlStore>());
        services.TryAddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqlStore>());
        services.TryAddSingleton<IFeedStateStore>(sp => sp.GetRequiredService<SqlStore>());
        services.TryAddSingleton<IReplicaCoordination>(sp => sp.GetRequiredService<SqlStore>());
        // Not TryAdd: these two replace the in-process defaults Core registered (the JSON Lines file, the memory).
        services.AddSingleton<IFeedbackStore>(sp => sp.GetRequiredService<SqlStore>());
        services.AddSingleton<IConversationStore>(sp => sp.GetRequiredService<SqlStore>());
        return services;
    }
}
