using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Hosting;

/// <summary>The <c>Http</c> section of <c>policybot serve</c>: where Kestrel listens and how long a stop may drain.</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>Kestrel's addresses, separated by ';'.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Http:Urls must name at least one address, e.g. http://0.0.0.0:3000.")]
    public string Urls { get; set; } = "http://127.0.0.1:3000";

    /// <summary>How long a stopping host waits for answers and requests in flight.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Http:ShutdownTimeout must be between 00:00:00 and 01:00:00.")]
    public TimeSpan ShutdownTimeout { get; set; } = BotHost.DefaultShutdownTimeout;
}
