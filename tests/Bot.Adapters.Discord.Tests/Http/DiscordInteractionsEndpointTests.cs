using System.Text.Json.Nodes;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Http;

/// <summary>The interactions endpoint over loopback: the fake Discord signs and delivers, enforces the windows and validates every response.</summary>
public sealed class DiscordInteractionsEndpointTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private const string Question = "What does Tesla plan to build in Nevada?";

    private static Dictionary<string, object?> Options(params (string Name, object? Value)[] options) => options.ToDictionary(o => o.Name, o => o.Value);

    [Fact]
    public async Task Ping_GetsPong()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.Ping(), CancellationToken.None);

        Assert.Equal(200, delivery.Status);
        Assert.Equal(1, (int)delivery.Body!["type"]!);
        Assert.Empty(delivery.Interaction.ErrorCodes);
    }

    [Fact]
    public async Task EveryBadSignature_Gets401AndNothingHappens()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var command = FakeDiscordApi.SlashCommand("ask", Options(("question", Question)));

        var results = await bot.Discord.ProbeWithBadSignaturesAsync(command, CancellationToken.None);

        Assert.True(results.Count >= 8, $"{results.Count} probes");
        Assert.All(results, r => Assert.True(r.Status == 401, $"{r.Case}: {r.Status}"));
        Assert.Empty(bot.Discord.Messages);
        Assert.All(bot.Discord.Interactions, i => Assert.Null(i.InitialResponse));
    }

    [Fact]
    public async Task Ask_AnswersInlineWithTheCitedSentence()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question))), CancellationToken.None);

        Assert.Equal(200, delivery.Status);
        var interaction = delivery.Interaction;
        Assert.Equal("inline", interaction.InitialVia);
        Assert.False(interaction.InitialLate);
        Assert.Empty(interaction.ErrorCodes);
        Assert.False(interaction.Ephemeral);
        var data = interaction.InitialResponse!["data"]!;
        Assert.Equal(4, (int)interaction.InitialResponse!["type"]!);
        var embed = data["embeds"]![0]!;
        Assert.Contains("cell factory in Nevada", (string)embed["description"]!, StringComparison.Ordinal);
        Assert.StartsWith("Paragraph ", (string)embed["footer"]!["text"]!, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)embed["title"]));
        Assert.Empty(interaction.Pings);
    }

    [Fact]
    public async Task PrivateAsk_IsEphemeralWithShowToChannel()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question), ("private", true))), CancellationToken.None);

        Assert.True(delivery.Interaction.Ephemeral);
        Assert.Contains("pb:share", delivery.Interaction.InitialResponse!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowAnswer_IsDeferredThenEditedIntoTheOriginal()
    {
        await using var bot = await DiscordTestBot.StartAsync(inlineBudget: TimeSpan.Zero);

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question), ("private", true))), CancellationToken.None);
        var interaction = delivery.Interaction;
        await interaction.WaitUntilAsync(i => i.Edits.Count > 0, Wait);

        Assert.Equal(202, delivery.Status);
        Assert.Equal("callback", interaction.InitialVia);
        Assert.Equal(5, (int)interaction.InitialResponse!["type"]!);
        Assert.Equal(64, Number(interaction.InitialResponse!["data"]!["flags"]));
        Assert.False(interaction.InitialLate);
        Assert.Empty(interaction.ErrorCodes);
        Assert.Contains("cell factory in Nevada", interaction.Original!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(interaction.Ephemeral);
    }

    [Fact]
    public async Task DeferredPublicReplyThatIsAnError_IsShownOnlyToTheAsker()
    {
        await using var bot = await DiscordTestBot.StartAsync(inlineBudget: TimeSpan.Zero);

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", "   "))), CancellationToken.None);
        var interaction = delivery.Interaction;
        await interaction.WaitUntilAsync(i => i.Followups.Count > 0, Wait);

        var followup = interaction.Followups.Single();
        Assert.Equal(64, Number(followup["flags"]));
        Assert.Contains("Usage: /ask", (string)followup["content"]!, StringComparison.Ordinal);
        Assert.Null(interaction.Original);
    }

    [Fact]
    public async Task Autocomplete_SuggestsArticlesFromWhatIsTyped()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.Autocomplete("summary", "article", ""), CancellationToken.None);

        Assert.Equal(8, (int)delivery.Body!["type"]!);
        var choice = Assert.Single(delivery.Body!["data"]!["choices"]!.AsArray())!;
        Assert.Equal("000_b3e87f63fc77f91f", (string?)choice["value"]);
        Assert.Empty(delivery.Interaction.ErrorCodes);
    }

    [Fact]
    public async Task MoreButton_AnswersWithTheNextPassage()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var first = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question))), CancellationToken.None);
        var shown = first.Interaction.InitialResponse!["data"]!.AsObject();

        var more = await bot.Discord.DeliverAsync(PressOn("pb:more", shown), CancellationToken.None);

        var data = more.Interaction.InitialResponse!["data"]!;
        Assert.Equal(4, (int)more.Interaction.InitialResponse!["type"]!);
        string firstPassage = (string)shown["embeds"]![0]!["description"]!;
        string next = (string)data["embeds"]![0]!["description"]!;
        Assert.NotEqual(firstPassage, next);
        // The next passage may fall below the confidence bar; either way the reply is about the same question.
        Assert.StartsWith((string)shown["content"]!, (string)data["content"]!, StringComparison.Ordinal);
        Assert.Empty(more.Interaction.ErrorCodes);
    }

    [Fact]
    public async Task HelpfulButton_IsRecordedWithQuestionAndPassage()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var first = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question))), CancellationToken.None);

        var pressed = await bot.Discord.DeliverAsync(PressOn("pb:unhelpful", first.Interaction.InitialResponse!["data"]!.AsObject()), CancellationToken.None);

        Assert.True(pressed.Interaction.Ephemeral);
        var entry = Assert.Single(bot.Feedback.ReadAll());
        Assert.Equal("discord", entry.Platform);
        Assert.Equal(Question, entry.Question);
        Assert.False(entry.Helpful);
        Assert.Equal("000_b3e87f63fc77f91f", Assert.Single(entry.Passages).ArticleId);
        Assert.Equal(FakeDiscordApi.DefaultUserId, entry.User);
    }

    [Fact]
    public async Task ShowToChannel_PostsThePrivateAnswerForEveryoneWithoutPinging()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var first = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", Question), ("private", true))), CancellationToken.None);

        var shared = await bot.Discord.DeliverAsync(PressOn("pb:share", first.Interaction.InitialResponse!["data"]!.AsObject(), ephemeral: true), CancellationToken.None);

        var interaction = shared.Interaction;
        Assert.False(interaction.Ephemeral);
        string json = interaction.InitialResponse!.ToJsonString();
        Assert.StartsWith($"Shared by <@{FakeDiscordApi.DefaultUserId}>:\n**Q:** ", (string)interaction.InitialResponse!["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Contains("cell factory in Nevada", json, StringComparison.Ordinal);
        Assert.DoesNotContain("pb:share", json, StringComparison.Ordinal);
        Assert.Empty(interaction.Pings);
    }

    [Fact]
    public async Task HostileQuestion_NeverPingsAnyone()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", Options(("question", "@everyone @here <@&1200000000000000009> <@1300000000000000002> what did Trudeau say?"))), CancellationToken.None);

        Assert.Empty(delivery.Interaction.ErrorCodes);
        Assert.NotNull(delivery.Interaction.InitialResponse);
        Assert.Empty(delivery.Interaction.Pings);
    }

    [Fact]
    public async Task UnknownArticle_IsAPrivateMessageSayingSo()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("facts", Options(("article", "no-such-article-zzz"))), CancellationToken.None);

        Assert.Empty(delivery.Interaction.ErrorCodes);
        Assert.NotNull(delivery.Interaction.InitialResponse);
        Assert.True(delivery.Interaction.Ephemeral);
    }

    [Fact]
    public async Task EveryCommand_GetsAResponseDiscordAccepts()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var commands = new[]
        {
            FakeDiscordApi.SlashCommand("summary"),
            FakeDiscordApi.SlashCommand("summary", Options(("article", "tariffs"), ("sentences", 5))),
            FakeDiscordApi.SlashCommand("articles"),
            FakeDiscordApi.SlashCommand("quotes"),
            FakeDiscordApi.SlashCommand("quotes", Options(("target", "Trudeau"))),
            FakeDiscordApi.SlashCommand("facts", guildId: null),
            FakeDiscordApi.SlashCommand("help"),
        };

        foreach (var command in commands)
        {
            var delivery = await bot.Discord.DeliverAsync(command, CancellationToken.None);
            Assert.True(delivery.Status == 200, command.ToJsonString());
            Assert.Empty(delivery.Interaction.ErrorCodes);
            Assert.NotNull(delivery.Interaction.InitialResponse);
            Assert.Empty(delivery.Interaction.Pings);
        }
    }

    [Fact]
    public async Task Subscribe_ByAManagerSubscribesTheChannel_OthersAreRefusedPrivately()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        var channel = new PolicyBot.Core.Alerts.ChannelRef("discord", FakeDiscordApi.DefaultChannelId);

        var refused = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("subscribe", Options(("topic", "steel")), permissions: "2048"), CancellationToken.None);
        Assert.True(refused.Interaction.Ephemeral);
        Assert.Contains("Only people who manage this channel", refused.Interaction.InitialResponse!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await bot.Alerts.SubscriptionsAsync(channel, CancellationToken.None));

        var accepted = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("subscribe", Options(("topic", "steel")), permissions: "16"), CancellationToken.None);
        var listed = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("subscriptions", permissions: "2048"), CancellationToken.None);

        Assert.False(accepted.Interaction.Ephemeral);
        Assert.Equal("steel", Assert.Single(await bot.Alerts.SubscriptionsAsync(channel, CancellationToken.None)).Topic);
        Assert.Contains("steel", (string)listed.Interaction.InitialResponse!["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(accepted.Interaction.ErrorCodes);
    }

    [Fact]
    public async Task Add_FromChatRefusesLocalFilePaths()
    {
        await using var bot = await DiscordTestBot.StartAsync();

        var delivery = await bot.Discord.DeliverAsync(FakeDiscordApi.SlashCommand("add", Options(("url", "/etc/hostname")), permissions: "16"), CancellationToken.None);

        Assert.True(delivery.Interaction.Ephemeral);
        Assert.Contains("web address", (string)delivery.Interaction.InitialResponse!["data"]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedButMalformed_Gets400()
    {
        await using var bot = await DiscordTestBot.StartAsync();
        const string body = "{\"type\": 2, \"not\": \"an interaction\"}";
        string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await bot.Discord.SendRawAsync(body, bot.Discord.Sign(timestamp, body), timestamp, CancellationToken.None);

        Assert.Equal(400, response.Status);
    }

    private static int Number(JsonNode? node) => int.Parse(node!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A button press on the message <paramref name="shown"/> (the data of an earlier response), as Discord sends it.</summary>
    private static JsonObject PressOn(string customId, JsonObject shown, bool ephemeral = false)
    {
        var press = FakeDiscordApi.Component(customId, "1500000000000000001", ephemeralMessage: ephemeral);
        var message = press["message"]!.AsObject();
        message["content"] = shown["content"]?.DeepClone();
        message["embeds"] = shown["embeds"]?.DeepClone() ?? new JsonArray();
        message["components"] = shown["components"]?.DeepClone() ?? new JsonArray();
        return press;
    }
}
