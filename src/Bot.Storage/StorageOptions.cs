using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Storage;

/// <summary>The <c>Storage</c> configuration section: where subscriptions, the alert outbox, feed state, feedback, conversations and replica coordination are kept.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public const string SqliteProvider = "Sqlite";

    public const string PostgresProvider = "Postgres";

    /// <summary>
    /// <c>Sqlite</c> (the default: one file, one process or several on one machine) or <c>Postgres</c> (one database
    /// shared by several replicas); case-insensitive.
    /// </summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>
    /// For Sqlite a Microsoft.Data.Sqlite connection string; empty means <c>$XDG_DATA_HOME/policybot/policybot.db</c>
    /// (or ~/.local/share/…). For Postgres an Npgsql connection string, required (it usually carries a password: set it
    /// through the environment, <c>Storage__ConnectionString</c>, rather than a file).
    /// </summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider?.Trim(), PostgresProvider, StringComparison.OrdinalIgnoreCase);

    public bool IsSqlite => string.Equals(Provider?.Trim(), SqliteProvider, StringComparison.OrdinalIgnoreCase);

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (IsPostgres)
        {
            // Validation reports this at startup; reaching it means the options were not validated.
            throw new InvalidOperationException(MissingPostgresConnectionString);
        }

        string data = Environment.GetEnvironmentVariable("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        string folder = Path.Combine(data, "policybot");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "policybot.db")}";
    }

    /// <summary>
    /// Where the store is, for a log line: the SQLite connection string (a path), or PostgreSQL's host, port, database
    /// and user — never a password.
    /// </summary>
    public string Describe() => IsPostgres
        ? "PostgreSQL " + PostgresDialect.Describe(ResolveConnectionString())
        : "SQLite " + ResolveConnectionString();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsSqlite && !IsPostgres)
        {
            yield return new ValidationResult(
                $"Storage:Provider '{Provider}' is not supported; use Sqlite or Postgres.", new[] { nameof(Provider) });
        }
        else if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(MissingPostgresConnectionString, new[] { nameof(ConnectionString) });
        }
    }

    private const string MissingPostgresConnectionString =
        "Storage:ConnectionString is required when Storage:Provider is Postgres (e.g. the environment variable "
        + "Storage__ConnectionString='Host=…;Database=policybot;Username=…;Password=…').";
}
