using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Core.Alerts;

/// <summary>The <c>Alerts</c> configuration section: how alerts are paced, batched and retried.</summary>
public sealed class AlertOptions : IValidatableObject
{
    public const string Section = "Alerts";

    /// <summary>Plan and send alerts (subscriptions are kept either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A channel with this many alerts waiting at once gets one digest message instead.</summary>
    [Range(2, 1000)]
    public int DigestThreshold { get; set; } = 4;

    /// <summary>The least time between two alert messages in one channel; alerts arriving meanwhile are combined.</summary>
    public TimeSpan ChannelInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox is checked for due retries when nothing new has arrived.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry delay after a failed post; it doubles up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryBase { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An alert still failing this long after it was planned is given up, with an error in the log.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Consecutive failed posts to one channel before the log says it keeps failing.</summary>
    [Range(1, 1000)]
    public int ReportChannelAfter { get; set; } = 5;

    /// <summary>
    /// An alert claimed this long ago and still without an outcome is "in doubt": its sender stopped (a restart, or a
    /// replica that died mid-delivery). Any replica then settles it. Longer than any one post takes, rate-limit waits included.
    /// </summary>
    public TimeSpan InDoubtAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Alerts claimed per pass.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ChannelInterval < TimeSpan.Zero || PollInterval <= TimeSpan.Zero || RetryBase <= TimeSpan.Zero || RetryMax < RetryBase || GiveUpAfter <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Alerts: intervals must be positive and RetryMax at least RetryBase.", new[] { nameof(RetryBase) });
        }
    }
}
