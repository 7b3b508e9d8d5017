using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Commands;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Commands;

public sealed class DiscordCommandRegistrationTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private DiscordCommandRegistration Registration(FakeDiscordApi discord, string? guildId, string? token = null) => new(
        new DiscordRestClient(_http, discord.ApiBaseUrl, token ?? discord.BotToken, TimeProvider.System, NullLogger.Instance),
        Options.Create(new DiscordOptions { Enabled = true, ApplicationId = discord.ApplicationId, GuildId = guildId }),
        NullLogger<DiscordCommandRegistration>.Instance);

    [Fact]
    public async Task WithGuildId_OverwritesTheGuildsCommandsOnly()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var registration = Registration(discord, FakeDiscordApi.DefaultGuildId);

        await registration.StartAsync(CancellationToken.None);

        Assert.True(registration.Registered);
        Assert.Equal(1, discord.CommandPuts(FakeDiscordApi.DefaultGuildId));
        Assert.Equal(10, discord.GuildCommands(FakeDiscordApi.DefaultGuildId).Count);
        Assert.Empty(discord.GlobalCommands);
    }

    [Fact]
    public async Task WithoutGuildId_OverwritesGlobally()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var registration = Registration(discord, "  ");

        await registration.StartAsync(CancellationToken.None);

        Assert.True(registration.Registered);
        Assert.Equal(10, discord.GlobalCommands.Count);
    }

    [Fact]
    public async Task Refused_IsLoggedAndTheHostCarriesOn()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var registration = Registration(discord, null, token: "wrong");

        await registration.StartAsync(CancellationToken.None);

        Assert.False(registration.Registered);
        Assert.Empty(discord.GlobalCommands);
    }
}
