using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Core.Articles;

/// <summary>The <c>Articles</c> configuration section.</summary>
public sealed class ArticleOptions
{
    public const string Section = "Articles";

    /// <summary>The article folder; relative paths are resolved against the working directory.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "seeds";

    /// <summary>Watch the folder for new and changed articles (used by the alerts feature).</summary>
    public bool Watch { get; set; } = true;

    /// <summary>RSS/Atom feeds to poll (used by the alerts feature).</summary>
    public List<string> Feeds { get; set; } = new();

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
