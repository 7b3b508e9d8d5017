using System.Text;
using PolicyBot.Adapters.Discord.Interactions;

namespace PolicyBot.Adapters.Discord.Tests.Interactions;

public class DiscordInteractionParserTests
{
    private static DiscordInteraction Load(string name) =>
        DiscordInteractionParser.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Payloads", "Interactions", name)))
        ?? throw new InvalidOperationException(name + " did not parse");

    [Fact]
    public void SlashCommandInAGuild_ReadsUserCommandAndOptions()
    {
        var interaction = Load("slash-ask-guild.json");

        Assert.Equal(DiscordInteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("1180000000000000777", interaction.Id);
        Assert.Equal("1180000000000000001", interaction.ApplicationId);
        Assert.Equal("1180000000000000500", interaction.ChannelId);
        Assert.Equal("1180000000000000900", interaction.GuildId);
        Assert.Equal("1180000000000000333", interaction.UserId);
        Assert.Equal("2147483647", interaction.MemberPermissions);
        Assert.Equal("ask", interaction.CommandName);
        Assert.Equal("How much did the tariff on Chinese EVs rise?", interaction.StringOption("question"));
        Assert.True(interaction.BoolOption("private"));
        Assert.Null(interaction.FocusedOption);
    }

    [Fact]
    public void AutocompleteInADm_ReadsTheFocusedOptionAndTheUserOutsideMember()
    {
        var interaction = Load("autocomplete-summary-dm.json");

        Assert.Equal(DiscordInteractionType.Autocomplete, interaction.Type);
        Assert.Null(interaction.GuildId);
        Assert.Equal("1180000000000000334", interaction.UserId);
        Assert.Equal("article", interaction.FocusedOption);
        Assert.Equal("tarif", interaction.StringOption("article"));
    }

    [Fact]
    public void ButtonOnAnEphemeralMessage_ReadsCustomIdAndTheMessage()
    {
        var interaction = Load("button-more-ephemeral.json");

        Assert.Equal(DiscordInteractionType.MessageComponent, interaction.Type);
        Assert.Equal("pb:more", interaction.CustomId);
        Assert.True(interaction.MessageIsEphemeral);
        Assert.NotNull(interaction.Message);
    }

    [Fact]
    public void SubCommandOptions_AreFlattened()
    {
        const string body = """{"id":"1","token":"t","type":2,"data":{"name":"alerts","options":[{"name":"add","type":1,"options":[{"name":"topic","type":3,"value":"steel"}]}]}}""";

        var interaction = DiscordInteractionParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal("steel", interaction!.StringOption("topic"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"type":2,"token":"t"}""")]
    [InlineData("""{"type":2,"id":"1"}""")]
    [InlineData("""{"type":42,"id":"1","token":"t"}""")]
    [InlineData("""{"type":"2","id":"1","token":"t"}""")]
    [InlineData("""{"type":2,"id":1,"token":"t"}""")]
    public void Malformed_IsNull(string body)
    {
        Assert.Null(DiscordInteractionParser.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void WrongOptionTypes_AreAbsentNotErrors()
    {
        const string body = """{"id":"1","token":"t","type":2,"data":{"name":"ask","options":[{"name":"question","type":3,"value":7},{"name":"private","type":5,"value":"yes"},{"value":"nameless"}]}}""";

        var interaction = DiscordInteractionParser.Parse(Encoding.UTF8.GetBytes(body))!;

        Assert.Null(interaction.StringOption("question"));
        Assert.False(interaction.BoolOption("private"));
    }
}
