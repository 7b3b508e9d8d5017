using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

public sealed class ArticleWatchHostingTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public ArticleWatchHostingTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    private IHost Build(bool shell, params string[] args)
    {
        var host = BotHost.Build(
            args.Append($"--Articles:IndexPath={_folder.IndexPath}").ToArray(), _folder.Articles,
            new HostMode(Shell: shell, LogLevel.Warning, LogProgress: false), TextWriter.Null,
            services => services.AddSingleton(new ShellIo(new StringReader(""), TextWriter.Null, Interactive: false)));
        // The start step a started host runs first; these tests look at the services without starting it.
        host.Services.GetRequiredService<LibraryStartup>().OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return host;
    }

    [Fact]
    public void Build_OneShotCommand_StartsNoWatcherButCanStillRefreshOnDemand()
    {
        using var host = Build(shell: false);

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is ArticleFolderWatcherService);
        Assert.NotNull(host.Services.GetService<ArticleFolderWatcher>());
    }

    [Fact]
    public void Build_Shell_RunsTheWatcherAndRebuildsMeaningsAfterRefreshes()
    {
        using var host = Build(shell: true);

        Assert.Contains(host.Services.GetServices<IHostedService>(), s => s is ArticleFolderWatcherService);
        Assert.Contains(host.Services.GetServices<ILibraryChangeListener>(), l => l is SemanticIndexBuilder);
        // One library for everyone: the watcher refreshes the very object the engine answers from.
        Assert.Same(host.Services.GetRequiredService<ArticleLibrary>(), host.Services.GetRequiredService<PolicyBot.Core.Conversation.BotEngine>().Library);
    }

    [Fact]
    public void Build_ShellWithWatchOff_HasNoWatcher()
    {
        using var host = Build(shell: true, "--Articles:Watch=false");

        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is ArticleFolderWatcherService);
        Assert.Null(host.Services.GetService<ArticleFolderWatcher>());
    }
}
