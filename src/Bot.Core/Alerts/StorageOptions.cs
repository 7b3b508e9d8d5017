using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Core.Alerts;

/// <summary>The <c>Storage</c> configuration section: where subscriptions, the alert outbox and feed state are kept.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    /// <summary>Sqlite (the default, a file next to the user's data) is the only provider for now.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A Microsoft.Data.Sqlite connection string; empty means <c>$XDG_DATA_HOME/policybot/policybot.db</c> (or ~/.local/share/…).</summary>
    public string? ConnectionString { get; set; }

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        string data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        string folder = Path.Combine(data, "policybot");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "policybot.db")}";
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Storage:Provider '{Provider}' is not supported; use Sqlite.", new[] { nameof(Provider) });
        }
    }
}
