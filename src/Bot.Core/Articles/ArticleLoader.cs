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

    /// <summary>
    /// Lists the article files under <paramref name="folder"/> (recursively, hidden folders skipped) in a
    /// stable order. Ids come from the path relative to the folder, so they survive restarts, edits
    /// and moves between machines.
    /// </summary>
    public static IReadOnlyList<ArticleFile> ListFiles(string folder)
    {
        var root = new DirectoryInfo(folder);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System, IgnoreInaccessible = true };
        var files = root.EnumerateFiles("*", options)
            .Where(f => Extensions.Contains(f.Extension) && !f.Name.StartsWith('.'))
            .Select(f => (File: f, Relative: Path.GetRelativePath(root.FullName, f.FullName).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();

        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ArticleFile>(files.Count);
        foreach (var (file, relative) in files)
        {
            string id = IdFor(relative);
            if (!used.Add(id))
            {
                id = $"{id}-{file.Extension.TrimStart('.').ToLowerInvariant()}";
                used.Add(id);
            }

            result.Add(new ArticleFile(relative, file.FullName, file.Length, file.LastWriteTimeUtc.Ticks, id));
        }

        return result;
    }

    /// <summary>"2026/EV Tariffs.md" → "2026/ev-tariffs".</summary>
    public static string IdFor(string relativePath)
    {
        string withoutExtension = relativePath[..^Path.GetExtension(relativePath).Length];
        var sb = new StringBuilder(withoutExtension.Length);
        foreach (char c in withoutExtension.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            {
                sb.Append(c);
            }
            else if (c == '/')
            {
                sb.Append('/');
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        string id = sb.ToString().Trim('-');
        return id.Length > 0 ? id : "article";
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

        string? text = ArticleText.Decode(bytes);
        if (text is null)
        {
            return ArticleParseResult.Fail("the file is not valid UTF-8 text");
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
