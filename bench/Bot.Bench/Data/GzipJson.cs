using System.IO.Compression;
using System.Text.Json;

namespace PolicyBot.Bench.Data;

/// <summary>Reads the gzip-compressed JSON and JSON Lines files of the shared data folder.</summary>
internal static class GzipJson
{
    public static JsonDocument ReadDocument(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = OpenText(path, file);
        return JsonDocument.Parse(gzip.BaseStream);
    }

    /// <summary>One parsed document per non-empty line (plain or .gz).</summary>
    public static IEnumerable<JsonDocument> ReadLines(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = OpenText(path, file);
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                yield return JsonDocument.Parse(line);
            }
        }
    }

    public static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static StreamReader OpenText(string path, Stream file) =>
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new StreamReader(new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
            : new StreamReader(file, leaveOpen: true);
}
