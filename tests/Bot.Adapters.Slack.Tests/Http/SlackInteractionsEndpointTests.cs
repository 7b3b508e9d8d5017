using System.Net;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Rendering;

namespace PolicyBot.Adapters.Slack.Tests.Http;

public class SlackInteractionsEndpointTests
{
    private const string Question = "What does Tesla plan to build in Nevada?";

    private static string Press(string actionId, BlockKitActionValue value, Uri responseUrl, string? threadTs = "1700000001.000100")
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = "U0000ALICE", ["username"] = "alice", ["team_id"] = "T0000FAKE" },
            ["api_app_id"] = "A0000BOT",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1700000002.000200", ["channel_id"] = "C0000GENERAL", ["is_ephemeral"] = false },
            ["channel"] = new JsonObject { ["id"] = "C0000GENERAL", ["name"] = "general" },
            ["message"] = new JsonObject { ["type"] = "message", ["ts"] = "1700000002.000200", ["thread_ts"] = threadTs, ["text"] = "an answer" },
            ["response_url"] = responseUrl.AbsoluteUri,
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["block_id"] = BlockKitActions.BlockId, ["type"] = "button", ["value"] = value.Encode(), ["action_ts"] = "1700000003.000300" }),
        };
        return "payload=" + Uri.EscapeDataString(payload.ToJsonString());
    }

    private static BlockKitActionValue Shown(params (string Article, int Paragraph)[] passages) =>
        new(Question, passages.Select(p => new BlockKitPassageRef(p.Article, p.Paragraph)).ToList());

    [Fact]
    public async Task Helpful_IsRecordedWithQuestionAndPassagesAndThanked()
    {
        await using var bot = await SlackTestBot.StartAsync();
        var responseUrl = bot.Slack.NewResponseUrl();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.Helpful, Shown(("000_b3e87f63fc77f91f", 8)), responseUrl), "application/x-www-form-urlencoded");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Responses.Count > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entry = Assert.Single(bot.Feedback.ReadAll());
        Assert.True(entry.Helpful);
        Assert.Equal(Question, entry.Question);
        Assert.Equal("U0000ALICE", entry.User);
        Assert.Equal(8, Assert.Single(entry.Passages).Paragraph);
        Assert.Contains("recorded as helpful", bot.Slack.Responses[0].Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task NotHelpful_IsRecordedAsNotHelpful()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.NotHelpful, Shown(("000_b3e87f63fc77f91f", 8)), bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded");
        await SlackTestBot.WaitUntilAsync(() => bot.Feedback.ReadAll().Count > 0);

        Assert.False(Assert.Single(bot.Feedback.ReadAll()).Helpful);
    }

    [Fact]
    public async Task More_PostsTheNextBestPassageInTheSameThread()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.More, Shown(("000_b3e87f63fc77f91f", 8)), bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Posted.Count > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(bot.Slack.Posted);
        Assert.Equal("1700000001.000100", post.ThreadTs);
        Assert.DoesNotContain("paragraph 8", post.Text);
        Assert.Contains("paragraph", post.Text);
    }

    [Fact]
    public async Task More_PressedJustBeforeShutdown_IsPostedBeforeTheBotStops()
    {
        await using var bot = await SlackTestBot.StartAsync();
        bot.Slack.FailNext(3); // Slack is briefly down: the client's retries outlast the start of shutdown.

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.More, Shown(("000_b3e87f63fc77f91f", 8)), bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded");
        await bot.StopAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1700000001.000100", Assert.Single(bot.Slack.Posted).ThreadTs);
    }

    [Fact]
    public async Task Share_PostsTheAnswerForTheWholeChannel()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.Share, Shown(("000_b3e87f63fc77f91f", 8)), bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Responses.Count > 0);

        var shared = Assert.Single(bot.Slack.Responses).Body;
        Assert.Equal("in_channel", shared["response_type"]!.GetValue<string>());
        Assert.Contains("cell factory in Nevada", shared["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadSignature_Is401AndNothingIsRecorded()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, Press(BlockKitActions.Helpful, Shown(("000_b3e87f63fc77f91f", 8)), bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded", secret: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(bot.Feedback.ReadAll());
    }

    [Theory]
    [InlineData("payload=%7Bnot%20json")]
    [InlineData("nothing=here")]
    public async Task GarbagePayload_Is400NotA500(string form)
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackInteractionsEndpoint.Route, form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
