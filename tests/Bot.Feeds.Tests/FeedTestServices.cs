using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PolicyBot.Feeds.Tests;

/// <summary>
/// Containers with the feeds' real registration, so every test fetch goes through the factory-made client and its
/// address-checking handler, exactly as in the bot.
/// </summary>
internal static class FeedTestServices
{
    /// <summary><see cref="FeedsServiceCollectionExtensions.AddBotFeeds"/> over these <c>Articles:*</c> settings, bound from configuration as the host does.</summary>
    public static ServiceProvider FromSettings(IReadOnlyDictionary<string, string?> articleSettings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(articleSettings.Select(s => KeyValuePair.Create($"{FeedOptions.Section}:{s.Key}", s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddBotFeeds(configuration).BuildServiceProvider();
    }

    /// <summary><see cref="FeedsServiceCollectionExtensions.AddBotFeeds"/> with <paramref name="options"/> as the feed settings.</summary>
    public static ServiceProvider FromOptions(FeedOptions options)
    {
        var services = new ServiceCollection().AddLogging().AddBotFeeds(new ConfigurationBuilder().Build());
        services.AddSingleton(Options.Create(options));
        return services.BuildServiceProvider();
    }

    /// <summary>The SafeHttp client registration with a test's own address policy (to play a "public" site on loopback).</summary>
    public static ServiceProvider WithAddressPolicy(Func<IPAddress, bool> addressAllowed, TimeSpan timeout)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton(Options.Create(new FeedOptions { FeedTimeout = timeout }));
        return services.AddSafeHttp(_ => addressAllowed).BuildServiceProvider();
    }
}
