using System.Text.Json;

namespace PolicyBot.Adapters.Slack.Tests.Support;

/// <summary>Reads the recorded Slack deliveries under Payloads/ (copied next to the test assembly).</summary>
public static class RecordedPayload
{
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Payloads", relative);

    /// <summary>An Events API body exactly as stored.</summary>
    public static byte[] Bytes(string relative) => File.ReadAllBytes(PathOf(relative));

    public static string Text(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A string property of a wrapper file (form bodies and signing vectors are stored as JSON strings so the bytes are exact).</summary>
    public static string Field(string relative, string name)
    {
        using var document = JsonDocument.Parse(Text(relative));
        return document.RootElement.GetProperty(name).GetString()!;
    }

    /// <summary>The raw <c>application/x-www-form-urlencoded</c> body of a recorded slash command.</summary>
    public static string FormBody(string relative) => Field(relative, "body");
}
