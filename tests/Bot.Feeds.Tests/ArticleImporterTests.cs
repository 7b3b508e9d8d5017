using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Feeds.Tests;

public sealed class ArticleImporterTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _articles = new();
    private readonly TempFolder _outside = new();
    private FeedTestServer _server = null!;
    private ServiceProvider _services = null!;
    private ArticleImporter _importer = null!;

    public async Task InitializeAsync()
    {
        _server = await FeedTestServer.StartAsync();
        var options = new FeedOptions { AllowPrivateNetworks = true, MaxPageBytes = 100_000 };
        _services = FeedTestServices.FromOptions(options);
        _importer = new ArticleImporter(_services.GetRequiredService<SafeHttp>(), options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose()
    {
        _services.Dispose();
        _articles.Dispose();
        _outside.Dispose();
    }

    private Task<ImportResult> Import(string input) => _importer.ImportAsync(input, _articles.Path, CancellationToken.None);

    [Fact]
    public async Task File_IsCheckedAndCopiedIntoAdded_OnceForTheSameContent()
    {
        string source = _outside.Write("My Notes.md", "---\ntitle: Harbour notes\n---\n\nThe board met on Monday.\n");

        var result = await Import(source);
        var again = await Import(source);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Harbour notes", result.Title);
        Assert.Equal(Path.Combine(_articles.Path, "added", "my-notes.md"), result.Path);
        Assert.Equal(File.ReadAllText(source), File.ReadAllText(result.Path!));
        Assert.True(again.AlreadyPresent);
        Assert.Equal(result.Path, again.Path);
        Assert.Single(ArticleLoader.ListFiles(_articles.Path));
    }

    [Fact]
    public async Task TextFile_IsAddedWithItsOwnTitle()
    {
        string source = _outside.Write("note.txt", "Ferry timetable changes\n\nFerries run on the winter timetable from 1 November, the operator said.\n");

        var result = await Import(source);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Ferry timetable changes", result.Title);
        Assert.EndsWith(Path.Combine("added", "note.txt"), result.Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("report.pdf", "only .txt and .md")]
    [InlineData("noext", "only .txt and .md")]
    public async Task UnsupportedExtension_IsRefused(string name, string expected)
    {
        var result = await Import(_outside.Write(name, "Some text."));

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_articles.Path));
    }

    [Fact]
    public async Task FileThatDoesNotParse_IsRefusedWithTheReason()
    {
        var broken = await Import(_outside.Write("broken.md", "---\ntitle: never closed\n\nBody.\n"));
        var empty = await Import(_outside.Write("empty.txt", ""));

        Assert.Contains("closing '---'", broken.Error, StringComparison.Ordinal);
        Assert.Contains("empty", empty.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_articles.Path));
    }

    [Fact]
    public async Task Url_IsFetched_MainContentWrittenAsMarkdown_OnceForTheSameUrl()
    {
        _server.MapText("/stories/grain", "text/html; charset=utf-8", Payload.Text("page-article.html"));
        string url = _server.Url("/stories/grain").ToString();

        var result = await Import(url);
        var again = await Import(url);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Grain exports slow as river levels fall", result.Title);
        Assert.Matches(@"[/\\]added[/\\]127-0-0-1[/\\]grain-exports-slow-as-river-levels-fall-[0-9a-f]{8}\.md$", result.Path);
        var parsed = MarkdownArticleParser.Parse("x", File.ReadAllText(result.Path!), result.Path, DateTimeOffset.UnixEpoch);
        Assert.True(parsed.Succeeded, parsed.Error);
        var info = parsed.Article!.Info;
        Assert.Equal("Prairie Ledger", info.Source);
        Assert.Equal("Tomas Weller", info.Author);
        Assert.Equal(url, info.Url);
        Assert.Equal("2026-03-01T06:45:00+00:00", info.Published);
        Assert.DoesNotContain("newsletter", parsed.Article.Body, StringComparison.Ordinal);
        Assert.True(again.AlreadyPresent);
        Assert.Equal(result.Path, again.Path);
        Assert.Single(ArticleLoader.ListFiles(_articles.Path));
    }

    [Fact]
    public async Task PageWithoutArticleText_IsRefused()
    {
        _server.MapText("/app", "text/html", "<html><head><title>App</title><script>start()</script></head><body><div id=root></div><p>Loading…</p></body></html>");

        var result = await Import(_server.Url("/app").ToString());

        Assert.False(result.Succeeded);
        Assert.Contains("no article text", result.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_articles.Path));
    }

    [Theory]
    [InlineData("ftp://example.com/a.txt", "only http and https")]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("/no/such/file.md", "no file or URL")]
    [InlineData("   ", "give a file path")]
    public async Task BadInput_IsAClearError(string input, string expected)
    {
        var result = await Import(input);

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpErrorsAndNonHtml_AreClearErrors()
    {
        _server.MapText("/data.json", "application/json", "{\"a\": 1}");

        var missing = await Import(_server.Url("/missing").ToString());
        var json = await Import(_server.Url("/data.json").ToString());

        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
        Assert.Contains("application/json, not a web page", json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateAddress_IsRefusedWhenNotAllowed()
    {
        using var strict = FeedTestServices.FromOptions(new FeedOptions { AllowPrivateNetworks = false });
        var importer = strict.GetRequiredService<ArticleImporter>();

        var result = await importer.ImportAsync(_server.Url("/x").ToString(), _articles.Path, CancellationToken.None);

        Assert.Contains("refused to connect", result.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }
}
