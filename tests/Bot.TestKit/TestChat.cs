using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyBot.Core;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.Storage;

namespace PolicyBot.TestKit;

/// <summary>
/// The in-memory test adapter (botbuilder's TestAdapter idea): the real container (<see cref="CoreServiceCollectionExtensions.AddBotCore"/>
/// over an article folder the test writes, the real <see cref="IChatBot"/>), with only the platform's transport replaced,
/// so tests read as conversations: <c>await chat.Send("What does Tesla plan to build in Nevada?")</c>,
/// <c>await chat.Press(ButtonAction.More)</c>, <c>await chat.Send("and what about Canada?")</c>.
/// </summary>
public sealed class TestChat : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempArticleFolder? _ownedFolder;
    private int _messages;

    private TestChat(ServiceProvider services, TempArticleFolder? ownedFolder, string platform, string conversation)
    {
        _services = services;
        _ownedFolder = ownedFolder;
        Platform = platform;
        Conversation = conversation;
    }

    /// <summary>The platform label of every turn (metrics and the log scope).</summary>
    public string Platform { get; }

    /// <summary>The conversation (a thread, a DM) this chat talks in.</summary>
    public string Conversation { get; }

    /// <summary>The channel turns come from (whose alerts channel commands change).</summary>
    public ChannelRef Channel => new(Platform, "C-test");

    /// <summary>Whether the person may manage the channel's alerts.</summary>
    public bool MayManage { get; set; } = true;

    /// <summary>The container's services (the store, the feedback, the metrics), for assertions.</summary>
    public IServiceProvider Services => _services;

    public IChatBot Bot => _services.GetRequiredService<IChatBot>();

    /// <summary>The last reply, whose buttons <see cref="Press"/> presses.</summary>
    public Reply? Last { get; private set; }

    /// <summary>
    /// A bot over <paramref name="folder"/> (by default a new folder holding the repository's seed article). Pass the same
    /// <paramref name="conversations"/> to several chats to stand for replicas sharing one conversation store;
    /// <paramref name="alerts"/> adds the alert store (SQLite in the folder) and the channel commands; <paramref name="configure"/>
    /// replaces services after Core registered its own (the last registration wins).
    /// </summary>
    public static TestChat Start(
        TempArticleFolder? folder = null, IConversationStore? conversations = null, bool alerts = false,
        Action<IServiceCollection>? configure = null, string platform = "test", string conversation = "test:thread-1")
    {
        var owned = folder is null ? new TempArticleFolder() : null;
        folder ??= owned!;
        if (owned is not null)
        {
            owned.AddSeed();
        }

        var settings = new Dictionary<string, string?>
        {
            ["Articles:Path"] = folder.Articles,
            ["Articles:IndexPath"] = "memory",
            ["Articles:Watch"] = "false",
            ["Answers:Semantic"] = "false",
            ["Feedback:Path"] = Path.Combine(folder.Root, $"feedback-{Guid.NewGuid():N}.jsonl"),
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder.Root, "alerts.db")}",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        if (conversations is not null)
        {
            services.AddSingleton(conversations); // Registered first: AddBotCore's in-process default then stands aside.
        }

        services.AddBotCore(configuration);
        if (alerts)
        {
            // The real store (SQLite in the folder): subscriptions, feedback and conversations, as `serve` has them.
            services.AddBotAlerts(configuration);
            services.AddBotStorage(configuration);
            if (conversations is not null)
            {
                services.AddSingleton(conversations);
            }
        }

        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        // The host's explicit start step: the library is opened before the first turn, as `serve` and the shell do.
        provider.GetRequiredService<LibraryStartup>().OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return new TestChat(provider, owned, platform, conversation);
    }

    /// <summary>Types <paramref name="text"/> in the conversation.</summary>
    public Task<Reply> Send(string text, CancellationToken ct = default) => Turn(new TypedText(text), ct);

    /// <summary>Runs a platform slash command (no conversation memory).</summary>
    public Task<Reply> Command(BotCommand command, CancellationToken ct = default) => Turn(new CommandInput(command), ct);

    /// <summary>Presses a button under the last answer, carrying its question and the passages it showed.</summary>
    public Task<Reply> Press(ButtonAction action, CancellationToken ct = default)
    {
        var (question, shown) = Last switch
        {
            AnswerReply answer => (answer.Question, answer.Passages),
            DeclinedReply declined => (declined.Question, declined.Closest),
            _ => throw new InvalidOperationException($"The last reply ({Last?.GetType().Name ?? "none"}) has no answer buttons."),
        };
        return Turn(new ButtonPress(action, question, shown.Select(p => new ShownPassageRef(p.Article.Id, p.Paragraph)).ToList()), ct);
    }

    private async Task<Reply> Turn(TurnInput input, CancellationToken ct)
    {
        var turn = new ChatTurn(Platform, Channel, "U-tester", Conversation, $"m{Interlocked.Increment(ref _messages)}", input) { MayManage = MayManage };
        Last = await Bot.HandleAsync(turn, ct);
        return Last;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _ownedFolder?.Dispose();
    }
}
