using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;

namespace PolicyBot.Adapters.Discord.Commands;

/// <summary>
/// Bulk-overwrites the application's commands at start: in <c>Discord:GuildId</c> when set (updates show at once,
/// for development), globally otherwise. A refusal is logged with Discord's reason; the bot keeps running, since
/// mentions, DMs and commands registered earlier still work.
/// </summary>
public sealed class DiscordCommandRegistration : IHostedService
{
    private readonly DiscordRestClient _api;
    private readonly DiscordOptions _options;
    private readonly ILogger<DiscordCommandRegistration> _logger;

    public DiscordCommandRegistration(DiscordRestClient api, IOptions<DiscordOptions> options, ILogger<DiscordCommandRegistration> logger)
    {
        _api = api;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>True once Discord accepted the definitions.</summary>
    public bool Registered { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? guild = string.IsNullOrWhiteSpace(_options.GuildId) ? null : _options.GuildId.Trim();
        var result = await _api.OverwriteCommandsAsync(_options.ApplicationId ?? "", guild, DiscordCommands.Definitions(), cancellationToken);
        if (result.Ok)
        {
            Registered = true;
            _logger.LogInformation("Registered the Discord commands {Scope}", guild is null ? "globally (they can take a while to appear)" : $"in guild {guild}");
            return;
        }

        string errors = result.Body?["errors"]?.ToJsonString() ?? "";
        _logger.LogError("Discord refused the command definitions: {Result} {Errors}. Check Discord:ApplicationId and Discord:BotToken.", result, errors);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
