using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using PolicyBot.Core.Articles;

namespace PolicyBot.Feeds;

/// <summary>An article about to become a file: its front matter and its blocks of text.</summary>
public sealed record ArticleDraft(
    string Title,
    string? Author,
    string? Source,
    string? Url,
    DateTimeOffset? Published,
    IReadOnlyList<TextBlock> Blocks,
    string? ItemKey);

/// <summary>
/// Writes articles as Markdown files with YAML front matter that <see cref="MarkdownArticleParser"/> reads back exactly,
/// and names them stably. Writes are atomic: the text goes to a dot-prefixed ".tmp" file in the same folder (which
/// <see cref="ArticleLoader"/> never lists: it starts with a dot and is not .md/.txt) and is then moved into place, so a
/// folder watcher never sees half an article.
/// </summary>
public static partial class ArticleFileWriter
{
    /// <summary>The front matter key holding the feed item key, so that a written file can be recognised again.</summary>
    public const string ItemKeyField = "item_key";

    private const int MaxSlugLength = 60;

    [GeneratedRegex(@"^\s*(?:`{3,}|~{3,})")]
    private static partial Regex FenceStart();

    [GeneratedRegex(@"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,}|=+)$")]
    private static partial Regex RuleLike();

    /// <summary>The Markdown text of an article.</summary>
    public static string ToMarkdown(ArticleDraft draft)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        Field(sb, "title", draft.Title);
        Field(sb, "author", draft.Author);
        Field(sb, "source", draft.Source);
        Field(sb, "url", draft.Url);
        Field(sb, "published", draft.Published?.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        Field(sb, ItemKeyField, draft.ItemKey);
        sb.Append("---\n");
        foreach (var block in draft.Blocks)
        {
            string text = SafeLine(block.Text);
            if (text.Length == 0)
            {
                continue;
            }

            sb.Append('\n');
            sb.Append(block.IsHeading ? "## " : "").Append(text).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// A paragraph as one Markdown line that renders back to itself as far as the parser allows: a line that would open a
    /// code fence (and hide every paragraph after it) or read as a rule loses those marks.
    /// </summary>
    private static string SafeLine(string text)
    {
        string t = text.Replace('\n', ' ').Replace('\r', ' ').Trim();
        t = FenceStart().Replace(t, "").Trim();
        return RuleLike().IsMatch(t) ? "" : t;
    }

    /// <summary>A YAML double-quoted scalar: safe for any text (colons, quotes, '#', leading '-', non-ASCII).</summary>
    private static void Field(StringBuilder sb, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        sb.Append(key).Append(": \"");
        foreach (char c in value.Trim())
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\uFEFF')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append("\"\n");
    }

    /// <summary>Eight hex digits of SHA-256 of the item key: the stable part of a file name.</summary>
    public static string ShortHash(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8].ToLowerInvariant();

    /// <summary>"www.Example.co.uk" → "example-co-uk".</summary>
    public static string HostSlug(string? host)
    {
        string h = (host ?? "").Trim().ToLowerInvariant();
        if (h.StartsWith("www.", StringComparison.Ordinal))
        {
            h = h[4..];
        }

        return Slug(h, "site");
    }

    /// <summary>Lower-case ASCII letters and digits joined by single dashes, cut at a word boundary; <paramref name="fallback"/> when nothing is left.</summary>
    public static string Slug(string? text, string fallback = "article")
    {
        var sb = new StringBuilder();
        foreach (char c in (text ?? "").ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (Fold(c) is { } folded)
            {
                sb.Append(folded); // "é" → "e": Unicode normalisation is unavailable under invariant globalization
            }
            else if (sb.Length > 0 && sb[^1] != '-')
            {
                sb.Append('-');
            }
        }

        string slug = sb.ToString().Trim('-');
        if (slug.Length > MaxSlugLength)
        {
            int cut = slug.LastIndexOf('-', MaxSlugLength);
            slug = slug[..(cut > 20 ? cut : MaxSlugLength)].Trim('-');
        }

        return slug.Length > 0 ? slug : fallback;
    }

    private const string Accented = "àáâãäåāăąçćčďèéêëēęěìíîïīłñńňòóôõöøōőřśšşťùúûüūůűýÿźżž";
    private const string Plain = "aaaaaaaaacccdeeeeeeeiiiiilnnnoooooooorssstuuuuuuuyyzzz";

    private static string? Fold(char c) => c switch
    {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => Accented.IndexOf(c, StringComparison.Ordinal) is >= 0 and var i ? Plain[i].ToString() : null,
    };

    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> atomically: a temp file beside it, flushed to disk, then
    /// moved over the final name. A crash leaves at most a stray ".…tmp" file that the loader ignores.
    /// </summary>
    public static async Task WriteAtomicAsync(string path, string text, CancellationToken ct)
    {
        string folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        string temp = TempPathFor(path);
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                byte[] bytes = new UTF8Encoding(false).GetBytes(text);
                await stream.WriteAsync(bytes, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>".name.md.1a2b3c4d.tmp" beside the final file: hidden, not an article extension, unique per write.</summary>
    public static string TempPathFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid().ToString("N")[..8]}.tmp");

    /// <summary>
    /// The file in <paramref name="folder"/> already written for <paramref name="itemKey"/>, or null. Names end with the
    /// key's hash, and the key itself is in the front matter, so a hash collision is never mistaken for the same item.
    /// </summary>
    public static string? FindWritten(string folder, string itemKey)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        string hash = ShortHash(itemKey);
        var builder = new StringBuilder();
        Field(builder, ItemKeyField, itemKey);
        string marker = builder.ToString();
        foreach (string file in Directory.EnumerateFiles(folder, $"*-{hash}*.md"))
        {
            try
            {
                if (File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal).Contains(marker, StringComparison.Ordinal))
                {
                    return file;
                }
            }
            catch (IOException)
            {
                // A file being replaced right now: the next poll sees it.
            }
        }

        return null;
    }

    /// <summary><paramref name="path"/>, or "name-2.md", "name-3.md"… when it is taken by another article.</summary>
    public static string FreePath(string path)
    {
        if (!File.Exists(path))
        {
            return path;
        }

        string folder = Path.GetDirectoryName(path)!;
        string stem = Path.GetFileNameWithoutExtension(path);
        string ext = Path.GetExtension(path);
        for (int n = 2; ; n++)
        {
            string candidate = Path.Combine(folder, $"{stem}-{n}{ext}");
            if (!File.Exists(candidate))
            {
                return candidate;
            }
        }
    }
}
