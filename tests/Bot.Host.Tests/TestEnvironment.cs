using System.Runtime.CompilerServices;

namespace PolicyBot.Host.Tests;

/// <summary>
/// The long-running modes keep subscriptions and the alert outbox in a database under $XDG_DATA_HOME: every test run
/// gets its own, so tests never read or write the developer's real one. User secrets are read from under $APPDATA
/// (when set) in every environment: pointing it at the same throwaway folder keeps the developer's own secrets out.
/// </summary>
internal static class TestEnvironment
{
    [ModuleInitializer]
    internal static void IsolateUserData()
    {
        string root = Path.Combine(Path.GetTempPath(), "policybot-host-tests-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path.Combine(root, "data"));
        Environment.SetEnvironmentVariable("APPDATA", Path.Combine(root, "appdata"));
    }
}
