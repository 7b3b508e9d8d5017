using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Adapters.Slack;

/// <summary>How PolicyBot receives Slack traffic: signed HTTP requests, or a Socket Mode WebSocket.</summary>
public enum SlackMode
{
    Http,
    Socket,
}

/// <summary>The <c>Slack</c> configuration section. Secrets come from the environment (Slack__BotToken …), never from files.</summary>
public sealed class SlackOptions : IValidatableObject
{
    public const string Section = "Slack";

    public bool Enabled { get; set; }

    public SlackMode Mode { get; set; } = SlackMode.Http;

    /// <summary>xoxb- token for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>Signs every HTTP request Slack sends (HTTP mode).</summary>
    public string? SigningSecret { get; set; }

    /// <summary>xapp- token with connections:write (Socket Mode).</summary>
    public string? AppToken { get; set; }

    /// <summary>The Web API base; tests point it at a fake.</summary>
    [Required]
    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>Socket Mode: how long a connection may stay silent before it is presumed dead and replaced.</summary>
    public TimeSpan SocketSilenceLimit { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>User ids allowed to change subscriptions and add articles; empty means every member.</summary>
    public List<string> AdminUsers { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(BotToken))
        {
            yield return new ValidationResult("Slack is enabled but Slack:BotToken is not set (environment variable Slack__BotToken).", new[] { nameof(BotToken) });
        }

        if (Mode == SlackMode.Http && string.IsNullOrWhiteSpace(SigningSecret))
        {
            yield return new ValidationResult("Slack is enabled in HTTP mode but Slack:SigningSecret is not set (environment variable Slack__SigningSecret).", new[] { nameof(SigningSecret) });
        }

        if (Mode == SlackMode.Socket && string.IsNullOrWhiteSpace(AppToken))
        {
            yield return new ValidationResult("Slack is enabled in Socket Mode but Slack:AppToken is not set (environment variable Slack__AppToken).", new[] { nameof(AppToken) });
        }
    }

    /// <summary>Never print the secrets.</summary>
    public override string ToString() => $"Slack(Enabled={Enabled}, Mode={Mode}, ApiBaseUrl={ApiBaseUrl})";
}
