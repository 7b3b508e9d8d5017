using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.TestKit;
using PolicyBot.Storage;

namespace PolicyBot.Adapters.Slack.Tests;

/// <summary>Who may change a Slack channel's alerts: the users in Slack:AdminUsers, or everyone when it is empty.</summary>
public sealed class SlackCommandRunnerTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static SlackSlashCommand Command(string name, string text, string user) =>
        new(name, text, "T0000FAKE", "C0000GENERAL", user, new Uri("https://hooks.slack.test/r/1"), null, "general", "someone", "A0000BOT");

    [Theory]
    [InlineData(new string[0], "U0000ALICE", true)]
    [InlineData(new[] { "U0000ALICE" }, "U0000ALICE", true)]
    [InlineData(new[] { "U0000ALICE" }, "U0000BOB", false)]
    public async Task Subscribe_FollowsAdminUsers(string[] admins, string user, bool allowed)
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        using var store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        var runner = new SlackCommandRunner(TempArticleFolder.Bot(library, new AlertCommands(store, TimeProvider.System)), Options.Create(new SlackOptions { AdminUsers = admins.ToList() }));

        var reply = await runner.RunAsync(Command("subscribe", "steel quotas", user), CancellationToken.None);
        var listed = await runner.RunAsync(Command("subscriptions", "", "U0000BOB"), CancellationToken.None);

        var subscriptions = await store.SubscriptionsAsync(new ChannelRef("slack", "C0000GENERAL"), CancellationToken.None);
        Assert.Equal(allowed, subscriptions.Count == 1);
        Assert.IsType(allowed ? typeof(ConfirmationReply) : typeof(UsageReply), reply);
        Assert.IsType<ConfirmationReply>(listed);
        if (!allowed)
        {
            Assert.Equal(AlertCommands.Refusal, ((UsageReply)reply).Message);
        }
    }

    [Fact]
    public async Task TypedInAMention_ChannelCommandsFollowTheSameRules_QuestionsAreLeftToCore()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        using var store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        var bot = TempArticleFolder.Bot(library, new AlertCommands(store, TimeProvider.System));
        var options = new SlackOptions { AdminUsers = ["U0000ALICE"] };

        var question = await bot.HandleAsync(SlackResponder.Turn(Mention("What tariffs will Canada impose on the Chinese EVs it imports?", "U0000ALICE"), options), CancellationToken.None);
        var refused = await bot.HandleAsync(SlackResponder.Turn(Mention("/subscribe steel", "U0000BOB"), options), CancellationToken.None);
        var accepted = await bot.HandleAsync(SlackResponder.Turn(Mention("/subscribe steel", "U0000ALICE"), options), CancellationToken.None);

        Assert.IsType<AnswerReply>(question);
        Assert.Equal(AlertCommands.Refusal, Assert.IsType<UsageReply>(refused).Message);
        Assert.IsType<ConfirmationReply>(accepted);
        Assert.Equal("steel", Assert.Single(await store.SubscriptionsAsync(new ChannelRef("slack", "C0000GENERAL"), CancellationToken.None)).Topic);
    }

    private static SlackMessage Mention(string text, string user) =>
        new("Ev1", "T0000FAKE", "C0000GENERAL", "channel", user, text, "1700000001.000100", null, IsMention: true, IsDirectMessage: false);
}
