using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Core.Articles;

/// <summary>The <c>Articles</c> configuration section: the folder, its watching and its index (the feed settings of the same section are PolicyBot.Feeds' FeedOptions).</summary>
public sealed class ArticleOptions
{
    public const string Section = "Articles";

    /// <summary>The article folder; relative paths are resolved against the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "seeds";

    /// <summary>Watch the folder for new and changed articles while the bot runs (shell and serve; one-shot commands never watch).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// How long a changed file's size and time must stay the same before it is indexed, so a file still
    /// being copied or saved is read once, whole.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Articles:WatchSettle must be between 0 and 10 minutes.")]
    public TimeSpan WatchSettle { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the whole folder is rescanned while watching: the safety net for file-system events that
    /// never arrive (network shares, containers, watcher overflows). A rescan only compares file sizes and times.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Articles:RescanInterval must be between 1 second and 1 day.")]
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Use file-system events to notice changes within about a second; false relies on the periodic rescan
    /// alone (for file systems whose events are unreliable or too many).
    /// </summary>
    public bool WatchEvents { get; set; } = true;

    /// <summary>
    /// Where the persistent index lives. Empty: a folder per article folder under the user's cache
    /// directory ($XDG_CACHE_HOME or ~/.cache)/policybot. "memory": no persistence.
    /// </summary>
    public string? IndexPath { get; set; }

    public string ResolveFolder() => System.IO.Path.GetFullPath(Path);

    /// <summary>The index folder for <paramref name="articleFolder"/>, or null to index in memory only.</summary>
    public string? ResolveIndexPath(string articleFolder)
    {
        if (string.Equals(IndexPath, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(IndexPath))
        {
            return System.IO.Path.GetFullPath(IndexPath);
        }

        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(System.IO.Path.GetFullPath(articleFolder))))[..16].ToLowerInvariant();
        return System.IO.Path.Combine(cache, "policybot", "index", key);
    }
}
