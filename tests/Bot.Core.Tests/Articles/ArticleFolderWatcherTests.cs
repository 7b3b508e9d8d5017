using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Articles;

public sealed class ArticleFolderWatcherTests : IDisposable
{
    private const string Plant = "---\ntitle: Battery plant\n---\nQuintaxel batteries power the new plant in Nevada. Workers were hired in March.\n";

    // Generous: only reached when the watcher is broken; a working one answers in about a second.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Hands every notification to the test through a channel, so tests wait on it instead of sleeping.</summary>
    private sealed class RecordingListener : ILibraryChangeListener
    {
        private readonly Channel<LibraryChanges> _received = Channel.CreateUnbounded<LibraryChanges>();

        public List<LibraryChanges> All { get; } = new();

        public Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct)
        {
            lock (All)
            {
                All.Add(changes);
            }

            _received.Writer.TryWrite(changes);
            return Task.CompletedTask;
        }

        public async Task<LibraryChanges> NextAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            return await _received.Reader.ReadAsync(timeout.Token);
        }
    }

    private sealed class ThrowingListener : ILibraryChangeListener
    {
        public Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct) => throw new InvalidOperationException("listener fault");
    }

    private static ArticleFolderWatcher Watcher(ArticleLibrary library, ArticleOptions options, params ILibraryChangeListener[] listeners) =>
        new(library, listeners, Options.Create(options), NullLogger<ArticleFolderWatcher>.Instance);

    private static ArticleOptions Fast(bool events = true, TimeSpan? settle = null) => new()
    {
        WatchSettle = settle ?? TimeSpan.FromMilliseconds(300),
        RescanInterval = events ? TimeSpan.FromMinutes(10) : TimeSpan.FromMilliseconds(200),
        WatchEvents = events,
    };

    [Fact]
    public async Task RunAsync_NewFile_RefreshesAndNotifiesTheListener()
    {
        _folder.Write("tariffs.md", "---\ntitle: Tariffs\n---\nZorblax tariffs rose sharply this year.\n");
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(), listener);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        _folder.Write("plant.md", Plant);
        var changes = await listener.NextAsync();

        Assert.Equal("plant", Assert.Single(changes.Added).Id);
        Assert.NotNull(library.Find("plant"));
        await stop.CancelAsync();
        await running.WaitAsync(Timeout); // stops cleanly, without an exception
    }

    [Fact]
    public async Task RunAsync_FileWrittenInTwoParts_IsIndexedOnceWithItsFullText()
    {
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(settle: TimeSpan.FromSeconds(1)), listener);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        string path = Path.Combine(_folder.Articles, "plant.md");
        byte[] text = Encoding.UTF8.GetBytes(Plant);
        int half = Plant.IndexOf("Workers", StringComparison.Ordinal);
        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            await stream.WriteAsync(text.AsMemory(0, half), CancellationToken.None);
            await stream.FlushAsync(CancellationToken.None);
            await Task.Delay(200, CancellationToken.None); // a copy in progress: well inside the settle period
            await stream.WriteAsync(text.AsMemory(half), CancellationToken.None);
        }

        var changes = await listener.NextAsync();
        var again = await watcher.RefreshNowAsync(CancellationToken.None);

        Assert.Equal("plant", Assert.Single(changes.Added).Id);
        Assert.Contains("Workers were hired in March.", library.LoadArticle("plant")!.Body, StringComparison.Ordinal);
        Assert.True(again.IsEmpty); // the whole text was already indexed
        lock (listener.All)
        {
            Assert.Single(listener.All, c => c.Added.Concat(c.Changed).Any(a => a.Id == "plant"));
        }

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_WithoutFileSystemEvents_ThePeriodicRescanFindsTheFile()
    {
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(events: false), listener);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        _folder.Write("plant.md", Plant);
        var changes = await listener.NextAsync();

        Assert.Equal("plant", Assert.Single(changes.Added).Id);
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RunAsync_DeletedAndRenamedFiles_AreReported()
    {
        string plant = _folder.Write("plant.md", Plant);
        string tariffs = _folder.Write("tariffs.md", "Zorblax tariffs rose sharply this year.\n");
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(), listener);
        using var stop = new CancellationTokenSource();
        var running = watcher.RunAsync(stop.Token);

        File.Delete(tariffs);
        File.Move(plant, Path.Combine(_folder.Articles, "nevada.md"));
        var removed = new HashSet<string>();
        var added = new HashSet<string>();
        while (removed.Count < 2 || added.Count < 1)
        {
            var changes = await listener.NextAsync();
            removed.UnionWith(changes.Removed);
            added.UnionWith(changes.Added.Select(a => a.Id));
        }

        Assert.Equal(new[] { "plant", "tariffs" }, removed.Order(StringComparer.Ordinal));
        Assert.Equal("nevada", Assert.Single(added));
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task RefreshNowAsync_AListenerThrows_TheOthersAreStillNotified()
    {
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(), new ThrowingListener(), listener);

        _folder.Write("plant.md", Plant);
        var changes = await watcher.RefreshNowAsync(CancellationToken.None);

        Assert.Equal("plant", Assert.Single(changes.Added).Id);
        Assert.Same(changes, await listener.NextAsync());
    }

    [Fact]
    public async Task RefreshNowAsync_NothingChanged_NotifiesNobody()
    {
        _folder.Write("plant.md", Plant);
        using var library = _folder.OpenLibrary();
        var listener = new RecordingListener();
        using var watcher = Watcher(library, Fast(), listener);

        var changes = await watcher.RefreshNowAsync(CancellationToken.None);

        Assert.True(changes.IsEmpty);
        Assert.Empty(listener.All);
    }

    [Theory]
    [InlineData("-00:00:01", "00:01:00")]
    [InlineData("00:11:00", "00:01:00")]
    [InlineData("00:00:01", "00:00:00")]
    [InlineData("00:00:01", "2.00:00:00")]
    public void Validate_OutOfRangeTimes_AreRejected(string settle, string rescan)
    {
        var options = new ArticleOptions { WatchSettle = TimeSpan.Parse(settle), RescanInterval = TimeSpan.Parse(rescan) };

        var errors = new List<ValidationResult>();
        bool valid = Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);

        Assert.False(valid);
        Assert.Single(errors);
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new ArticleOptions();

        Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), new List<ValidationResult>(), validateAllProperties: true));
        Assert.Equal(TimeSpan.FromSeconds(1), options.WatchSettle);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RescanInterval);
    }
}
