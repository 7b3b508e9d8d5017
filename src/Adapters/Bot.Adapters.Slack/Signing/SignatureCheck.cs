namespace PolicyBot.Adapters.Slack.Signing;

/// <summary>The outcome of checking a Slack request signature. Only <see cref="Valid"/> may be processed; every other value is a 401.</summary>
public enum SignatureCheck
{
    /// <summary>The signature matches the body and the timestamp is within the tolerance.</summary>
    Valid,

    /// <summary><c>X-Slack-Signature</c> or <c>X-Slack-Request-Timestamp</c> is absent or empty.</summary>
    Missing,

    /// <summary>The timestamp is more than the tolerance (5 minutes) before or after now: a replay or a badly skewed clock.</summary>
    Stale,

    /// <summary>A header is present but not in Slack's format: a non-numeric timestamp, a prefix other than <c>v0=</c>, non-hex or wrong-length digest.</summary>
    Malformed,

    /// <summary>Well-formed and fresh, but not signed with our secret over these bytes.</summary>
    Mismatch,
}
