using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Core.Tests.Search;

public sealed class LibraryStartupTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private LibraryStartup Startup() => new(
        Options.Create(new ArticleOptions { Path = _folder.Combine("articles"), IndexPath = "memory" }),
        NullLogger<ArticleLibrary>.Instance);

    [Fact]
    public async Task OpenAsync_TwiceOrConcurrently_OpensOneLibrary()
    {
        _folder.Write("articles/tariffs.txt", "Tariffs on steel rose sharply this spring.\n");
        using var startup = Startup();

        Assert.False(startup.IsOpen);
        Assert.Throws<InvalidOperationException>(() => startup.Library);
        var opened = await Task.WhenAll(startup.OpenAsync(CancellationToken.None), startup.OpenAsync(CancellationToken.None));

        Assert.Same(opened[0], opened[1]);
        Assert.Same(opened[0], startup.Library);
        Assert.Single(startup.Library.Articles);
    }

    [Fact]
    public async Task OpenAsync_Cancelled_LeavesItClosed()
    {
        _folder.Write("articles/tariffs.txt", "Tariffs on steel rose sharply this spring.\n");
        using var startup = Startup();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => startup.OpenAsync(new CancellationToken(canceled: true)));

        Assert.False(startup.IsOpen);
    }

    [Fact]
    public async Task OpenAsync_MissingFolder_SaysWhichFolder()
    {
        using var startup = Startup();

        var ex = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => startup.OpenAsync(CancellationToken.None));

        Assert.Contains("articles", ex.Message, StringComparison.Ordinal);
    }
}
