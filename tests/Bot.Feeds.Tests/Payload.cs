namespace PolicyBot.Feeds.Tests;

/// <summary>The fixture files under Payloads, copied next to the test assembly.</summary>
internal static class Payload
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Payloads", name);

    public static string Text(string name) => File.ReadAllText(Path(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
