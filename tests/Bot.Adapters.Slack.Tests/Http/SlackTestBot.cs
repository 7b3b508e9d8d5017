using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Answering;
using PolicyBot.Core;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Adapters.Slack.Tests.Http;

/// <summary>The Slack endpoints on Kestrel over loopback, answering through the real Core into a fake Slack.</summary>
internal sealed class SlackTestBot : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";

    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private ArticleLibrary _library = null!;
    private WebApplication _app = null!;

    public FakeSlackWebApi Slack { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public FeedbackLog Feedback { get; private set; } = null!;

    public static async Task<SlackTestBot> StartAsync(TimeSpan? inlineBudget = null, TimeProvider? time = null)
    {
        var bot = new SlackTestBot();
        bot._folder.AddSeed();
        bot._library = bot._folder.OpenLibrary();
        bot.Slack = await FakeSlackWebApi.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("POLICYBOT_TEST_LOG") == "1")
        {
            builder.Logging.AddConsole();
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var answerer = new QuestionAnswerer(bot._library, new AnswerOptions { Semantic = false });
        builder.Services.AddSingleton(answerer);
        builder.Services.AddSingleton(new BotEngine(bot._library, answerer));
        builder.Services.AddSingleton(bot.Feedback = new FeedbackLog(Path.Combine(bot._folder.Root, "feedback.jsonl")));
        builder.Services.AddSingleton<IFeedbackStore>(bot.Feedback);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(new SlackApiClient(bot._http, bot.Slack.BaseUrl, bot.Slack.BotToken, time ?? TimeProvider.System, NullLogger.Instance));
        builder.Services.AddSingleton(new SlackSignatureVerifier(Secret, TimeProvider.System));
        builder.Services.AddSingleton(new SlackDeduplicator(TimeProvider.System));
        builder.Services.AddSingleton(new SlackBotIdentity { UserId = bot.Slack.BotUserId });
        builder.Services.AddSingleton(new SlackCommandTiming { InlineBudget = inlineBudget ?? TimeSpan.FromSeconds(2) });
        builder.Services.AddSingleton<SlackPendingMessages>();
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new SlackOptions()));
        builder.Services.AddSingleton<SlackCommandRunner>();
        builder.Services.AddSingleton<SlackResponder>();
        builder.Services.AddChatBot();
        builder.Services.AddSingleton<SlackInFlight>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlackInFlight>());
        builder.Services.AddHostedService<SlackWorker>();
        bot._app = builder.Build();
        bot._app.MapSlackEndpoints();
        await bot._app.StartAsync();
        string address = bot._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        bot.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return bot;
    }

    /// <summary>Posts a body to a route the way Slack does: signed (or not) with a timestamp.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string route, string body, string contentType, string? secret = Secret, long? timestamp = null, int? retry = null)
    {
        long ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, route.TrimStart('/'))) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(secret ?? "wrong-secret", ts, bytes));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Waits (bounded) until <paramref name="done"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> done)
    {
        for (int i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the host as SIGTERM would: work in flight gets the shutdown grace period.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Slack.DisposeAsync();
        _library.Dispose();
        Feedback.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }
}
