namespace PolicyBot.Core.Tests.Feeds;

/// <summary>The fixture files under Feeds/Payloads, copied next to the test assembly.</summary>
internal static class Payload
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Feeds", "Payloads", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
