using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Feeds;

/// <summary>
/// The feed and web-page settings of the <c>Articles</c> section (the same keys as ever): which feeds are polled and how
/// often, and how far a fetch may reach and how much it may read. Core's <c>ArticleOptions</c> keeps the folder and
/// index settings of the same section; only the feeds read these.
/// </summary>
public sealed class FeedOptions
{
    public const string Section = "Articles";

    /// <summary>RSS/Atom feeds to poll (used by the alerts feature).</summary>
    public List<string> Feeds { get; set; } = new();

    /// <summary>How often each feed is polled. At least a minute: feeds are not chat, and publishers throttle eager readers.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00", ErrorMessage = "Articles:FeedInterval must be between 1 minute and 365 days.")]
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Lets feed and URL fetches reach loopback, private and link-local addresses. Off by default so that a feed or a
    /// pasted link cannot make the bot probe the network it runs in (cloud metadata, admin pages); tests turn it on.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>The longest one feed or page fetch may take, redirects and body included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Articles:FeedTimeout must be between 1 second and 1 hour.")]
    public TimeSpan FeedTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest feed document read, in bytes (after decompression).</summary>
    [Range(1024L, long.MaxValue, ErrorMessage = "Articles:MaxFeedBytes must be at least 1024.")]
    public long MaxFeedBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The largest web page read when a feed item is a teaser or a URL is added, in bytes (after decompression).</summary>
    [Range(1024L, long.MaxValue, ErrorMessage = "Articles:MaxPageBytes must be at least 1024.")]
    public long MaxPageBytes { get; set; } = 5 * 1024 * 1024;
}
