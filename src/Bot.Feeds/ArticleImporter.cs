using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Articles;

namespace PolicyBot.Feeds;

/// <summary>
/// The outcome of adding one article: the file written (or already there) and the article's title, or a clear reason
/// why nothing was added. <see cref="AlreadyPresent"/> is true when the same article had been added before.
/// </summary>
public sealed record ImportResult(string? Path, string? Title, string? Error, bool AlreadyPresent = false)
{
    public bool Succeeded => Error is null;

    public static ImportResult Fail(string error) => new(null, null, error);
}

/// <summary>
/// Adds one article to the folder (<c>policybot add FILE|URL</c>): a local .txt/.md file is checked with the article
/// parsers and copied into <c>added/</c>; an http(s) URL is fetched through <see cref="SafeHttp"/>, narrowed to its main
/// content and written as <c>added/&lt;host&gt;/&lt;title&gt;-&lt;hash&gt;.md</c>. Expected failures are results, not
/// exceptions. The folder watcher indexes the new file and sends the alerts.
/// </summary>
public sealed class ArticleImporter
{
    /// <summary>A page with less paragraph text than this is not an article (a login wall, an index page, a script app).</summary>
    public const int MinPageText = 200;

    private readonly SafeHttp _http;
    private readonly long _maxPageBytes;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public ArticleImporter(SafeHttp http, FeedOptions options, ILogger<ArticleImporter>? logger = null, TimeProvider? time = null)
    {
        _http = http;
        _maxPageBytes = options.MaxPageBytes;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public async Task<ImportResult> ImportAsync(string fileOrUrl, string articleFolder, CancellationToken ct)
    {
        string input = fileOrUrl.Trim();
        if (input.Length == 0)
        {
            return ImportResult.Fail("give a file path or an http(s) URL to add");
        }

        if (File.Exists(input))
        {
            return await ImportFileAsync(input, articleFolder, ct);
        }

        if (input.Contains("://", StringComparison.Ordinal) || input.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(input, UriKind.Absolute, out var url))
            {
                return ImportResult.Fail($"'{input}' is not a valid URL");
            }

            if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            {
                return ImportResult.Fail($"only http and https URLs can be added, not '{url.Scheme}:'");
            }

            return await ImportUrlAsync(url, articleFolder, ct);
        }

        return Directory.Exists(input)
            ? ImportResult.Fail($"{input} is a folder; add its files one at a time")
            : ImportResult.Fail($"no file or URL '{input}'");
    }

    private async Task<ImportResult> ImportFileAsync(string path, string articleFolder, CancellationToken ct)
    {
        string ext = Path.GetExtension(path);
        if (!ArticleLoader.Extensions.Contains(ext))
        {
            return ImportResult.Fail($"{path}: only .txt and .md articles can be added, not '{(ext.Length > 0 ? ext : "a file without extension")}'");
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ImportResult.Fail($"{path} cannot be read: {ex.Message}");
        }

        string? text = ArticleLoader.DecodeText(bytes);
        if (bytes.Length == 0 || text is null)
        {
            return ImportResult.Fail($"{path} is {(bytes.Length == 0 ? "empty" : "not UTF-8 text")}");
        }

        var parsed = ArticleLoader.Parse("added", Path.GetFileName(path), text, path, _time.GetUtcNow());
        if (parsed.Article is not { } article)
        {
            return ImportResult.Fail($"{path} is not a readable article: {parsed.Error}");
        }

        string folder = Path.Combine(articleFolder, "added");
        string target = Path.Combine(folder, ArticleFileWriter.Slug(Path.GetFileNameWithoutExtension(path)) + ext.ToLowerInvariant());
        // The same file added twice is one article; a different file with the same name gets a numbered name.
        if (File.Exists(target) && SameBytes(target, new System.Text.UTF8Encoding(false).GetBytes(text)))
        {
            return new ImportResult(target, article.Info.Title, null, AlreadyPresent: true);
        }

        target = ArticleFileWriter.FreePath(target);
        try
        {
            await ArticleFileWriter.WriteAtomicAsync(target, text, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ImportResult.Fail($"could not write {target}: {ex.Message}");
        }

        _logger.LogInformation("Added {Source} as {Path}", path, target);
        return new ImportResult(target, article.Info.Title, null);
    }

    private static bool SameBytes(string path, byte[] bytes)
    {
        try
        {
            return SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(SHA256.HashData(bytes));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private async Task<ImportResult> ImportUrlAsync(Uri url, string articleFolder, CancellationToken ct)
    {
        SafeHttpResponse response;
        try
        {
            response = await _http.GetAsync(url, _maxPageBytes, ct);
        }
        catch (SafeHttpException ex)
        {
            return ImportResult.Fail(ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return ImportResult.Fail($"{url} could not be fetched: {ex.Message}");
        }

        if (!response.IsSuccess)
        {
            return ImportResult.Fail($"{url} answered {(int)response.Status} {response.Status}");
        }

        if (response.MediaType is { } media && !media.Contains("html", StringComparison.OrdinalIgnoreCase) && !media.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
        {
            return ImportResult.Fail($"{url} is {media}, not a web page");
        }

        var page = HtmlText.ExtractPage(response.Text());
        if (page.TextLength < MinPageText)
        {
            return ImportResult.Fail($"{url} has no article text to add (found {page.TextLength} characters of paragraphs)");
        }

        // The key is the address asked for (trimmed), so adding the same link again finds the same file.
        string key = url.ToString();
        string folder = Path.Combine(articleFolder, "added", ArticleFileWriter.HostSlug(url.Host));
        string title = page.Title ?? page.Blocks.First(b => !b.IsHeading).Text;
        if (ArticleFileWriter.FindWritten(folder, key) is { } existing)
        {
            return new ImportResult(existing, title, null, AlreadyPresent: true);
        }

        var draft = new ArticleDraft(title, page.Author, page.SiteName ?? response.FinalUrl.Host, response.FinalUrl.ToString(), page.Published, page.Blocks, key);
        string markdown = ArticleFileWriter.ToMarkdown(draft);
        var check = MarkdownArticleParser.Parse("added", markdown, null, _time.GetUtcNow());
        if (!check.Succeeded)
        {
            return ImportResult.Fail($"{url} did not make a readable article: {check.Error}");
        }

        string target = ArticleFileWriter.FreePath(Path.Combine(folder, $"{ArticleFileWriter.Slug(title)}-{ArticleFileWriter.ShortHash(key)}.md"));
        try
        {
            await ArticleFileWriter.WriteAtomicAsync(target, markdown, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ImportResult.Fail($"could not write {target}: {ex.Message}");
        }

        _logger.LogInformation("Added {Url} as {Path}", url, target);
        return new ImportResult(target, check.Article!.Info.Title, null);
    }
}
