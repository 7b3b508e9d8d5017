using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Tests.Support;

namespace PolicyBot.Adapters.Slack.Tests.Inbound;

public class SlackEventParserTests
{
    // Ids used throughout Payloads/Events (auth.test of the recorded workspace).
    private const string BotUser = "U07PBOT9XYZ";
    private const string Team = "T02AB3CD4EF";
    private const string Channel = "C06RQ7P4LMB";
    private const string Alice = "U04KQ8Z1M2N";
    private const string QuestionTs = "1733215821.459199";

    private static SlackInbound Parse(string file, string? botUserId = BotUser) =>
        SlackEventParser.Parse(RecordedPayload.Bytes("Events/" + file), botUserId);

    private static T ParseAs<T>(string file, string? botUserId = BotUser)
        where T : SlackInbound => Assert.IsType<T>(Parse(file, botUserId));

    [Fact]
    public void Parse_UrlVerification_ReturnsChallenge()
    {
        var verification = ParseAs<SlackUrlVerification>("url_verification.json");

        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", verification.Challenge);
    }

    [Fact]
    public void Parse_AppMentionInChannel_MapsEveryFieldWithoutTheBotMention()
    {
        var message = ParseAs<SlackMessage>("app_mention_channel.json");

        Assert.Equal(
            new SlackMessage(
                EventId: "Ev084ZJ8KQ7N",
                TeamId: Team,
                ChannelId: Channel,
                ChannelType: "channel",
                UserId: Alice,
                Text: "What does Tesla plan to build in Nevada?",
                Ts: QuestionTs,
                ThreadTs: null,
                IsMention: true,
                IsDirectMessage: false),
            message);
        Assert.Equal(QuestionTs, message.ReplyThreadTs);
    }

    [Fact]
    public void Parse_ChannelMessageMentioningBot_IsTheSameMessageAsTheAppMention()
    {
        var fromAppMention = ParseAs<SlackMessage>("app_mention_channel.json");
        var fromMessage = ParseAs<SlackMessage>("message_channel_mention.json");

        Assert.NotEqual(fromAppMention.EventId, fromMessage.EventId);
        Assert.Equal(fromAppMention with { EventId = fromMessage.EventId }, fromMessage);
    }

    [Fact]
    public void Parse_AppMentionInThread_CarriesThreadTsAndDropsAddressColon()
    {
        var message = ParseAs<SlackMessage>("app_mention_thread.json");

        Assert.Equal("who is paying for the factory?", message.Text);
        Assert.Equal(QuestionTs, message.ThreadTs);
        Assert.Equal(QuestionTs, message.ReplyThreadTs);
        Assert.Equal("1733215904.732119", message.Ts);
        Assert.Equal("channel", message.ChannelType);
        Assert.True(message.IsMention);
    }

    [Fact]
    public void Parse_ThreadFollowUpWithoutMention_IsMessageButNotMention()
    {
        var message = ParseAs<SlackMessage>("message_thread_followup.json");

        Assert.Equal("and what about Canada?", message.Text);
        Assert.Equal(QuestionTs, message.ThreadTs);
        Assert.False(message.IsMention);
        Assert.False(message.IsDirectMessage);
    }

    [Fact]
    public void Parse_DirectMessage_UnescapesAndFlattensMarkup()
    {
        var message = ParseAs<SlackMessage>("message_im.json");

        Assert.Equal("What did @U05HW3R7TJP mean by R&D spending > 5% in the Tesla article & #policy-news? cc @here", message.Text);
        Assert.Equal("D07QJ2B8XKV", message.ChannelId);
        Assert.Equal("im", message.ChannelType);
        Assert.True(message.IsDirectMessage);
        Assert.False(message.IsMention);
        Assert.Null(message.ThreadTs);
    }

    [Fact]
    public void Parse_AppMentionInDirectMessage_IsIgnoredAsDuplicate()
    {
        var ignored = ParseAs<SlackIgnored>("app_mention_im.json");

        Assert.Equal(SlackIgnoreReason.DuplicateMention, ignored.Reason);
    }

    [Fact]
    public void Parse_OwnPostEchoedBack_IsIgnoredAsOwnMessage()
    {
        var ignored = ParseAs<SlackIgnored>("message_own_bot_echo.json");

        Assert.Equal(SlackIgnoreReason.OwnMessage, ignored.Reason);
    }

    [Fact]
    public void Parse_OwnPostWithoutKnownBotUserId_UsesTheBotAuthorization()
    {
        var ignored = ParseAs<SlackIgnored>("message_own_bot_echo.json", botUserId: null);

        Assert.Equal(SlackIgnoreReason.OwnMessage, ignored.Reason);
    }

    [Fact]
    public void Parse_OwnPostWhenOwnUserIdIsWrong_IsStillIgnoredByBotId()
    {
        var ignored = ParseAs<SlackIgnored>("message_own_bot_echo.json", botUserId: "U0SOMEONE01");

        Assert.Equal(SlackIgnoreReason.BotMessage, ignored.Reason);
    }

    [Fact]
    public void Parse_LegacyBotMessageWithoutUser_IsIgnoredAsBotMessage()
    {
        var ignored = ParseAs<SlackIgnored>("message_bot_message.json");

        Assert.Equal(SlackIgnoreReason.BotMessage, ignored.Reason);
        Assert.Contains("B03RSSFEED1", ignored.Detail);
    }

    [Fact]
    public void Parse_OtherAppsBotMentioningUs_IsIgnoredAsBotMessage()
    {
        var ignored = ParseAs<SlackIgnored>("message_other_app_bot.json");

        Assert.Equal(SlackIgnoreReason.BotMessage, ignored.Reason);
    }

    [Fact]
    public void Parse_BotMessageSubtypeWithoutBotId_IsIgnoredAsBotMessage()
    {
        var ignored = Assert.IsType<SlackIgnored>(SlackEventParser.Parse(
            Mutate("message_bot_message.json", ev => ev.Remove("bot_id")), BotUser));

        Assert.Equal(SlackIgnoreReason.BotMessage, ignored.Reason);
    }

    [Theory]
    [InlineData("message_changed.json", "message_changed")]
    [InlineData("message_deleted.json", "message_deleted")]
    [InlineData("message_channel_join.json", "channel_join")]
    public void Parse_NonPersonSubtype_IsIgnored(string file, string subtype)
    {
        var ignored = ParseAs<SlackIgnored>(file);

        Assert.Equal(SlackIgnoreReason.MessageSubtype, ignored.Reason);
        Assert.Contains(subtype, ignored.Detail);
    }

    [Fact]
    public void Parse_ThreadBroadcastReply_IsAPersonsMessage()
    {
        var message = ParseAs<SlackMessage>("message_thread_broadcast.json");

        Assert.Equal("how many jobs will the factory create?", message.Text);
        Assert.Equal(QuestionTs, message.ThreadTs);
        Assert.True(message.IsMention);
    }

    [Fact]
    public void Parse_ReactionAdded_IsIgnoredAsUnsupportedEvent()
    {
        var ignored = ParseAs<SlackIgnored>("reaction_added.json");

        Assert.Equal(SlackIgnoreReason.UnsupportedEvent, ignored.Reason);
        Assert.Contains("reaction_added", ignored.Detail);
    }

    [Fact]
    public void Parse_AppRateLimited_IsIgnoredWithItsOwnReason()
    {
        var ignored = ParseAs<SlackIgnored>("app_rate_limited.json");

        Assert.Equal(SlackIgnoreReason.AppRateLimited, ignored.Reason);
        Assert.Contains("1733216640", ignored.Detail);
        Assert.Contains(Team, ignored.Detail);
    }

    [Fact]
    public void Parse_UnknownEnvelopeType_IsIgnored()
    {
        var ignored = Assert.IsType<SlackIgnored>(SlackEventParser.Parse("""{"type":"block_actions","token":"x"}""", BotUser));

        Assert.Equal(SlackIgnoreReason.UnsupportedEnvelope, ignored.Reason);
    }

    [Fact]
    public void Parse_WithoutBotUserIdOrAuthorizations_KeepsMentionsButStillAnswersMentions()
    {
        string body = Mutate("app_mention_channel.json", ev => { }, envelope => envelope.Remove("authorizations"));

        var message = Assert.IsType<SlackMessage>(SlackEventParser.Parse(body, botUserId: null));

        Assert.True(message.IsMention);
        Assert.Equal("@U07PBOT9XYZ What does Tesla plan to build in Nevada?", message.Text);
    }

    [Fact]
    public void Parse_AppMentionInPrivateChannel_InfersGroupChannelType()
    {
        string body = Mutate("app_mention_channel.json", ev => ev["channel"] = "G01PRIV8TE2");

        var message = Assert.IsType<SlackMessage>(SlackEventParser.Parse(body, BotUser));

        Assert.Equal("group", message.ChannelType);
        Assert.False(message.IsDirectMessage);
    }

    [Fact]
    public void Parse_MessageWithoutText_HasEmptyText()
    {
        string body = Mutate("message_im.json", ev => ev.Remove("text"));

        var message = Assert.IsType<SlackMessage>(SlackEventParser.Parse(body, BotUser));

        Assert.Equal("", message.Text);
    }

    [Fact]
    public void Parse_BytesAndString_GiveTheSameResult()
    {
        foreach (string file in Directory.GetFiles(RecordedPayload.PathOf("Events"), "*.json"))
        {
            SlackInbound fromBytes = SlackEventParser.Parse(File.ReadAllBytes(file), BotUser);
            SlackInbound fromText = SlackEventParser.Parse(File.ReadAllText(file), BotUser);

            Assert.Equal(fromBytes, fromText);
            Assert.IsNotType<SlackMalformed>(fromBytes);
        }
    }

    [Fact]
    public void FromEnvelope_SocketModeEventsApiPayload_MapsLikeHttp()
    {
        string socketFrame = $$"""
            {"envelope_id":"cda4159a-72a5-4744-aba3-4d66eb52682b","payload":{{RecordedPayload.Text("Events/app_mention_channel.json")}},"type":"events_api","accepts_response_payload":false,"retry_attempt":0,"retry_reason":""}
            """;
        using var document = JsonDocument.Parse(socketFrame);

        SlackInbound fromSocket = SlackEventParser.FromEnvelope(document.RootElement.GetProperty("payload"), BotUser);

        Assert.Equal(Parse("app_mention_channel.json"), fromSocket);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("{\"type\":\"event_callback\",}")]
    [InlineData("<xml/>")]
    [InlineData("token=abc&challenge=def&type=url_verification")]
    public void Parse_NotJson_IsMalformed(string body)
    {
        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(Encoding.UTF8.GetBytes(body), BotUser));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("\"url_verification\"")]
    [InlineData("{}")]
    [InlineData("{\"type\":7}")]
    [InlineData("{\"type\":\"url_verification\"}")]
    [InlineData("{\"type\":\"url_verification\",\"challenge\":\"\"}")]
    [InlineData("{\"type\":\"url_verification\",\"challenge\":{\"a\":1}}")]
    [InlineData("{\"type\":\"event_callback\"}")]
    [InlineData("{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}")]
    [InlineData("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":\"message\"}")]
    [InlineData("{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{}}")]
    public void Parse_WrongShape_IsMalformed(string body)
    {
        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
    }

    [Fact]
    public void Parse_InvalidUtf8_IsMalformed()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"type\":\"url_verification\",\"challenge\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}")];

        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
    }

    [Fact]
    public void Parse_NestedBeyondJsonDepthLimit_IsMalformed()
    {
        string body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":" + new string('[', 200) + new string(']', 200) + "}";

        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
    }

    [Fact]
    public void Parse_LoneSurrogateEscapeInText_IsMalformedNotAnException()
    {
        string body = Mutate("message_im.json", ev => ev["text"] = "placeholder").Replace("placeholder", "\\ud800 hi", StringComparison.Ordinal);

        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
    }

    [Fact]
    public void Parse_BodyWithUtf8ByteOrderMark_IsRead()
    {
        byte[] body = [0xEF, 0xBB, 0xBF, .. RecordedPayload.Bytes("Events/url_verification.json")];

        Assert.IsType<SlackUrlVerification>(SlackEventParser.Parse(body, BotUser));
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("event")]
    [InlineData("type")]
    [InlineData("event.type")]
    [InlineData("event.channel")]
    [InlineData("event.ts")]
    [InlineData("event.user")]
    public void Parse_RequiredFieldMissing_IsMalformed(string path)
    {
        string body = Without("app_mention_channel.json", path);

        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(body, BotUser));
    }

    [Theory]
    [InlineData("event_id")]
    [InlineData("event.channel")]
    [InlineData("event.ts")]
    [InlineData("event.user")]
    public void Parse_RequiredFieldOfWrongType_IsMalformed(string path)
    {
        JsonObject root = JsonNode.Parse(RecordedPayload.Text("Events/message_im.json"))!.AsObject();
        (JsonObject parent, string name) = Locate(root, path);
        parent[name] = 12345;

        Assert.IsType<SlackMalformed>(SlackEventParser.Parse(root.ToJsonString(), BotUser));
    }

    [Fact]
    public void Parse_TeamIdOnlyOnTheEvent_UsesIt()
    {
        string body = Without("app_mention_channel.json", "team_id");

        var message = Assert.IsType<SlackMessage>(SlackEventParser.Parse(body, BotUser));

        Assert.Equal(Team, message.TeamId);
    }

    private static string Without(string file, string path)
    {
        JsonObject root = JsonNode.Parse(RecordedPayload.Text("Events/" + file))!.AsObject();
        (JsonObject parent, string name) = Locate(root, path);
        Assert.True(parent.Remove(name), $"{file} has no {path}");
        return root.ToJsonString();
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject root, string path)
    {
        string[] parts = path.Split('.');
        JsonObject parent = root;
        foreach (string part in parts[..^1])
        {
            parent = parent[part]!.AsObject();
        }

        return (parent, parts[^1]);
    }

    private static string Mutate(string file, Action<JsonObject> changeEvent, Action<JsonObject>? changeEnvelope = null)
    {
        JsonObject root = JsonNode.Parse(RecordedPayload.Text("Events/" + file))!.AsObject();
        changeEvent(root["event"]!.AsObject());
        changeEnvelope?.Invoke(root);
        return root.ToJsonString();
    }
}
