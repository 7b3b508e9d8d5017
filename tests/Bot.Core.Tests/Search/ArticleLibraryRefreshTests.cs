using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Search;

public sealed class ArticleLibraryRefreshTests : IDisposable
{
    private const string Tariffs = "---\ntitle: Tariffs\n---\nZorblax tariffs rose sharply this year. Officials in Brussels were worried.\n";
    private const string Plant = "---\ntitle: Battery plant\n---\nQuintaxel batteries power the new plant in Nevada. Workers were hired in March.\n";
    private const string Investment = "---\ntitle: Brimbleton investment\n---\nThe Brimbleton investment reached $8 billion in 2025. It was a record for the region.\n";

    private readonly TempArticleFolder _folder = new();

    // File times move forward by whole seconds, so every rewrite is seen even where times are coarse.
    private DateTime _clock = DateTime.UtcNow.AddHours(-1);

    public void Dispose() => _folder.Dispose();

    private string Write(string relativePath, string text)
    {
        string path = _folder.Write(relativePath, text);
        _clock = _clock.AddSeconds(2);
        File.SetLastWriteTimeUtc(path, _clock);
        return path;
    }

    /// <summary>Writes the way editors save (a temporary file moved over the old one), so readers never meet a half-written file.</summary>
    private void WriteAtomically(string relativePath, string text)
    {
        string temp = Path.Combine(_folder.Root, Guid.NewGuid().ToString("N") + ".tmp");
        File.WriteAllText(temp, text);
        _clock = _clock.AddSeconds(2);
        File.SetLastWriteTimeUtc(temp, _clock);
        File.Move(temp, Path.Combine(_folder.Articles, relativePath), overwrite: true);
    }

    private static List<SentenceHit> SearchWord(ArticleLibrary library, string word)
    {
        string term = Assert.Single(library.Terms(word));
        return library.SentencesWithTerm(term, 100).ToList();
    }

    private static LibraryChanges Refresh(ArticleLibrary library) => library.Refresh(null, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Refresh_NewFile_IsAddedAndAnswerableAtOnce(bool persistent)
    {
        Write("tariffs.md", Tariffs);
        using var library = _folder.OpenLibrary(persistent);
        var answerer = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });
        Assert.False(answerer.Answer("How much did the Brimbleton investment reach?").Answered);

        Write("investment.md", Investment);
        var changes = Refresh(library);

        Assert.Equal("investment", Assert.Single(changes.Added).Id);
        Assert.Empty(changes.Changed);
        Assert.Empty(changes.Removed);
        var result = answerer.Answer("How much did the Brimbleton investment reach?");
        Assert.True(result.Answered);
        Assert.Contains("$8 billion", result.Passages[0].Text);
        Assert.Equal(2, library.Articles.Count);
        Assert.NotNull(library.ContentHash("investment"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Refresh_ChangedText_IsChangedAndTheOldTextIsGone(bool persistent)
    {
        string path = Write("tariffs.md", Tariffs);
        Write("plant.md", Plant);
        using var library = _folder.OpenLibrary(persistent);
        string? before = library.ContentHash("tariffs");
        Assert.NotNull(library.LoadArticle("tariffs")); // cached, and must not survive the change

        Write("tariffs.md", Tariffs.Replace("Zorblax", "Glimmerpax", StringComparison.Ordinal));
        var changes = Refresh(library);

        Assert.Equal("tariffs", Assert.Single(changes.Changed).Id);
        Assert.Empty(changes.Added);
        Assert.Empty(changes.Removed);
        Assert.Empty(SearchWord(library, "Zorblax"));
        Assert.Equal("tariffs", Assert.Single(SearchWord(library, "Glimmerpax")).Article.Id);
        Assert.NotEqual(before, library.ContentHash("tariffs"));
        Assert.Contains("Glimmerpax", library.LoadArticle("tariffs")!.Body, StringComparison.Ordinal);
        Assert.Equal(path, library.Find("tariffs")!.FilePath);
    }

    [Fact]
    public void Refresh_TouchedOrRewrittenWithTheSameText_IsNoChange()
    {
        string path = Write("tariffs.md", Tariffs);
        using var library = _folder.OpenLibrary(persistent: true);
        string? hash = library.ContentHash("tariffs");
        var addedAt = library.Find("tariffs")!.AddedAt;

        File.SetLastWriteTimeUtc(path, _clock.AddMinutes(5));
        var touched = Refresh(library);
        Write("tariffs.md", Tariffs);
        var rewritten = Refresh(library);

        Assert.True(touched.IsEmpty);
        Assert.True(rewritten.IsEmpty);
        Assert.Equal(hash, library.ContentHash("tariffs"));
        Assert.Equal(addedAt, library.Find("tariffs")!.AddedAt); // a re-save does not make it "latest"
        Assert.Single(SearchWord(library, "Zorblax"));
        Assert.True(Refresh(library).IsEmpty); // the new file time was recorded
    }

    [Fact]
    public void Refresh_DeletedFile_IsRemoved()
    {
        Write("tariffs.md", Tariffs);
        string plant = Write("plant.md", Plant);
        using var library = _folder.OpenLibrary();

        File.Delete(plant);
        var changes = Refresh(library);

        Assert.Equal(new[] { "plant" }, changes.Removed);
        Assert.Empty(changes.Added);
        Assert.Null(library.Find("plant"));
        Assert.Null(library.ContentHash("plant"));
        Assert.Null(library.LoadArticle("plant"));
        Assert.Empty(SearchWord(library, "Quintaxel"));
    }

    [Fact]
    public void Refresh_RenamedFile_IsRemovedAndAdded()
    {
        string plant = Write("plant.md", Plant);
        using var library = _folder.OpenLibrary();

        File.Move(plant, Path.Combine(_folder.Articles, "nevada-plant.md"));
        var changes = Refresh(library);

        Assert.Equal(new[] { "plant" }, changes.Removed);
        Assert.Equal("nevada-plant", Assert.Single(changes.Added).Id);
        Assert.Equal("nevada-plant", Assert.Single(SearchWord(library, "Quintaxel")).Article.Id);
    }

    [Fact]
    public void Refresh_BrokenFile_IsReportedAndSkippedWhileTheRestRefresh()
    {
        Write("tariffs.md", Tariffs);
        using var library = _folder.OpenLibrary();

        string broken = _folder.WriteBytes("broken.txt", new byte[] { 0xFF, 0xFE, 0x41, 0x00 });
        Write("plant.md", Plant);
        var changes = Refresh(library);

        Assert.Equal("plant", Assert.Single(changes.Added).Id);
        var problem = Assert.Single(library.Problems);
        Assert.Equal(broken, problem.Path);
        Assert.Null(library.Find("broken"));
        Assert.Single(SearchWord(library, "Quintaxel"));
    }

    [Fact]
    public void Refresh_IndexedFileThatBreaks_KeepsItsLastGoodTextAndIsReported()
    {
        Write("tariffs.md", Tariffs);
        using var library = _folder.OpenLibrary();

        string path = Write("tariffs.md", "");
        var broken = Refresh(library);
        Write("tariffs.md", Tariffs.Replace("Zorblax", "Glimmerpax", StringComparison.Ordinal));
        var fixedAgain = Refresh(library);

        Assert.True(broken.IsEmpty);
        Assert.Equal("tariffs", Assert.Single(fixedAgain.Changed).Id);
        Assert.Empty(library.Problems);
        Assert.Single(SearchWord(library, "Glimmerpax"));
        Assert.Equal(path, library.Find("tariffs")!.FilePath);
    }

    [Fact]
    public void Refresh_ThenRestart_ReopenedIndexHasTheSameStateWithoutReindexing()
    {
        Write("tariffs.md", Tariffs);
        string plant = Write("plant.md", Plant);
        IReadOnlyList<string> ids;
        string? hash;
        int sentences;
        using (var library = _folder.OpenLibrary(persistent: true))
        {
            Write("investment.md", Investment);
            Write("tariffs.md", Tariffs.Replace("Zorblax", "Glimmerpax", StringComparison.Ordinal));
            File.Delete(plant);
            Refresh(library);
            ids = library.Articles.Select(a => a.Id).ToList();
            hash = library.ContentHash("tariffs");
            sentences = library.SentenceCount;
        }

        using var reopened = _folder.OpenLibrary(persistent: true);

        Assert.Equal(0, reopened.Reindexed);
        Assert.False(reopened.Rebuilt);
        Assert.Equal(ids, reopened.Articles.Select(a => a.Id));
        Assert.Equal(hash, reopened.ContentHash("tariffs"));
        Assert.Equal(sentences, reopened.SentenceCount);
        Assert.Empty(SearchWord(reopened, "Zorblax"));
        Assert.Empty(SearchWord(reopened, "Quintaxel"));
        Assert.Single(SearchWord(reopened, "Glimmerpax"));
    }

    [Fact]
    public void Refresh_NewFileWhoseNameGivesAKnownId_LeavesTheKnownArticleItsId()
    {
        Write("plant.txt", "Quintaxel batteries power the new plant in Nevada.\n");
        using var library = _folder.OpenLibrary(persistent: true);

        Write("plant.md", Tariffs); // "plant.md" sorts first and would otherwise take "plant"
        var changes = Refresh(library);

        Assert.Equal("plant", Assert.Single(SearchWord(library, "Quintaxel")).Article.Id);
        Assert.Equal("plant-md", Assert.Single(changes.Added).Id);
        Assert.Empty(changes.Changed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Refresh_RepeatedWhileOtherThreadsSearch_SearchesNeverFail(bool persistent)
    {
        Write("tariffs.md", Tariffs);
        Write("plant.md", Plant);
        using var library = _folder.OpenLibrary(persistent);
        var answerer = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });
        using var stop = new CancellationTokenSource();
        int searches = 0;
        var searchers = Enumerable.Range(0, 4).Select(n => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Either version of the article may answer, never a mix, a failure or a closed reader.
                var result = answerer.Answer(n % 2 == 0 ? "Where is the battery plant?" : "What did officials in Brussels think?");
                Assert.NotEmpty(result.Passages);
                Assert.NotEmpty(SearchWord(library, "Quintaxel"));
                Assert.NotNull(library.LoadArticle("tariffs"));
                Interlocked.Increment(ref searches);
            }
        })).ToList();

        for (int i = 0; i < 20; i++)
        {
            WriteAtomically("tariffs.md", Tariffs.Replace("this year", $"in round {i}", StringComparison.Ordinal));
            WriteAtomically($"extra-{i % 3}.md", Investment.Replace("2025", $"{2000 + i}", StringComparison.Ordinal));
            // Two refreshes at once: serialised, and between them every change is reported once.
            var both = await Task.WhenAll(Task.Run(() => Refresh(library)), Task.Run(() => Refresh(library)));
            Assert.Single(both.SelectMany(c => c.Changed.Concat(c.Added)), a => a.Id == "tariffs");
        }

        await stop.CancelAsync();
        await Task.WhenAll(searchers);
        Assert.True(searches > 0);
        Assert.Equal(5, library.Articles.Count);
        Assert.Contains("2019", library.LoadArticle("extra-1")!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotEngine_AcrossARefresh_KeepsItsConversationAndAnswersFromNewArticles()
    {
        Write("plant.md", Plant);
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Bot(library);

        var first = await engine.HandleAsync(TempArticleFolder.Typed("Where do Quintaxel batteries power the new plant?", "thread"), CancellationToken.None);
        Write("investment.md", Investment);
        Write("plant.md", Plant + "\nThe Quintaxel plant will double its output in 2027.\n");
        Refresh(library);
        var more = await engine.HandleAsync(TempArticleFolder.Typed("more", "thread"), CancellationToken.None);
        var fresh = await engine.HandleAsync(TempArticleFolder.Typed("How much did the Brimbleton investment reach?", "other"), CancellationToken.None);
        var list = await engine.HandleAsync(TempArticleFolder.Typed("/articles", "other"), CancellationToken.None);

        Assert.Contains("Nevada", Assert.IsType<AnswerReply>(first).Passages[0].Text, StringComparison.Ordinal);
        Assert.IsNotType<ErrorReply>(more);
        Assert.NotEqual(((AnswerReply)first).Passages[0].Text, Assert.Single(more.Shown()).Text);
        Assert.Contains("$8 billion", Assert.IsType<AnswerReply>(fresh).Passages[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, Assert.IsType<ArticleListReply>(list).Articles.Count);
    }

    [Fact]
    public void Refresh_AfterDispose_Throws()
    {
        Write("tariffs.md", Tariffs);
        var library = _folder.OpenLibrary();
        library.Dispose();

        Assert.Throws<ObjectDisposedException>(() => Refresh(library));
        Assert.Throws<ObjectDisposedException>(() => SearchWord(library, "Zorblax"));
    }
}
