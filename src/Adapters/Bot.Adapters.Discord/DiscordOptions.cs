using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Adapters.Discord;

/// <summary>The <c>Discord</c> configuration section. Secrets come from the environment (Discord__BotToken …), never from files.</summary>
public sealed class DiscordOptions : IValidatableObject
{
    public const string Section = "Discord";

    public bool Enabled { get; set; }

    /// <summary>The application (client) id from the developer portal.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The application's Ed25519 public key, 64 hex characters, that signs interactions.</summary>
    public string? PublicKey { get; set; }

    /// <summary>The bot token for REST and the Gateway.</summary>
    public string? BotToken { get; set; }

    /// <summary>The REST base; tests point it at a fake.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://discord.com/api/v10/");

    /// <summary>Connect to the Gateway so mentions and DMs are answered.</summary>
    public bool Gateway { get; set; }

    /// <summary>Overrides the Gateway URL (tests); otherwise it comes from GET /gateway/bot.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>Register commands in this guild only (instant updates while developing); global otherwise.</summary>
    public string? GuildId { get; set; }

    /// <summary>This replica's Gateway shard (with <see cref="ShardCount"/>): replicas split the servers; DMs arrive on shard 0.</summary>
    public int? ShardId { get; set; }

    /// <summary>How many shards the replicas run in all.</summary>
    public int? ShardCount { get; set; }

    /// <summary>Bulk-overwrite the application's commands at start.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>How long a command may take to be answered inline before it is deferred ("thinking…") and edited in.</summary>
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ApplicationId))
        {
            yield return new ValidationResult("Discord is enabled but Discord:ApplicationId is not set (environment variable Discord__ApplicationId).", new[] { nameof(ApplicationId) });
        }

        if (string.IsNullOrWhiteSpace(PublicKey))
        {
            yield return new ValidationResult("Discord is enabled but Discord:PublicKey is not set (environment variable Discord__PublicKey).", new[] { nameof(PublicKey) });
        }
        else if (PublicKey.Trim().Length != 64 || !PublicKey.Trim().All(Uri.IsHexDigit))
        {
            yield return new ValidationResult("Discord:PublicKey must be the application's public key: 64 hexadecimal characters.", new[] { nameof(PublicKey) });
        }

        if ((ShardId is null) != (ShardCount is null) || ShardCount < 1 || ShardId < 0 || ShardId >= ShardCount)
        {
            yield return new ValidationResult("Discord:ShardId and Discord:ShardCount go together, with 0 <= ShardId < ShardCount.", new[] { nameof(ShardId) });
        }

        if (InlineBudget < TimeSpan.Zero || InlineBudget >= TimeSpan.FromSeconds(3))
        {
            // Discord drops an interaction that gets no response within 3 s.
            yield return new ValidationResult("Discord:InlineBudget must be at least 00:00:00 and under 00:00:03.", new[] { nameof(InlineBudget) });
        }

        if (string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult("Discord is enabled but Discord:BotToken is not set (environment variable Discord__BotToken).", new[] { nameof(BotToken) });
        }
    }

    /// <summary>Never print the secrets.</summary>
    public override string ToString() => $"Discord(Enabled={Enabled}, ApplicationId={ApplicationId}, ApiBaseUrl={ApiBaseUrl}, Gateway={Gateway})";
}
