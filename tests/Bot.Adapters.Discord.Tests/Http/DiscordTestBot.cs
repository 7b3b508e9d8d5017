using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Http;
using PolicyBot.Adapters.Discord.Signing;
using PolicyBot.Core;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;
using PolicyBot.Core.Search;
using PolicyBot.Feeds;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Http;

/// <summary>The Discord interactions endpoint on Kestrel over loopback, answering through the real Core (seed article) to a fake Discord.</summary>
internal sealed class DiscordTestBot : IAsyncDisposable
{
    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private ArticleLibrary _library = null!;
    private WebApplication _app = null!;

    public FakeDiscordApi Discord { get; private set; } = null!;

    public Uri BaseUrl { get; private set; } = null!;

    public FeedbackLog Feedback { get; private set; } = null!;

    public DiscordRestClient Api { get; private set; } = null!;

    /// <summary>The alert store behind /subscribe and friends.</summary>
    public PolicyBot.Storage.SqlStore Alerts { get; private set; } = null!;

    public static async Task<DiscordTestBot> StartAsync(TimeSpan? inlineBudget = null, FakeDiscordOptions? fakeOptions = null)
    {
        var bot = new DiscordTestBot();
        bot._folder.AddSeed();
        bot._library = bot._folder.OpenLibrary();
        bot.Discord = await FakeDiscordApi.StartAsync(fakeOptions);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("POLICYBOT_TEST_LOG") == "1")
        {
            builder.Logging.AddConsole();
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var answerer = new QuestionAnswerer(bot._library, new AnswerOptions { Semantic = false });
        builder.Services.AddSingleton(bot._library);
        builder.Services.AddSingleton(answerer);
        builder.Services.AddSingleton(new BotEngine(bot._library, answerer));
        builder.Services.AddSingleton(bot.Feedback = new FeedbackLog(Path.Combine(bot._folder.Root, "feedback.jsonl")));
        builder.Services.AddSingleton<IFeedbackStore>(bot.Feedback);
        builder.Services.AddSingleton(bot.Api = new DiscordRestClient(bot._http, bot.Discord.ApiBaseUrl, bot.Discord.BotToken, TimeProvider.System, NullLogger.Instance));
        builder.Services.AddSingleton(new DiscordSignatureVerifier(bot.Discord.PublicKeyHex));
        builder.Services.AddSingleton(new DiscordInteractionTiming { InlineBudget = inlineBudget ?? TimeSpan.FromSeconds(2) });
        bot.Alerts = PolicyBot.Storage.SqlStore.ForSqlite($"Data Source={Path.Combine(bot._folder.Root, "alerts.db")}");
        builder.Services.AddBotFeeds(builder.Configuration);
        builder.Services.AddSingleton(sp => new PolicyBot.Core.Alerts.AlertCommands(bot.Alerts, TimeProvider.System, sp.GetRequiredService<PolicyBot.Core.Articles.IArticleAdder>()));
        builder.Services.AddSingleton(Options.Create(new DiscordOptions { Enabled = true, ApplicationId = bot.Discord.ApplicationId, BotToken = bot.Discord.BotToken, PublicKey = bot.Discord.PublicKeyHex }));
        builder.Services.AddChatBot();
        bot._app = builder.Build();
        bot._app.MapDiscordEndpoints();
        await bot._app.StartAsync();
        string address = bot._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        bot.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        bot.Discord.InteractionsUrl = new Uri(bot.BaseUrl, "discord/interactions");
        return bot;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Discord.DisposeAsync();
        _library.Dispose();
        Alerts.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Feedback.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }
}
