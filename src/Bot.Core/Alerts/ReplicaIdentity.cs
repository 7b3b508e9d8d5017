namespace PolicyBot.Core.Alerts;

/// <summary>
/// This process among the replicas sharing a store. <see cref="Id"/> (<c>Fleet:ReplicaId</c>, else the host name) is
/// stable across restarts, so a restarted replica keeps its own leases instead of waiting for them to lapse; replicas
/// on one machine must each be given one. <see cref="InstanceId"/> adds a random suffix per process, so this process
/// can tell its own library notifications from everyone else's.
/// </summary>
public sealed record ReplicaIdentity(string Id, string InstanceId)
{
    public static ReplicaIdentity Create(string? configured)
    {
        string id = string.IsNullOrWhiteSpace(configured) ? Environment.MachineName : configured.Trim();
        return new ReplicaIdentity(id, $"{id}/{Environment.ProcessId}-{Random.Shared.Next(0x10000):x4}");
    }
}
