namespace PolicyBot.Core.Feedback;

/// <summary>The <c>Feedback</c> section: where "Helpful" / "Not helpful" go when there is no alert store.</summary>
public sealed class FeedbackOptions
{
    public const string Section = "Feedback";

    public const string DefaultPath = "policybot-feedback.jsonl";

    /// <summary>The JSON Lines file, relative to the working directory; blank means <see cref="DefaultPath"/>.</summary>
    public string? Path { get; set; } = DefaultPath;

    public string ResolvePath() => string.IsNullOrWhiteSpace(Path) ? DefaultPath : Path;
}
