using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Tests.Support;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Tests.Inbound;

public class SlackSlashCommandParserTests
{
    private static SlackInbound ParseFile(string file) => SlackSlashCommandParser.Parse(RecordedPayload.FormBody("Commands/" + file));

    private static SlackSlashCommand Command(string name, string text) => new(
        Name: name, Text: text, TeamId: "T02AB3CD4EF", ChannelId: "C06RQ7P4LMB", UserId: "U04KQ8Z1M2N",
        ResponseUrl: new Uri("https://hooks.slack.com/commands/T02AB3CD4EF/1/x"), TriggerId: null, ChannelName: null, UserName: null, ApiAppId: null);

    [Fact]
    public void Parse_RecordedSummary_MapsEveryField()
    {
        var command = Assert.IsType<SlackSlashCommand>(ParseFile("summary.json"));

        Assert.Equal(
            new SlackSlashCommand(
                Name: "summary",
                Text: "tesla nevada",
                TeamId: "T02AB3CD4EF",
                ChannelId: "C06RQ7P4LMB",
                UserId: "U04KQ8Z1M2N",
                ResponseUrl: new Uri("https://hooks.slack.com/commands/T02AB3CD4EF/8139475619023/Xq7vLp2sNc9RtY4bWm6kHd1F"),
                TriggerId: "8139475620147.2083317456231.2c0f8a4e1b6d9c3a7e5f1b2d4c6a8e0f",
                ChannelName: "policy-news",
                UserName: "alice.m",
                ApiAppId: "A07PBOT1234"),
            command);
    }

    [Fact]
    public void ToBotCommand_RecordedSummary_IsSummaryOfThatArticle()
    {
        var command = Assert.IsType<SlackSlashCommand>(ParseFile("summary.json"));

        Assert.Equal(new SummaryCommand("tesla nevada"), SlackSlashCommandParser.ToBotCommand(command));
    }

    [Fact]
    public void Parse_RecordedAskWithEscapes_GivesPlainQuestion()
    {
        var command = Assert.IsType<SlackSlashCommand>(ParseFile("ask_escaped.json"));

        Assert.Equal("ask", command.Name);
        Assert.Equal("how much will R&D <really> cost, per @bob?", command.Text);
        Assert.Equal(new AskCommand("how much will R&D <really> cost, per @bob?"), SlackSlashCommandParser.ToBotCommand(command));
    }

    [Fact]
    public void ToBotCommand_RecordedArticles_IsArticlesCommand()
    {
        var command = Assert.IsType<SlackSlashCommand>(ParseFile("articles.json"));

        Assert.Equal("", command.Text);
        Assert.IsType<ArticlesCommand>(SlackSlashCommandParser.ToBotCommand(command));
    }

    [Fact]
    public void ToBotCommand_RecordedQuit_IsInvalidNeverQuit()
    {
        var command = Assert.IsType<SlackSlashCommand>(ParseFile("quit.json"));

        var invalid = Assert.IsType<InvalidCommand>(SlackSlashCommandParser.ToBotCommand(command));
        Assert.Contains("/quit", invalid.Message);
    }

    [Fact]
    public void Parse_RecordedSslCheck_IsSslCheck()
    {
        Assert.IsType<SlackSslCheck>(ParseFile("ssl_check.json"));
    }

    [Fact]
    public void Parse_SlackDocsSigningExample_IsAnUnsupportedCommand()
    {
        var command = Assert.IsType<SlackSlashCommand>(SlackSlashCommandParser.Parse(RecordedPayload.FormBody("Signing/slack_docs_example.json")));

        Assert.Equal("webhook-collect", command.Name);
        Assert.Equal("G8PSS9T3V", command.ChannelId);
        Assert.Equal(new Uri("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"), command.ResponseUrl);
        Assert.Equal(new InvalidCommand("Unknown command /webhook-collect. Type /help to list the commands."), SlackSlashCommandParser.ToBotCommand(command));
    }

    [Theory]
    [InlineData("help", "", typeof(HelpCommand))]
    [InlineData("articles", "", typeof(ArticlesCommand))]
    [InlineData("articles", "all of them", typeof(InvalidCommand))]
    [InlineData("ask", "", typeof(InvalidCommand))]
    [InlineData("ask", "who pays?", typeof(AskCommand))]
    [InlineData("summary", "", typeof(SummaryCommand))]
    [InlineData("quotes", "Musk", typeof(QuotesCommand))]
    [InlineData("facts", "latest", typeof(FactsCommand))]
    [InlineData("quit", "", typeof(InvalidCommand))]
    [InlineData("exit", "", typeof(InvalidCommand))]
    [InlineData("q", "who pays?", typeof(InvalidCommand))] // Core's alias, but not a command the Slack app registers
    public void ToBotCommand_EachName_RoutesThroughCoreParser(string name, string text, Type expected)
    {
        Assert.IsType(expected, SlackSlashCommandParser.ToBotCommand(Command(name, text)));
    }

    [Fact]
    public void ToBotCommand_QuotesWithSpeaker_KeepsTheTarget()
    {
        Assert.Equal(new QuotesCommand("Elon Musk"), SlackSlashCommandParser.ToBotCommand(Command("quotes", "Elon Musk")));
    }

    [Fact]
    public void ToBotCommand_AskWhoseTextLooksLikeACommand_StaysAQuestion()
    {
        Assert.Equal(new AskCommand("/help me"), SlackSlashCommandParser.ToBotCommand(Command("ask", "/help me")));
    }

    [Fact]
    public void Parse_UppercaseCommand_IsLowercased()
    {
        string body = RecordedPayload.FormBody("Commands/summary.json").Replace("command=%2Fsummary", "command=%2FSUMMARY", StringComparison.Ordinal);

        var command = Assert.IsType<SlackSlashCommand>(SlackSlashCommandParser.Parse(body));

        Assert.Equal("summary", command.Name);
    }

    [Theory]
    [InlineData("command")]
    [InlineData("team_id")]
    [InlineData("channel_id")]
    [InlineData("user_id")]
    [InlineData("response_url")]
    public void Parse_RequiredFieldMissing_IsMalformed(string field)
    {
        var fields = new Dictionary<string, string>(SlackSlashCommandParser.ParseForm(RecordedPayload.FormBody("Commands/summary.json")));
        Assert.True(fields.Remove(field));

        Assert.IsType<SlackMalformed>(SlackSlashCommandParser.FromFields(fields));
    }

    [Theory]
    [InlineData("command", "summary")]
    [InlineData("command", "/")]
    [InlineData("command", "/sum mary")]
    [InlineData("response_url", "hooks.slack.com/commands/T1/2/x")]
    [InlineData("response_url", "ftp://hooks.slack.com/commands/T1/2/x")]
    [InlineData("user_id", "")]
    public void Parse_FieldWithBadValue_IsMalformed(string field, string value)
    {
        var fields = new Dictionary<string, string>(SlackSlashCommandParser.ParseForm(RecordedPayload.FormBody("Commands/summary.json")))
        {
            [field] = value,
        };

        Assert.IsType<SlackMalformed>(SlackSlashCommandParser.FromFields(fields));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("&&&")]
    [InlineData("%%%=%%%")]
    [InlineData("{\"command\":\"/summary\"}")]
    [InlineData("ssl_check=0&token=x")]
    public void Parse_GarbageBody_IsMalformed(string? body)
    {
        Assert.IsType<SlackMalformed>(SlackSlashCommandParser.Parse(body));
    }

    [Fact]
    public void ParseForm_EncodedValues_AreDecoded()
    {
        var fields = SlackSlashCommandParser.ParseForm("text=a+b%20c%26d%3De%E2%80%94f&empty=&flag&=nameless&text=second");

        Assert.Equal("a b c&d=e\u2014f", fields["text"]);
        Assert.Equal("", fields["empty"]);
        Assert.Equal("", fields["flag"]);
        Assert.False(fields.ContainsKey(""));
    }

    [Fact]
    public void ParseForm_InvalidPercentEscape_IsKeptLiterally()
    {
        var fields = SlackSlashCommandParser.ParseForm("text=100%+sure%zz");

        Assert.Equal("100% sure%zz", fields["text"]);
    }

    [Fact]
    public void FromFields_SocketModeSlashCommandPayload_MapsLikeTheForm()
    {
        // The string properties of a Socket Mode slash_commands payload (python-slack-sdk mock server shape).
        var fields = new Dictionary<string, string>
        {
            ["token"] = "verification-token",
            ["team_id"] = "T111",
            ["team_domain"] = "xxx",
            ["channel_id"] = "C111",
            ["channel_name"] = "random",
            ["user_id"] = "U111",
            ["user_name"] = "testxyz",
            ["command"] = "/facts",
            ["text"] = "",
            ["api_app_id"] = "A111",
            ["response_url"] = "https://hooks.slack.com/commands/T111/111/xxx",
            ["trigger_id"] = "111.222.xxx",
        };

        var command = Assert.IsType<SlackSlashCommand>(SlackSlashCommandParser.FromFields(fields));

        Assert.Equal(new FactsCommand(null), SlackSlashCommandParser.ToBotCommand(command));
        Assert.Equal("111.222.xxx", command.TriggerId);
    }
}
