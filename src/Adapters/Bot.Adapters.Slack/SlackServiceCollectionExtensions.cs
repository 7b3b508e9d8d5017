using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Adapters.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>The <see cref="IHttpClientFactory"/> client of the Slack Web API.</summary>
    public const string HttpClientName = "PolicyBot.Slack";

    /// <summary>True when the configuration enables Slack (Slack:Enabled).</summary>
    public static bool IsSlackEnabled(IConfiguration configuration) =>
        configuration.GetSection(SlackOptions.Section).GetValue<bool>(nameof(SlackOptions.Enabled));

    /// <summary>
    /// Registers the Slack adapter (HTTP mode): options bound from <c>Slack</c> and validated at start
    /// (a missing secret stops the host naming the setting), the Web API client, signature checks,
    /// de-duplication, and the worker that answers acknowledged messages. Needs the Core services.
    /// </summary>
    public static IServiceCollection AddSlackAdapter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().Bind(configuration.GetSection(SlackOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // The Web API client is one long-lived instance (it paces posts per channel), so its factory client keeps one
        // handler for good and lets the handler's pooled connections expire instead, to follow DNS changes.
        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            var client = new SlackApiClient(http, options.ApiBaseUrl, options.BotToken ?? "", sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<SlackApiClient>());
            sp.GetService<PolicyBotMetrics>()?.TrackRateLimitWaits("slack", () => client.RateLimitWaits);
            return client;
        });
        services.AddSingleton(sp => new SlackSignatureVerifier(sp.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret ?? "", sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SlackDeduplicator(sp.GetRequiredService<InboundClaims>()));
        services.AddSingleton<SlackBotIdentity>();
        services.AddSingleton<SlackPendingMessages>();
        services.AddSingleton<SlackCommandTiming>();
        services.AddSingleton<SlackResponder>();
        services.AddSingleton<SlackCommandRunner>();
        services.AddSingleton<PolicyBot.Core.Alerts.IAlertSender, SlackAlertSender>();
        services.AddHostedService<SlackIdentityService>();
        services.AddHostedService<SlackWorker>();
        // One instance is both what button and slash-command work is tracked on and the hosted service that drains it.
        services.AddSingleton<SlackInFlight>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackInFlight>());
        if (IsSocketMode(configuration))
        {
            // One instance is both the hosted service and what the readiness check asks whether Slack is connected.
            services.AddSingleton<SlackSocketModeService>();
            services.AddHostedService(sp => sp.GetRequiredService<SlackSocketModeService>());
            services.AddHealthChecks().AddCheck<SlackSocketModeHealthCheck>(SlackSocketModeHealthCheck.Name);
        }

        return services;
    }

    /// <summary>True when Slack traffic arrives over a Socket Mode WebSocket rather than HTTP.</summary>
    public static bool IsSocketMode(IConfiguration configuration) =>
        configuration.GetSection(SlackOptions.Section).GetValue<SlackMode>(nameof(SlackOptions.Mode)) == SlackMode.Socket;

    /// <summary>Maps the Slack webhooks (HTTP mode): POST /slack/events, /slack/commands and /slack/interactions.</summary>
    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder app) => app.MapSlackEvents().MapSlackCommands().MapSlackInteractions();
}

/// <summary>Asks Slack who the bot is (auth.test) at start, so its own messages are never answered.</summary>
public sealed class SlackIdentityService : IHostedService
{
    private readonly SlackApiClient _api;
    private readonly SlackBotIdentity _identity;
    private readonly ILogger<SlackIdentityService> _logger;

    public SlackIdentityService(SlackApiClient api, SlackBotIdentity identity, ILogger<SlackIdentityService> logger)
    {
        _api = api;
        _identity = identity;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var me = await _api.AuthTestAsync(cancellationToken);
        if (me is null)
        {
            _logger.LogError("Slack auth.test failed: check Slack:BotToken. Messages will still be answered, but the bot's own echoes are recognised only by bot_id.");
            return;
        }

        _identity.UserId = me.UserId;
        _logger.LogInformation("Connected to Slack team {Team} as {User}", me.TeamId, me.UserId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
