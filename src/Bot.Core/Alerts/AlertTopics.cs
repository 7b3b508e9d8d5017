namespace PolicyBot.Core.Alerts;

/// <summary>
/// How every store normalises a subscription topic, kept in one place (the domain's rule) so no store can
/// disagree on which two topics are "the same subscription".
/// </summary>
public static class AlertTopics
{
    /// <summary>A subscription topic as shown: trimmed, and null for "everything" (null, empty or blank).</summary>
    public static string? Display(string? topic) => string.IsNullOrWhiteSpace(topic) ? null : topic.Trim();

    /// <summary>What makes two topics the same subscription: trimmed and case-insensitive; "" is everything.</summary>
    public static string Key(string? topic) => Display(topic)?.ToLowerInvariant() ?? "";
}
