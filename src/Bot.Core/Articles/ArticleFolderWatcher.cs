using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Articles;

/// <summary>
/// Keeps the <see cref="ArticleLibrary"/> live while the bot runs: file-system events (debounced) and a
/// periodic rescan trigger <see cref="ArticleLibrary.Refresh"/>, and every non-empty
/// <see cref="LibraryChanges"/> goes to each registered <see cref="ILibraryChangeListener"/>.
/// </summary>
/// <remarks>
/// Core references no hosting package (a test checks this), so this class is not a BackgroundService
/// itself: the host runs <see cref="RunAsync"/> from a hosted service in the long-running modes only.
/// Events only say "look again": the refresh rescans the whole folder (sizes and times), so renames,
/// folder moves, deletions and lost events all come out right without tracking paths. Before a
/// refresh, every new or changed file must have kept its size and time for
/// <see cref="ArticleOptions.WatchSettle"/> and open for reading, so a file being copied is indexed
/// once, whole, instead of once half-written and again complete.
/// </remarks>
public sealed class ArticleFolderWatcher : IDisposable
{
    // A file rewritten without pause (a log, a sync loop) must not hold back every other article for ever.
    private const int MaxSettleRounds = 10;

    private readonly ArticleLibrary _library;
    private readonly IReadOnlyList<ILibraryChangeListener> _listeners;
    private readonly ArticleOptions _options;
    private readonly ILogger<ArticleFolderWatcher> _logger;

    // One refresh and its notifications at a time, whether from the loop or RefreshNowAsync, so listeners see changes in order.
    private readonly SemaphoreSlim _gate = new(1, 1);

    // A doorbell, not a queue: any number of events before the loop looks again mean one rescan.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<ArticleProblem> _reported;

    public ArticleFolderWatcher(ArticleLibrary library, IEnumerable<ILibraryChangeListener> listeners, IOptions<ArticleOptions> options, ILogger<ArticleFolderWatcher> logger)
    {
        _library = library;
        _listeners = listeners.ToList();
        _options = options.Value;
        _logger = logger;
        // Problems found when the library opened are reported by the host; only new ones are logged here.
        _reported = new HashSet<ArticleProblem>(library.Problems);
    }

    /// <summary>Watches until <paramref name="ct"/> is cancelled (shutdown), which ends it without an error.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var watcher = _options.WatchEvents ? StartWatcher() : null;
        Ring(); // Catch up with whatever changed between opening the library and watching it.
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (await WaitForBellAsync(_options.RescanInterval, ct))
                {
                    await DebounceAsync(ct);
                }

                try
                {
                    await WaitUntilSettledAsync(ct);
                    await RefreshCoreAsync(ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // An unreadable folder or a locked index: keep watching, the next event or rescan retries.
                    _logger.LogWarning(ex, "Updating the article library from {Folder} failed; retrying at the next change or rescan.", _library.Folder);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>
    /// Rescans the folder now (no settle wait: the caller has finished writing) and notifies the listeners;
    /// for <c>add</c> commands that want a file they just wrote answerable at once.
    /// </summary>
    public Task<LibraryChanges> RefreshNowAsync(CancellationToken ct) => RefreshCoreAsync(ct);

    private async Task<LibraryChanges> RefreshCoreAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            // Parsing and indexing are CPU and disk work; keep them off the caller's thread.
            var changes = await Task.Run(() => _library.Refresh(null, ct), ct);
            ReportProblems();
            if (changes.IsEmpty)
            {
                return changes;
            }

            _logger.LogInformation(
                "Article library updated: {Added} added, {Changed} changed, {Removed} removed.",
                changes.Added.Count, changes.Changed.Count, changes.Removed.Count);
            await NotifyAsync(changes, ct);
            return changes;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task NotifyAsync(LibraryChanges changes, CancellationToken ct)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                await listener.OnLibraryChangedAsync(changes, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // One faulty listener must not keep the others from hearing about the change.
                _logger.LogError(ex, "{Listener} failed to handle a library change.", listener.GetType().Name);
            }
        }
    }

    private void ReportProblems()
    {
        var current = _library.Problems;
        foreach (var problem in current.Where(p => !_reported.Contains(p)))
        {
            _logger.LogWarning("Skipped {Path}: {Reason}.", problem.Path, problem.Reason);
        }

        // Forget fixed files, so one that breaks again is reported again.
        _reported.Clear();
        _reported.UnionWith(current);
    }

    private FileSystemWatcher? StartWatcher()
    {
        FileSystemWatcher? watcher = null;
        try
        {
            watcher = new FileSystemWatcher(_library.Folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += OnFileEvent;
            watcher.Changed += OnFileEvent;
            watcher.Deleted += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.Error += OnWatcherError;
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            // inotify limits, unsupported file systems: the periodic rescan still finds every change, only later.
            watcher?.Dispose();
            _logger.LogWarning("Cannot watch {Folder} for changes ({Reason}); rescanning every {Interval} instead.", _library.Folder, ex.Message, _options.RescanInterval);
            return null;
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (Relevant(e.FullPath) || (e is RenamedEventArgs renamed && Relevant(renamed.OldFullPath)))
        {
            Ring();
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        // Usually a buffer overflow: events were lost, so look at everything.
        _logger.LogDebug(e.GetException(), "The folder watcher lost events; rescanning.");
        Ring();
    }

    // Article files, and names without an extension, which are usually folders moved or deleted as a whole.
    private static bool Relevant(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.Length == 0 || ArticleLoader.Extensions.Contains(extension);
    }

    private void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>True when rung, false when <paramref name="timeout"/> passed first (time for the periodic rescan).</summary>
    private async Task<bool> WaitForBellAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(timeout);
        try
        {
            await _doorbell.Reader.ReadAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for a short quiet spell, so a burst of events (a copied folder, an editor's save dance) is one refresh.</summary>
    private async Task DebounceAsync(CancellationToken ct)
    {
        var quiet = TimeSpan.FromMilliseconds(Math.Min(250, _options.WatchSettle.TotalMilliseconds));
        if (quiet <= TimeSpan.Zero)
        {
            return;
        }

        while (await WaitForBellAsync(quiet, ct))
        {
        }
    }

    /// <summary>Waits until every new or changed file kept its size and time for the settle period and can be opened.</summary>
    private async Task WaitUntilSettledAsync(CancellationToken ct)
    {
        var settle = _options.WatchSettle;
        var before = Stat(_library.PendingFiles());
        if (before.Count == 0 || settle <= TimeSpan.Zero)
        {
            return;
        }

        for (int round = 0; round < MaxSettleRounds; round++)
        {
            await Task.Delay(settle, ct);
            var after = Stat(_library.PendingFiles());
            if (after.Count == before.Count && after.All(a => before.TryGetValue(a.Key, out var b) && b == a.Value) && after.Keys.All(CanRead))
            {
                return;
            }

            before = after;
        }

        _logger.LogDebug("Files in {Folder} kept changing; indexing them as they are now.", _library.Folder);
    }

    private static Dictionary<string, (long Length, long Ticks)> Stat(IReadOnlyList<string> paths)
    {
        var result = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            var file = new FileInfo(path);
            if (file.Exists)
            {
                result[path] = (file.Length, file.LastWriteTimeUtc.Ticks);
            }
        }

        return result;
    }

    private static bool CanRead(string path)
    {
        try
        {
            // Where the OS enforces sharing (Windows), a writer that still holds the file makes this fail.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return true;
        }
        catch (FileNotFoundException)
        {
            return true; // Gone: the refresh will see it removed, nothing to wait for.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _gate.Dispose();
}
