namespace PolicyBot.Core.Alerts;

/// <summary>
/// This process among the replicas sharing a store (<c>Fleet:ReplicaId</c>, else host name, process id and a random
/// suffix): the owner of leases and the origin of library change notifications.
/// </summary>
public sealed record ReplicaIdentity(string Id)
{
    public static ReplicaIdentity Create(string? configured) =>
        new(string.IsNullOrWhiteSpace(configured)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}"
            : configured.Trim());
}
