using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Answering;
using PolicyBot.TestKit;
using PolicyBot.Storage;

namespace PolicyBot.Adapters.Shell.Tests;

/// <summary>Alerts in the shell: its user subscribes the console, and a new article is printed there.</summary>
public sealed class ShellAlertsTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task Subscribe_ThenANewArticle_IsPrintedInTheShell()
    {
        _folder.AddSeed();
        using var library = _folder.OpenLibrary();
        using var store = SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        var time = TimeProvider.System;
        var planner = new AlertPlanner(library, new QuestionAnswerer(library, new AnswerOptions { Semantic = false }), store, store, time, NullLogger.Instance);
        await planner.CatchUpAsync(CancellationToken.None);
        var session = new ShellSession(TempArticleFolder.Bot(library, new AlertCommands(store, time)), library);
        var output = new StringWriter();

        await session.RunAsync(new StringReader("/subscribe\n/subscriptions\n"), output, interactive: false, CancellationToken.None);
        _folder.Write("steel.md", "---\ntitle: \"EU tightens steel quotas\"\nsource: \"Daily Ledger\"\n---\nThe EU cut steel import quotas by 15 percent in March.\n\nProducers welcomed it.\n");
        await planner.OnLibraryChangedAsync(library.Refresh(null, CancellationToken.None), CancellationToken.None);
        using var dispatcher = new AlertDispatcher(store, store, new AlertComposer(library), new[] { new ShellAlertSender(output) }, Options.Create(new AlertOptions()), time, NullLogger<AlertDispatcher>.Instance);
        await dispatcher.RunOnceAsync(CancellationToken.None);

        string text = output.ToString();
        Assert.Contains("This channel will get an alert for every new article.", text, StringComparison.Ordinal);
        Assert.Contains("• every new article (since", text, StringComparison.Ordinal);
        Assert.Contains("New article: EU tightens steel quotas", text, StringComparison.Ordinal);
        Assert.Contains("15 percent", text, StringComparison.Ordinal);
        Assert.Single(await store.SubscriptionsAsync(ShellAlertSender.Channel, CancellationToken.None));
    }
}
