using System.Text.Json;
using PolicyBot.Adapters.Discord.Gateway;

namespace PolicyBot.Adapters.Discord.Tests.Gateway;

/// <summary>MESSAGE_CREATE parsing on recorded-style frames under Payloads/Gateway.</summary>
public sealed class DiscordGatewayPayloadsTests
{
    private const string BotUserId = "1100000000000000001";

    private static DiscordGatewayMessage? Parse(string fixture)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "Gateway", fixture)));
        return DiscordGatewayPayloads.ParseMessageCreate(document.RootElement.GetProperty("d"));
    }

    [Fact]
    public void ParseMessageCreate_GuildMention_ReadsEveryField()
    {
        var message = Parse("message_create_guild_mention.json");

        Assert.NotNull(message);
        Assert.Equal("1402873399611768832", message.Id);
        Assert.Equal("1300000000000000100", message.ChannelId);
        Assert.Equal("1300000000000000001", message.GuildId);
        Assert.Equal("1200000000000000042", message.AuthorId);
        Assert.False(message.AuthorIsBot);
        Assert.Equal("<@1100000000000000001> How many days of parental leave do we get?", message.Content);
        Assert.Equal(new[] { BotUserId }, message.MentionedUserIds);
        Assert.False(message.MentionEveryone);
        Assert.Null(message.WebhookId);
        Assert.False(message.IsDirectMessage);
    }

    [Fact]
    public void ParseMessageCreate_DirectMessage_HasNoGuildAndKeepsContent()
    {
        var message = Parse("message_create_dm.json");

        Assert.NotNull(message);
        Assert.Null(message.GuildId);
        Assert.True(message.IsDirectMessage);
        Assert.Equal("what is the travel expense limit?", message.Content);
        Assert.Empty(message.MentionedUserIds);
    }

    [Fact]
    public void ParseMessageCreate_BotsOwnMessage_IsMarkedAsFromABot()
    {
        var message = Parse("message_create_own.json");

        Assert.NotNull(message);
        Assert.Equal(BotUserId, message.AuthorId);
        Assert.True(message.AuthorIsBot);
        Assert.Equal(new[] { "1200000000000000042" }, message.MentionedUserIds);
    }

    [Fact]
    public void ParseMessageCreate_WebhookMessage_CarriesWebhookIdAndEveryoneFlag()
    {
        var message = Parse("message_create_webhook.json");

        Assert.NotNull(message);
        Assert.Equal("1300000000000000900", message.WebhookId);
        Assert.True(message.AuthorIsBot);

        // @everyone is a flag; it never shows up in mentions[].
        Assert.True(message.MentionEveryone);
        Assert.Empty(message.MentionedUserIds);
    }

    [Fact]
    public void ParseMessageCreate_GuildMessageWithoutMessageContent_HasEmptyContent()
    {
        var message = Parse("message_create_guild_blanked.json");

        Assert.NotNull(message);
        Assert.Equal("", message.Content);
        Assert.Empty(message.MentionedUserIds);
    }

    [Theory]
    [InlineData("message_create_missing_author.json")]
    [InlineData("message_create_wrong_types.json")]
    public void ParseMessageCreate_MalformedPayload_ReturnsNull(string fixture)
    {
        Assert.Null(Parse(fixture));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"id":"1","channel_id":"2","author":{"id":"3"},"content":7}""")]
    [InlineData("""{"id":"1","channel_id":"2","author":{"id":"3","bot":"yes"}}""")]
    public void ParseMessageCreate_WrongShapes_ReturnsNull(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Null(DiscordGatewayPayloads.ParseMessageCreate(document.RootElement));
    }

    [Fact]
    public void ParseMessageCreate_MinimalMessage_DefaultsOptionalFields()
    {
        using var document = JsonDocument.Parse("""{"id":"1","channel_id":"2","author":{"id":"3"}}""");

        var message = DiscordGatewayPayloads.ParseMessageCreate(document.RootElement);

        Assert.NotNull(message);
        Assert.Equal(("1", "2", "3"), (message.Id, message.ChannelId, message.AuthorId));
        Assert.Equal((null, false, "", false, null), (message.GuildId, message.AuthorIsBot, message.Content, message.MentionEveryone, message.WebhookId));
        Assert.Empty(message.MentionedUserIds);
    }
}
