using System.Security.Cryptography;
using System.Text;

namespace PolicyBot.Core.Articles;

/// <summary>An article file found in the folder, with what tells whether it changed since the last run.</summary>
public sealed record ArticleFile(string RelativePath, string FullPath, long Length, long LastWriteTicks, string Id);

/// <summary>A file that could not be read as an article, and why.</summary>
public sealed record ArticleProblem(string Path, string Reason);

/// <summary>Finds article files in a folder, gives each a stable id, and parses them.</summary>
public static class ArticleLoader
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".markdown" };

    /// <summary>An article file's bytes as the loader reads them: strict UTF-8 (BOM or not), line ends normalised; null when not UTF-8 text.</summary>
    public static string? DecodeText(byte[] bytes) => ArticleText.Decode(bytes);

    /// <summary>
    /// Lists the article files under <paramref name="folder"/> (recursively, hidden folders skipped) in a
    /// stable order. Ids come from the path relative to the folder, so they survive restarts, edits
    /// and moves between machines. <paramref name="previousIds"/> (path → id of the last scan) keeps an
    /// unchanged file's id when a new file would otherwise take it ("a.md" added beside an indexed "a.txt").
    /// </summary>
    public static IReadOnlyList<ArticleFile> ListFiles(string folder, IReadOnlyDictionary<string, string>? previousIds = null)
    {
        var root = new DirectoryInfo(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        var files = root.EnumerateFiles("*", options)
            .Where(f => Extensions.Contains(f.Extension) && !f.Name.StartsWith('.'))
            .Select(f => (File: f, Relative: Path.GetRelativePath(root.FullName, f.FullName).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();

        var used = new HashSet<string>(StringComparer.Ordinal);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        if (previousIds is not null)
        {
            // Files seen before claim their old ids first, so a newcomer never takes an id that answers and alerts already cite.
            foreach (var (_, relative) in files)
            {
                if (previousIds.TryGetValue(relative, out string? old) && used.Add(old))
                {
                    kept[relative] = old;
                }
            }
        }

        var result = new List<ArticleFile>(files.Count);
        foreach (var (file, relative) in files)
        {
            if (kept.TryGetValue(relative, out string? keptId))
            {
                result.Add(new ArticleFile(relative, file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, keptId));
                continue;
            }

            string id = IdFor(relative);
            if (!used.Add(id))
            {
                // "a.txt" next to "a.md": the later file gets its extension, then a number if even that is taken.
                string suffixed = $"{id}-{file.Extension.TrimStart('.').ToLowerInvariant()}";
                id = suffixed;
                for (int n = 2; !used.Add(id); n++)
                {
                    id = $"{suffixed}-{n}";
                }
            }

            result.Add(new ArticleFile(relative, file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, id));
        }

        return result;
    }

    /// <summary>
    /// "2026/EV Tariffs.md" → "2026/ev-tariffs". Each folder level becomes a lower-case ASCII slug; a name
    /// with no ASCII letter or digit ("中国.txt") gets a short hash of the name, so ids stay distinct and stable.
    /// </summary>
    public static string IdFor(string relativePath)
    {
        string withoutExtension = relativePath[..^Path.GetExtension(relativePath).Length];
        var segments = withoutExtension.Split('/', '\\')
            .Where(s => s.Trim().Length > 0)
            .Select(Slug)
            .ToList();
        return segments.Count > 0 ? string.Join('/', segments) : "article";
    }

    private static string Slug(string segment)
    {
        var sb = new StringBuilder(segment.Length);
        foreach (char c in segment.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[^1] != '-') // spaces, dots, dashes and the rest: one '-' per run
            {
                sb.Append('-');
            }
        }

        string slug = sb.ToString().Trim('-');
        return slug.Length > 0
            ? slug
            : "article-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(segment.Trim())))[..8].ToLowerInvariant();
    }

    public static ArticleParseResult Load(ArticleFile file)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file.FullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ArticleParseResult.Fail($"the file cannot be read ({ex.Message})");
        }

        if (bytes.Length == 0)
        {
            return ArticleParseResult.Fail("the file is empty");
        }

        if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            return ArticleParseResult.Fail("the file is UTF-16 text, not UTF-8; save it as UTF-8");
        }

        string? text = ArticleText.Decode(bytes);
        if (text is null)
        {
            return ArticleParseResult.Fail(Array.IndexOf(bytes, (byte)0) >= 0
                ? "the file contains NUL bytes (binary data or UTF-16 text), not UTF-8 text"
                : "the file is not valid UTF-8 text");
        }

        var addedAt = new DateTimeOffset(file.LastWriteTicks, TimeSpan.Zero);
        return Parse(file.Id, file.RelativePath, text, file.FullPath, addedAt);
    }

    public static ArticleParseResult Parse(string id, string fileName, string text, string? fullPath, DateTimeOffset addedAt)
    {
        string ext = Path.GetExtension(fileName);
        return ext.Equals(".md", StringComparison.OrdinalIgnoreCase) || ext.Equals(".markdown", StringComparison.OrdinalIgnoreCase)
            ? MarkdownArticleParser.Parse(id, text, fullPath, addedAt)
            : TextArticleParser.Parse(id, text, fullPath, addedAt);
    }
}
