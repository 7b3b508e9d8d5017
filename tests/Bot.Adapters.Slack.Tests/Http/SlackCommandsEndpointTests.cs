using System.Net;
using System.Text.Json;
using PolicyBot.Adapters.Slack.Http;

namespace PolicyBot.Adapters.Slack.Tests.Http;

public class SlackCommandsEndpointTests
{
    private static string Form(string command, string text, Uri responseUrl) =>
        "token=x&team_id=T0000FAKE&team_domain=fake&channel_id=C0000GENERAL&channel_name=general&user_id=U0000ALICE&user_name=alice" +
        $"&command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}&api_app_id=A0000BOT" +
        $"&response_url={Uri.EscapeDataString(responseUrl.AbsoluteUri)}&trigger_id=13345224609.738474920.8088930838d88f008e0";

    [Fact]
    public async Task Ask_ReadyInTime_AnswersInlineEphemerallyWithAShareButton()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackCommandsEndpoint.Route, Form("/ask", "What does Tesla plan to build in Nevada?", bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("ephemeral", body.RootElement.GetProperty("response_type").GetString());
        Assert.Contains("cell factory in Nevada", body.RootElement.GetProperty("text").GetString());
        Assert.Contains("policybot_share", body.RootElement.GetProperty("blocks").GetRawText());
    }

    [Fact]
    public async Task Summary_SlowerThanTheInlineBudget_AcksAtOnceThenAnswersThroughResponseUrl()
    {
        await using var bot = await SlackTestBot.StartAsync(inlineBudget: TimeSpan.Zero);
        var responseUrl = bot.Slack.NewResponseUrl();

        using var response = await bot.DeliverAsync(SlackCommandsEndpoint.Route, Form("/summary", "latest", responseUrl), "application/x-www-form-urlencoded");
        await SlackTestBot.WaitUntilAsync(() => bot.Slack.Responses.Count > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        var (id, posted) = Assert.Single(bot.Slack.Responses);
        Assert.EndsWith(id, responseUrl.AbsolutePath);
        Assert.Equal("ephemeral", posted["response_type"]!.GetValue<string>());
        Assert.Contains("If the United States wants to compete", posted["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadSignature_Is401()
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackCommandsEndpoint.Route, Form("/help", "", bot.Slack.NewResponseUrl()), "application/x-www-form-urlencoded", secret: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("ssl_check=1&token=x", HttpStatusCode.OK)]
    [InlineData("text=hello", HttpStatusCode.BadRequest)]
    [InlineData("%%%", HttpStatusCode.BadRequest)]
    public async Task SslCheckAndMalformedForms_GetTheRightStatusNeverA500(string form, HttpStatusCode expected)
    {
        await using var bot = await SlackTestBot.StartAsync();

        using var response = await bot.DeliverAsync(SlackCommandsEndpoint.Route, form, "application/x-www-form-urlencoded");

        Assert.Equal(expected, response.StatusCode);
    }
}
