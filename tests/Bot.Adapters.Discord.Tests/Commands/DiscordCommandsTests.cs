using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyBot.Adapters.Discord.Commands;
using PolicyBot.Adapters.Discord.Interactions;
using PolicyBot.Adapters.Discord.Tests.Rendering;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord.Tests.Commands;

public partial class DiscordCommandsTests
{
    [Fact]
    public void Definitions_CoverEveryCommandOnce()
    {
        var names = DiscordCommands.Definitions().Select(c => (string)c!["name"]!).ToList();

        Assert.Equal(new[] { "ask", "summary", "articles", "quotes", "facts", "help", "subscribe", "unsubscribe", "subscriptions", "add" }, names);
    }

    /// <summary>Discord's rules for chat-input commands (protocols §2), checked here as the API checks them.</summary>
    [Fact]
    public void Definitions_MeetDiscordsLimits()
    {
        var commands = DiscordCommands.Definitions();
        Assert.InRange(commands.Count, 1, 100);
        foreach (var command in commands.Select(c => c!.AsObject()))
        {
            string name = (string)command["name"]!;
            AssertName(name);
            Assert.Equal(1, (int)command["type"]!);
            Assert.InRange(((string)command["description"]!).Length, 1, 100);
            Assert.True(command.ToJsonString().Length <= 8000, name);
            var options = command["options"]?.AsArray() ?? new JsonArray();
            Assert.InRange(options.Count, 0, 25);
            bool optionalSeen = false;
            foreach (var option in options.Select(o => o!.AsObject()))
            {
                AssertName((string)option["name"]!);
                Assert.InRange(((string)option["description"]!).Length, 1, 100);
                Assert.InRange((int)option["type"]!, 3, 11);
                bool required = option["required"] is JsonValue r && (bool)r;
                Assert.False(required && optionalSeen, $"{name}: required option after an optional one");
                optionalSeen |= !required;
                Assert.False(option["autocomplete"] is not null && option["choices"] is not null, $"{name}: autocomplete with choices");
                Assert.InRange(option["choices"]?.AsArray().Count ?? 0, 0, 25);
                if (option["max_length"] is JsonValue max)
                {
                    Assert.InRange((int)max, 1, 6000);
                }
            }

            Assert.Equal(options.Count, options.Select(o => (string)o!["name"]!).Distinct().Count());
        }
    }

    [Fact]
    public void ToBotCommand_MapsOptionsToCoreCommands()
    {
        Assert.Equal(new AskCommand("How much?"), DiscordCommands.ToBotCommand(Invocation("ask", ("question", "  How much? "))));
        Assert.IsType<InvalidCommand>(DiscordCommands.ToBotCommand(Invocation("ask", ("question", "   "))));
        Assert.Equal(new SummaryCommand("latest", 5), DiscordCommands.ToBotCommand(Invocation("summary", ("article", "latest"), ("sentences", 5))));
        Assert.Equal(new SummaryCommand(null, BotEngine.MaxSummarySentences), DiscordCommands.ToBotCommand(Invocation("summary", ("sentences", 999))));
        Assert.Equal(new QuotesCommand("Trudeau"), DiscordCommands.ToBotCommand(Invocation("quotes", ("target", "Trudeau"))));
        Assert.Equal(new FactsCommand(null), DiscordCommands.ToBotCommand(Invocation("facts")));
        Assert.IsType<ArticlesCommand>(DiscordCommands.ToBotCommand(Invocation("articles")));
        Assert.IsType<HelpCommand>(DiscordCommands.ToBotCommand(Invocation("help")));
        Assert.Contains("Unknown command /dance", ((InvalidCommand)DiscordCommands.ToBotCommand(Invocation("dance"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelCommands_NeedManageChannelsByDefaultAndMapToCore()
    {
        var managed = DiscordCommands.Definitions().Where(c => c!["default_member_permissions"] is not null).Select(c => (string)c!["name"]!).ToList();

        Assert.Equal(new[] { "subscribe", "unsubscribe", "add" }, managed);
        Assert.Equal(new SubscribeCommand("steel tariffs"), DiscordCommands.ToBotCommand(Invocation("subscribe", ("topic", " steel tariffs "))));
        Assert.Equal(new SubscribeCommand(null), DiscordCommands.ToBotCommand(Invocation("subscribe")));
        Assert.Equal(new UnsubscribeCommand(null), DiscordCommands.ToBotCommand(Invocation("unsubscribe")));
        Assert.IsType<SubscriptionsCommand>(DiscordCommands.ToBotCommand(Invocation("subscriptions")));
        Assert.Equal(new AddCommand("https://example.org/a"), DiscordCommands.ToBotCommand(Invocation("add", ("url", "https://example.org/a"))));
    }

    [Theory]
    [InlineData("16", "1200000000000000001", true)]
    [InlineData("8", "1200000000000000001", true)]
    [InlineData("2048", "1200000000000000001", false)]
    [InlineData(null, "1200000000000000001", false)]
    [InlineData("garbage", "1200000000000000001", false)]
    [InlineData(null, null, true)]
    public void MayManage_FollowsManageChannelsAdministratorOrADm(string? permissions, string? guild, bool expected)
    {
        var body = new JsonObject { ["id"] = "1", ["token"] = "t", ["type"] = 2, ["data"] = new JsonObject { ["name"] = "subscribe" } };
        if (guild is not null)
        {
            body["guild_id"] = guild;
            body["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "9" }, ["permissions"] = permissions };
        }
        else
        {
            body["user"] = new JsonObject { ["id"] = "9" };
        }

        var interaction = DiscordInteractionParser.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()))!;

        Assert.Equal(expected, DiscordCommands.MayManage(interaction));
    }

    [Fact]
    public void WantsPrivate_WhenAskedAndAlwaysForHelp()
    {
        Assert.True(DiscordCommands.WantsPrivate(Invocation("ask", ("question", "q"), ("private", true))));
        Assert.False(DiscordCommands.WantsPrivate(Invocation("ask", ("question", "q"))));
        Assert.True(DiscordCommands.WantsPrivate(Invocation("help")));
    }

    [Fact]
    public void Suggest_MatchesWordPrefixesAndOffersIdsAsValues()
    {
        var articles = new[] { DiscordSamples.Article, DiscordSamples.Other };

        var choices = DiscordCommands.Suggest(articles, "tarif chin");

        var only = Assert.Single(choices)!;
        Assert.Equal("ev-tariffs", (string?)only["value"]);
        Assert.Equal(DiscordSamples.Article.Title, (string?)only["name"]);
        Assert.Equal(2, DiscordCommands.Suggest(articles, "").Count);
        Assert.Empty(DiscordCommands.Suggest(articles, "zebra"));
    }

    [Fact]
    public void Suggest_CapsAtTwentyFiveWithNamesOfAtMostAHundredCharacters()
    {
        var articles = Enumerable.Range(1, 60)
            .Select(i => DiscordSamples.Other with { Id = "steel-" + i.ToString(CultureInfo.InvariantCulture), Title = "Steel " + new string('x', 30) + " " + string.Join(' ', Enumerable.Repeat("quotas tighten again", 8)) })
            .ToList();

        var choices = DiscordCommands.Suggest(articles, "ste");

        Assert.Equal(25, choices.Count);
        Assert.All(choices, c => Assert.InRange(((string)c!["name"]!).Length, 1, 100));
    }

    private static void AssertName(string name)
    {
        Assert.Matches(CommandName(), name);
        Assert.Equal(name.ToLowerInvariant(), name);
    }

    private static DiscordInteraction Invocation(string command, params (string Name, object Value)[] options)
    {
        var list = new JsonArray(options.Select(o => (JsonNode)new JsonObject { ["name"] = o.Name, ["type"] = 3, ["value"] = JsonValue.Create(o.Value) }).ToArray());
        var body = new JsonObject { ["id"] = "1", ["token"] = "t", ["type"] = 2, ["data"] = new JsonObject { ["name"] = command, ["options"] = list } };
        return DiscordInteractionParser.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()))!;
    }

    [GeneratedRegex(@"^[-_'\p{L}\p{N}]{1,32}$")]
    private static partial Regex CommandName();
}
