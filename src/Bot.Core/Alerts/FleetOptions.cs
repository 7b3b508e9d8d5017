using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Core.Alerts;

/// <summary>The <c>Fleet</c> section: who this replica is among those sharing a store (see <see cref="ReplicaIdentity"/>).</summary>
public sealed class FleetOptions
{
    public const string Section = "Fleet";

    /// <summary>A name stable across restarts; blank means the host name.</summary>
    [MaxLength(200, ErrorMessage = "Fleet:ReplicaId must be at most 200 characters.")]
    public string? ReplicaId { get; set; }
}
