using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Search;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Core.Tests.Search;

public sealed class ArticleLibraryTests : IDisposable
{
    // Each article carries one made-up word so that a search can tell where a sentence came from.
    private const string Alpha = "【Reuters, Jane Doe】\nZorblax tariffs rose sharply this year. Officials in Brussels were worried.\nThe debate continued into the spring.\n";
    private const string Beta = "---\ntitle: Beta Story\n---\nQuintaxel batteries power the new plant. Workers were hired in March.\n";
    private const string Gamma = "Vellumor factories opened in Nevada. They employ hundreds of people.\n";
    private const string Delta = "Brimbleton investment reached $8 billion. It was a record.\n";

    private readonly TempFolder _articles = new();
    private readonly TempFolder _index = new();

    public void Dispose()
    {
        _articles.Dispose();
        _index.Dispose();
    }

    private string IndexPath => _index.Combine("index");

    private ArticleLibrary Open(string? indexPath, IProgress<IndexProgress>? progress = null) =>
        ArticleLibrary.Open(_articles.Path, indexPath, progress, NullLogger.Instance, CancellationToken.None);

    private static List<SentenceHit> SentencesOf(ArticleLibrary library, string articleId) =>
        library.SentencesOf(articleId, 1000).ToList();

    private static List<SentenceHit> SearchWord(ArticleLibrary library, string word)
    {
        string term = Assert.Single(library.Terms(word));
        return library.SentencesWithTerm(term, 100).ToList();
    }

    private void WriteGoodArticles()
    {
        _articles.Write("alpha.txt", Alpha);
        _articles.Write("news/beta.md", Beta);
        _articles.Write("gamma.txt", Gamma);
    }

    [Fact]
    public void Open_MissingFolder_ThrowsDirectoryNotFound()
    {
        string missing = _articles.Combine("nope");

        Assert.Throws<DirectoryNotFoundException>(() => ArticleLibrary.Open(missing, null, null, NullLogger.Instance, CancellationToken.None));
    }

    [Fact]
    public void Open_GoodAndBrokenFiles_LoadsGoodOnesAndListsProblemsWithPaths()
    {
        WriteGoodArticles();
        _articles.WriteBytes("empty.txt", Array.Empty<byte>());
        _articles.WriteBytes("latin1.txt", new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x2E });
        _articles.Write("bad.md", "---\ntitle: [oops\n---\nBody.\n");

        using var library = Open(indexPath: null);

        Assert.Equal(new[] { "alpha", "gamma", "news/beta" }, library.Articles.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Equal(7, library.SentenceCount);
        Assert.Equal(3, library.Problems.Count);
        var byPath = library.Problems.ToDictionary(p => p.Path, p => p.Reason);
        Assert.Contains("empty", byPath[_articles.Combine("empty.txt")], StringComparison.Ordinal);
        Assert.Contains("UTF-8", byPath[_articles.Combine("latin1.txt")], StringComparison.Ordinal);
        Assert.Contains("front matter", byPath[_articles.Combine("bad.md")], StringComparison.Ordinal);
        Assert.True(library.Rebuilt);
        Assert.Equal(6, library.Reindexed);
    }

    [Fact]
    public void Open_InMemory_IndexesSentencesWithProvenance()
    {
        WriteGoodArticles();

        using var library = Open(indexPath: null);

        var hit = Assert.Single(SearchWord(library, "Brussels"));
        Assert.Equal("alpha", hit.Article.Id);
        Assert.Equal("Reuters", hit.Article.Source);
        Assert.Equal(1, hit.Paragraph);
        Assert.Equal("Officials in Brussels were worried.", hit.Text);
        Assert.Equal("Zorblax tariffs rose sharply this year.", hit.Previous?.Text);
        Assert.Equal("The debate continued into the spring.", hit.Next?.Text);
        Assert.Equal(2, hit.Next?.Paragraph);
        var article = library.LoadArticle("alpha");
        Assert.NotNull(article);
        Assert.Equal(hit.Text, article.TextOf(hit.Span));
    }

    [Fact]
    public void Open_PersistentIndexOverUnchangedFolder_ReindexesNothing()
    {
        WriteGoodArticles();
        _articles.WriteBytes("empty.txt", Array.Empty<byte>());

        List<(string Id, string Title, string? Source)> firstArticles;
        int firstCount;
        using (var first = Open(IndexPath))
        {
            Assert.True(first.Rebuilt);
            Assert.Equal(4, first.Reindexed);
            firstArticles = first.Articles.Select(a => (a.Id, a.Title, a.Source)).ToList();
            firstCount = first.SentenceCount;
        }

        using var second = Open(IndexPath);

        Assert.Equal(0, second.Reindexed);
        Assert.False(second.Rebuilt);
        Assert.Equal(firstArticles, second.Articles.Select(a => (a.Id, a.Title, a.Source)));
        Assert.Equal(firstCount, second.SentenceCount);
        Assert.Equal(7, second.SentenceCount);
        var problem = Assert.Single(second.Problems);
        Assert.Equal(_articles.Combine("empty.txt"), problem.Path);
        Assert.Equal("alpha", Assert.Single(SearchWord(second, "Zorblax")).Article.Id);
    }

    [Fact]
    public void Open_AfterModifyAddAndDelete_ReindexesOnlyThoseFilesAndDropsDeletedSentences()
    {
        WriteGoodArticles();
        using (var first = Open(IndexPath))
        {
            Assert.Single(SearchWord(first, "Vellumor"));
        }

        string alpha = _articles.Write("alpha.txt", "Zorblax tariffs were cut in half. Exporters cheered.\n");
        File.SetLastWriteTimeUtc(alpha, File.GetLastWriteTimeUtc(alpha).AddMinutes(5));
        _articles.Write("delta.txt", Delta);
        File.Delete(_articles.Combine("gamma.txt"));

        using var second = Open(IndexPath);
        using var fresh = Open(indexPath: null);

        Assert.Equal(2, second.Reindexed);
        Assert.False(second.Rebuilt);
        Assert.Equal(new[] { "alpha", "delta", "news/beta" }, second.Articles.Select(a => a.Id).Order(StringComparer.Ordinal));
        Assert.Null(second.Find("gamma"));
        Assert.Empty(SearchWord(second, "Vellumor"));
        Assert.Empty(SentencesOf(second, "gamma"));
        Assert.Empty(SearchWord(second, "Brussels"));
        Assert.Equal("Zorblax tariffs were cut in half.", Assert.Single(SearchWord(second, "Zorblax")).Text);
        Assert.Equal(2, SentencesOf(second, "alpha").Count);
        Assert.Equal("delta", Assert.Single(SearchWord(second, "Brimbleton")).Article.Id);
        Assert.Equal(6, second.SentenceCount);
        Assert.Equal(fresh.SentenceCount, second.SentenceCount);
    }

    [Fact]
    public void Open_AfterChanges_ThirdOpenIsUnchanged()
    {
        WriteGoodArticles();
        using (Open(IndexPath))
        {
        }

        File.Delete(_articles.Combine("gamma.txt"));
        int count;
        using (var second = Open(IndexPath))
        {
            Assert.Equal(0, second.Reindexed);
            count = second.SentenceCount;
        }

        using var third = Open(IndexPath);

        Assert.Equal(0, third.Reindexed);
        Assert.False(third.Rebuilt);
        Assert.Equal(count, third.SentenceCount);
        Assert.Equal(5, third.SentenceCount);
        Assert.Empty(SearchWord(third, "Vellumor"));
    }

    [Fact]
    public void Open_CorruptCatalog_RebuildsFromScratch()
    {
        WriteGoodArticles();
        using (Open(IndexPath))
        {
        }

        File.WriteAllText(Path.Combine(IndexPath, "catalog.json"), "{ not json");

        using var library = Open(IndexPath);

        Assert.True(library.Rebuilt);
        Assert.Equal(3, library.Reindexed);
        Assert.Equal(7, library.SentenceCount);
    }

    [Fact]
    public void Open_WithProgress_ReportsDoneEqualsTotalAtTheEnd()
    {
        WriteGoodArticles();
        _articles.Write("delta.txt", Delta);
        _articles.WriteBytes("empty.txt", Array.Empty<byte>());
        var progress = new RecordingProgress();

        using var library = Open(IndexPath, progress);

        var reports = progress.Reports.ToList();
        Assert.NotEmpty(reports);
        Assert.All(reports, r => Assert.Equal(5, r.Total));
        Assert.All(reports, r => Assert.InRange(r.Done, 0, r.Total));
        Assert.Equal(5, reports[^1].Done);
    }

    [Fact]
    public void Open_IncrementalUpdateWithProgress_ReportsOnlyChangedFiles()
    {
        WriteGoodArticles();
        using (Open(IndexPath))
        {
        }

        _articles.Write("delta.txt", Delta);
        var progress = new RecordingProgress();

        using var library = Open(IndexPath, progress);

        var last = progress.Reports.Last();
        Assert.Equal(1, last.Total);
        Assert.Equal(1, last.Done);
        Assert.Equal(1, library.Reindexed);
    }

    private sealed class RecordingProgress : IProgress<IndexProgress>
    {
        public ConcurrentQueue<IndexProgress> Reports { get; } = new();

        public void Report(IndexProgress value) => Reports.Enqueue(value);
    }
}
