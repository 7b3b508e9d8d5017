using System.Net;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Adapters.Slack.Tests.Http;

/// <summary>The events endpoint over real HTTP on loopback, answering through Core into a fake Slack Web API.</summary>
public sealed class SlackEventsEndpointTests : IAsyncLifetime
{
    private const string Secret = SlackTestBot.Secret;
    private SlackTestBot _bot = null!;

    private FakeSlackWebApi Fake => _bot.Slack;

    public async Task InitializeAsync() => _bot = await SlackTestBot.StartAsync();

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private static string Mention(string eventId, string ts, string text, string user = "U0000ALICE") => $$$"""
        {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"{{{eventId}}}","event_time":1700000000,
         "event":{"type":"app_mention","user":"{{{user}}}","text":"<@UBOT00001> {{{text}}}","ts":"{{{ts}}}","channel":"C0000GENERAL","event_ts":"{{{ts}}}"}}
        """;

    private Task<HttpResponseMessage> Deliver(string body, string? secret = Secret, long? timestamp = null, int? retry = null) =>
        _bot.DeliverAsync(SlackEventsEndpoint.Route, body, "application/json", secret, timestamp, retry);

    /// <summary>Waits (bounded) until the fake has received <paramref name="count"/> posts.</summary>
    private async Task<IReadOnlyList<PostedMessage>> PostsAfter(int count)
    {
        await SlackTestBot.WaitUntilAsync(() => Fake.Posted.Count >= count);
        return Fake.Posted;
    }

    [Fact]
    public async Task UrlVerification_Signed_EchoesTheChallenge()
    {
        using var response = await Deliver("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AppMention_AckedThenAnsweredInTheThreadWithACitedQuote()
    {
        using var response = await Deliver(Mention("Ev0001", "1700000001.000100", "What does Tesla plan to build in Nevada?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(await PostsAfter(1));
        Assert.Equal("C0000GENERAL", post.Channel);
        Assert.Equal("1700000001.000100", post.ThreadTs);
        Assert.Contains("cell factory in Nevada", post.Text);
        Assert.Contains("paragraph 8", post.Text);
        Assert.NotNull(post.Blocks);
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData(Secret, -600L)]
    public async Task BadOrStaleSignature_Is401AndNeverAnswered(string? secret, long offsetSeconds)
    {
        long? timestamp = offsetSeconds == 0 ? null : DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

        using var refused = await Deliver(Mention("Ev0002", "1700000002.000100", "What does Tesla plan to build in Nevada?"), secret, timestamp);
        using var accepted = await Deliver(Mention("Ev0003", "1700000003.000100", "Should blanket tariffs be reconsidered?"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var posts = await PostsAfter(1);
        await Task.Delay(200);
        Assert.Single(Fake.Posted);
        Assert.Equal("1700000003.000100", posts[0].ThreadTs);
    }

    [Fact]
    public async Task RetriesAndDuplicates_AreAnsweredOnce()
    {
        string body = Mention("Ev0004", "1700000004.000100", "What does Tesla plan to build in Nevada?");

        using var first = await Deliver(body);
        using var retry = await Deliver(body, retry: 1);
        using var sameMessageOtherEvent = await Deliver(Mention("Ev0005", "1700000004.000100", "What does Tesla plan to build in Nevada?"));
        using var next = await Deliver(Mention("Ev0006", "1700000006.000100", "Should blanket tariffs be reconsidered?"));

        Assert.All(new[] { first, retry, sameMessageOtherEvent, next }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await PostsAfter(2);
        await Task.Delay(200);
        Assert.Equal(new[] { "1700000004.000100", "1700000006.000100" }, Fake.Posted.Select(p => p.ThreadTs).Order());
    }

    [Fact]
    public async Task OwnMessageEcho_IsAckedAndIgnored()
    {
        string echo = """
            {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"Ev0007","event_time":1700000000,
             "event":{"type":"message","user":"UBOT00001","bot_id":"BBOT00001","text":"An answer","ts":"1700000007.000100","channel":"C0000GENERAL","channel_type":"channel"}}
            """;

        using var response = await Deliver(echo);
        using var accepted = await Deliver(Mention("Ev0008", "1700000008.000100", "Should blanket tariffs be reconsidered?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await PostsAfter(1);
        await Task.Delay(200);
        Assert.Equal("1700000008.000100", Assert.Single(Fake.Posted).ThreadTs);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"type":"event_callback","event":{"type":"app_mention"}}""")]
    public async Task MalformedBody_Signed_Is400NotA500(string body)
    {
        using var response = await Deliver(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string ThreadMessage(string eventId, string ts, string threadTs, string text) => $$$"""
        {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"{{{eventId}}}","event_time":1700000000,
         "event":{"type":"message","user":"U0000ALICE","text":"{{{text}}}","ts":"{{{ts}}}","thread_ts":"{{{threadTs}}}","channel":"C0000GENERAL","channel_type":"channel","event_ts":"{{{ts}}}"}}
        """;

    [Fact]
    public async Task FollowUpInTheBotsThread_IsAnsweredThereWithoutAMention()
    {
        using var first = await Deliver(Mention("Ev0101", "1700000101.000100", "How did the EU avoid additional tariffs on Chinese electric vehicles?"));
        await PostsAfter(1);

        using var followUp = await Deliver(ThreadMessage("Ev0102", "1700000102.000100", "1700000101.000100", "and what about Canada?"));
        var posts = await PostsAfter(2);

        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p => Assert.Equal("1700000101.000100", p.ThreadTs));
        Assert.Contains("minimal tariffs", posts[1].Text);
    }

    [Fact]
    public async Task ThreadMessageInAThreadTheBotNeverAnswered_IsIgnored()
    {
        using var stranger = await Deliver(ThreadMessage("Ev0201", "1700000202.000100", "1700000201.000100", "and what about Canada?"));
        using var accepted = await Deliver(Mention("Ev0203", "1700000203.000100", "Should blanket tariffs be reconsidered?"));

        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        await PostsAfter(1);
        await Task.Delay(200);
        Assert.Equal("1700000203.000100", Assert.Single(Fake.Posted).ThreadTs);
    }

    [Fact]
    public async Task SlowAnswer_IsAcknowledgedBeforeItIsPosted()
    {
        Fake.PostDelay = TimeSpan.FromSeconds(3);

        using var ack = await Deliver(Mention("Ev0301", "1700000301.000100", "What does Tesla plan to build in Nevada?"));
        int postedAtAck = Fake.Posted.Count;
        var posts = await PostsAfter(1);

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(0, postedAtAck);
        Assert.Single(posts);
    }

    [Fact]
    public async Task SlackDownLongerThanTheClientRetries_AnswerIsRedeliveredLaterNotDropped()
    {
        var time = new PolicyBot.TestKit.InstantTimeProvider();
        await using var bot = await SlackTestBot.StartAsync(time: time);
        bot.Slack.FailNext(7); // More than one round of the client's five attempts.

        using var ack = await bot.DeliverAsync(SlackEventsEndpoint.Route, Mention("Ev0401", "1700000401.000100", "What does Tesla plan to build in Nevada?"), "application/json");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Posted.Count > 0);

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("1700000401.000100", Assert.Single(bot.Slack.Posted).ThreadTs);
        Assert.True(time.Waited >= SlackWorker.RedeliveryDelay, $"waited {time.Waited}");
    }

    [Fact]
    public async Task PostFailedAndRedelivered_ResendsTheReplyAlreadyRendered_NeverAnswersAgain()
    {
        var time = new PolicyBot.TestKit.InstantTimeProvider();
        await using var bot = await SlackTestBot.StartAsync(time: time);
        const string Short = "Where will Tesla build?"; // Four words: a second answer in the same thread would read it as a follow-up to itself.
        bot.Slack.FailNext(7); // chat.postMessage fails through the client's retries, then succeeds on the worker's redelivery.

        using var failing = await bot.DeliverAsync(SlackEventsEndpoint.Route, Mention("Ev0601", "1700000601.000100", Short), "application/json");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Posted.Count > 0);
        using var fresh = await bot.DeliverAsync(SlackEventsEndpoint.Route, Mention("Ev0602", "1700000602.000100", Short), "application/json");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Posted.Count > 1);

        var posts = bot.Slack.Posted;
        Assert.Equal(2, posts.Count);
        Assert.Equal("1700000601.000100", posts[0].ThreadTs);
        Assert.Equal(posts[1].Text, posts[0].Text); // the same passage a first-time answer gives, not "the next one"
    }

    [Fact]
    public async Task FakeSlackDriven_AckTooSlowForSlack_RetriedWithHeadersAndAnsweredOnce_OwnEchoIgnored()
    {
        Fake.EventsTarget = (new Uri(_bot.BaseUrl, SlackEventsEndpoint.Route.TrimStart('/')), SlackTestBot.Secret);
        Fake.LoseAcks("EvFake501", 2); // Slack does not see the first two acks in time, so it retries twice.
        Fake.EchoPosts = true;

        await Fake.DeliverEventAsync(new JsonObject
        {
            ["type"] = "app_mention", ["user"] = "U0000ALICE", ["text"] = "<@UBOT00001> What does Tesla plan to build in Nevada?",
            ["ts"] = "1700000501.000100", ["channel"] = "C0000GENERAL", ["event_ts"] = "1700000501.000100",
        }, "EvFake501");
        await PostsAfter(1);
        await SlackTestBot.WaitUntilAsync(() => Fake.Deliveries.Any(d => d.EventId != "EvFake501"));
        await Task.Delay(300);

        Assert.Equal(new[] { 0, 1, 2 }, Fake.Deliveries.Where(d => d.EventId == "EvFake501").Select(d => d.Retry));
        Assert.Contains(Fake.Deliveries, d => d.EventId != "EvFake501" && d.Status == 200); // the echo, acknowledged
        Assert.Equal("1700000501.000100", Assert.Single(Fake.Posted).ThreadTs);
    }

    [Fact]
    public async Task DirectMessage_IsAnsweredInTheDmNotInAThread()
    {
        Fake.EventsTarget = (new Uri(_bot.BaseUrl, SlackEventsEndpoint.Route.TrimStart('/')), SlackTestBot.Secret);

        await Fake.DeliverEventAsync(new JsonObject
        {
            ["type"] = "message", ["user"] = "U0000ALICE", ["text"] = "Should blanket tariffs be reconsidered?",
            ["ts"] = "1700000601.000100", ["channel"] = "D0000DIRECT", ["channel_type"] = "im", ["event_ts"] = "1700000601.000100",
        });
        var post = Assert.Single(await PostsAfter(1));

        Assert.Equal("D0000DIRECT", post.Channel);
        Assert.Null(post.ThreadTs);
        Assert.Contains("blanket tariffs", post.Text);
    }
}
