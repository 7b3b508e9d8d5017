using System.Text.Json;
using System.Text.Json.Serialization;
using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Search;

/// <summary>
/// One file as last indexed: enough to tell whether it changed, its article facts (or its problem), and the
/// hash of the indexed text, so a file re-saved with the same text is not reported as changed. A file that
/// broke after it was indexed keeps its last good <see cref="Info"/> and <see cref="Hash"/> beside its <see cref="Problem"/>.
/// </summary>
internal sealed record CatalogEntry(string Path, long Length, long Ticks, string Id, ArticleInfo? Info, string? Problem, string? Hash = null)
{
    /// <summary>The short forms the article defines ("electric vehicles (EVs)"), learned when it was indexed.</summary>
    public IReadOnlyList<Abbreviation>? Abbreviations { get; init; }
}

/// <summary>What the on-disk index holds, written after every commit so a restart can skip unchanged files.</summary>
internal sealed record Catalog(int Version, string Folder, List<CatalogEntry> Entries)
{
    // Bump when parsing, splitting, analysis or the document layout changes: old indexes are rebuilt.
    public const int CurrentVersion = 9; // 7: content hashes; 8: chat shorthand and irregular forms in the analyzer; 9: abbreviations learned per article

    public static Catalog? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, CatalogJson.Default.Catalog);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    public void Write(string path)
    {
        string temp = path + ".tmp";
        using (var stream = File.Create(temp))
        {
            JsonSerializer.Serialize(stream, this, CatalogJson.Default.Catalog);
        }

        File.Move(temp, path, overwrite: true);
    }
}

[JsonSerializable(typeof(Catalog))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class CatalogJson : JsonSerializerContext;
