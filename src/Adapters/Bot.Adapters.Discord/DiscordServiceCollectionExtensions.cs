using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Commands;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.Adapters.Discord.Http;
using PolicyBot.Adapters.Discord.Signing;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Adapters.Discord;

public static class DiscordServiceCollectionExtensions
{
    /// <summary>The <see cref="IHttpClientFactory"/> client of the Discord REST API.</summary>
    public const string HttpClientName = "PolicyBot.Discord";

    /// <summary>True when the configuration enables Discord (Discord:Enabled).</summary>
    public static bool IsDiscordEnabled(IConfiguration configuration) =>
        configuration.GetSection(DiscordOptions.Section).GetValue<bool>(nameof(DiscordOptions.Enabled));

    /// <summary>
    /// Registers the Discord adapter: options bound from <c>Discord</c> and validated at start (a missing secret stops
    /// the host naming the setting), the REST client, the signature check of interactions, command registration at
    /// start, and the Gateway connection for mentions and DMs when <c>Discord:Gateway</c> is true. Needs the Core services.
    /// </summary>
    public static IServiceCollection AddDiscordAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DiscordOptions>().Bind(configuration.GetSection(DiscordOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // The REST client is one long-lived instance (it keeps the rate-limit buckets), so its factory client keeps one
        // handler for good and lets the handler's pooled connections expire instead, to follow DNS changes.
        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            var client = new DiscordRestClient(http, options.ApiBaseUrl, options.BotToken ?? "", sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<DiscordRestClient>());
            sp.GetService<PolicyBotMetrics>()?.TrackRateLimitWaits("discord", () => client.RateLimitWaits);
            return client;
        });
        services.AddSingleton(sp => new DiscordSignatureVerifier(sp.GetRequiredService<IOptions<DiscordOptions>>().Value.PublicKey ?? ""));
        services.AddSingleton(sp => new DiscordInteractionTiming { InlineBudget = sp.GetRequiredService<IOptions<DiscordOptions>>().Value.InlineBudget });
        services.AddSingleton<DiscordInFlight>();
        services.AddHostedService(sp => sp.GetRequiredService<DiscordInFlight>());
        services.AddSingleton<PolicyBot.Core.Alerts.IAlertSender, DiscordAlertSender>();
        if (configuration.GetSection(DiscordOptions.Section).GetValue(nameof(DiscordOptions.RegisterCommands), true))
        {
            services.AddSingleton<DiscordCommandRegistration>();
            services.AddHostedService(sp => sp.GetRequiredService<DiscordCommandRegistration>());
        }

        if (configuration.GetSection(DiscordOptions.Section).GetValue<bool>(nameof(DiscordOptions.Gateway)))
        {
            services.AddSingleton<DiscordMessageResponder>();
            services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<DiscordOptions>>().Value;
                var api = sp.GetRequiredService<DiscordRestClient>();
                return new DiscordGatewayClient(
                    new DiscordGatewayClientOptions
                    {
                        BotToken = options.BotToken ?? "",
                        Shard = options.ShardCount is int count ? new DiscordGatewayShard(options.ShardId ?? 0, count) : null,
                    },
                    async ct => options.GatewayUrl ?? await api.GetGatewayUrlAsync(ct) ?? throw new InvalidOperationException("GET /gateway/bot gave no URL"),
                    sp.GetRequiredService<DiscordMessageResponder>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<DiscordGatewayClient>>());
            });
            services.AddHostedService<DiscordGatewayService>();
            services.AddHealthChecks().AddCheck<DiscordGatewayHealthCheck>(DiscordGatewayHealthCheck.Name);
        }

        return services;
    }

    /// <summary>Maps <c>POST /discord/interactions</c>.</summary>
    public static IEndpointRouteBuilder MapDiscordEndpoints(this IEndpointRouteBuilder app) => app.MapDiscordInteractions();
}
