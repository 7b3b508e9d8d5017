using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Feeds;

public static class FeedsServiceCollectionExtensions
{
    /// <summary>
    /// Registers fetching and adding articles, which every command may use (<c>policybot add</c>, the chat
    /// <c>add</c> command): the feed settings of the <c>Articles</c> section (<see cref="FeedOptions"/>, validated at
    /// start), <see cref="SafeHttp"/> on the factory's <see cref="SafeHttp.ClientName"/> client whose connections are
    /// address-checked (internal addresses only with <c>Articles:AllowPrivateNetworks</c>), the
    /// <see cref="ArticleImporter"/> and the <see cref="IArticleAdder"/>. Needs the Core services (AddBotCore).
    /// Polling is <see cref="AddBotFeedPolling"/>.
    /// </summary>
    public static IServiceCollection AddBotFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSafeHttp(sp =>
        {
            bool allowPrivateNetworks = sp.GetRequiredService<IOptions<FeedOptions>>().Value.AllowPrivateNetworks;
            return address => SafeHttp.IsAllowedAddress(address, allowPrivateNetworks);
        });
        services.AddSingleton(sp => new ArticleImporter(sp.GetRequiredService<SafeHttp>(), sp.GetRequiredService<IOptions<FeedOptions>>().Value, sp.GetRequiredService<ILogger<ArticleImporter>>()));
        services.AddSingleton<IArticleAdder>(sp => new LibraryArticleAdder(sp.GetRequiredService<ArticleImporter>(), sp.GetRequiredService<ArticleLibrary>(), sp.GetService<ArticleFolderWatcher>()));
        return services;
    }

    /// <summary>
    /// Registers feed polling: the <see cref="FeedPoller"/> and the <see cref="FeedService"/> that runs it every
    /// <c>Articles:FeedInterval</c>. Only for the long-running bot with alerts: it needs <see cref="AddBotFeeds"/> and
    /// the alert stores (feed state, subscriptions) and senders.
    /// </summary>
    public static IServiceCollection AddBotFeedPolling(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FeedPoller(
            sp.GetRequiredService<IFeedStateStore>(),
            sp.GetRequiredService<SafeHttp>(),
            sp.GetRequiredService<IOptions<FeedOptions>>().Value,
            sp.GetRequiredService<IOptions<ArticleOptions>>().Value.ResolveFolder(),
            sp.GetRequiredService<ILogger<FeedPoller>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<FeedService>();
        return services;
    }

    /// <summary>
    /// The <see cref="SafeHttp.ClientName"/> client, whose primary handler connects only to the addresses
    /// <paramref name="addressPolicy"/> accepts, and <see cref="SafeHttp"/> on it. Tests pass their own policy to play
    /// a "public" site on loopback; the bot's is <see cref="SafeHttp.IsAllowedAddress"/>.
    /// </summary>
    internal static IServiceCollection AddSafeHttp(this IServiceCollection services, Func<IServiceProvider, Func<IPAddress, bool>> addressPolicy)
    {
        services.AddHttpClient(SafeHttp.ClientName, SafeHttp.ConfigureClient)
            .UseSocketsHttpHandler((handler, sp) => SafeHttp.ConfigureHandler(handler, addressPolicy(sp)));
        services.AddSingleton(sp => new SafeHttp(sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<FeedOptions>>().Value.FeedTimeout));
        return services;
    }
}
