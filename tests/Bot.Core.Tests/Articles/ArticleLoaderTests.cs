using System.Text;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;

namespace PolicyBot.Core.Tests.Articles;

public sealed class ArticleLoaderTests : IDisposable
{
    private const string GoodText = "The EU imposed tariffs on Chinese electric cars. The move angered Beijing.\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("2026/EV Tariffs.md", "2026/ev-tariffs")]
    [InlineData("000_b3e87f63fc77f91f.txt", "000_b3e87f63fc77f91f")]
    [InlineData("News/U.S. & China -- Trade!.txt", "news/u-s-china-trade")]
    [InlineData("2026\\EV Tariffs.md", "2026/ev-tariffs")]
    [InlineData("2026/ Leading Space.md", "2026/leading-space")]
    [InlineData("--Draft--  Notes.markdown", "draft-notes")]
    public void IdFor_RelativePath_GivesLowerCaseSlug(string relativePath, string expected)
    {
        Assert.Equal(expected, ArticleLoader.IdFor(relativePath));
    }

    [Fact]
    public void IdFor_NameWithoutAsciiLetters_GivesDistinctStableIds()
    {
        string china = ArticleLoader.IdFor("中国.txt");
        string japan = ArticleLoader.IdFor("日本.txt");

        Assert.StartsWith("article-", china, StringComparison.Ordinal);
        Assert.NotEqual(china, japan);
        Assert.Equal(china, ArticleLoader.IdFor("中国.txt"));
        Assert.Equal("news/" + china, ArticleLoader.IdFor("news/中国.md"));
    }

    [Fact]
    public void IdFor_SamePathDifferentExtension_GivesSameId()
    {
        Assert.Equal(ArticleLoader.IdFor("a.txt"), ArticleLoader.IdFor("a.md"));
    }

    [Fact]
    public void ListFiles_Folder_ListsArticleFilesRecursivelyInOrdinalOrder()
    {
        _folder.Write("b.txt", GoodText);
        _folder.Write("2026/EV Tariffs.md", "Body text.\n");
        _folder.Write("A.markdown", "Body text.\n");
        _folder.Write("notes.docx", "not an article");
        _folder.Write("image.png", "not an article");

        var files = ArticleLoader.ListFiles(_folder.Path);

        Assert.Equal(new[] { "2026/EV Tariffs.md", "A.markdown", "b.txt" }, files.Select(f => f.RelativePath));
        Assert.Equal(new[] { "2026/ev-tariffs", "a", "b" }, files.Select(f => f.Id));
        var first = files[0];
        Assert.Equal(_folder.Combine("2026/EV Tariffs.md"), first.FullPath);
        Assert.Equal(new FileInfo(first.FullPath).Length, first.Length);
        Assert.Equal(File.GetLastWriteTimeUtc(first.FullPath).Ticks, first.LastWriteTicks);
    }

    [Fact]
    public void ListFiles_SameNameTxtAndMd_GivesDistinctIds()
    {
        _folder.Write("a.txt", GoodText);
        _folder.Write("a.md", "Body text.\n");

        var files = ArticleLoader.ListFiles(_folder.Path);

        Assert.Equal(new[] { ("a.md", "a"), ("a.txt", "a-txt") }, files.Select(f => (f.RelativePath, f.Id)));
    }

    [Fact]
    public void ListFiles_ManyNamesWithSameSlug_GivesUniqueIds()
    {
        _folder.Write("a b.txt", GoodText);
        _folder.Write("a-b.txt", GoodText);
        _folder.Write("a.b.txt", GoodText);
        _folder.Write("a_b.txt", GoodText);
        _folder.Write("A B.txt", GoodText);

        var ids = ArticleLoader.ListFiles(_folder.Path).Select(f => f.Id).ToList();

        Assert.Equal(5, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("a-b", ids);
        Assert.Contains("a_b", ids);
    }

    [Fact]
    public void ListFiles_SameFolderTwice_GivesSameIds()
    {
        _folder.Write("x/One.txt", GoodText);
        _folder.Write("Two.md", "Body text.\n");
        _folder.Write("two.txt", GoodText);

        var first = ArticleLoader.ListFiles(_folder.Path).Select(f => f.Id).ToList();
        var second = ArticleLoader.ListFiles(_folder.Path).Select(f => f.Id).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void ListFiles_HiddenFilesAndFolders_AreIgnored()
    {
        _folder.Write("visible.txt", GoodText);
        _folder.Write(".hidden.txt", GoodText);
        _folder.Write(".git/notes.md", "Body text.\n");
        _folder.Write("sub/.draft.md", "Body text.\n");

        var files = ArticleLoader.ListFiles(_folder.Path);

        Assert.Equal(new[] { "visible.txt" }, files.Select(f => f.RelativePath));
    }

    [Fact]
    public void Load_GoodTextFile_ParsesWithFileFacts()
    {
        _folder.Write("news/good.txt", "【Reuters】\n" + GoodText);
        var file = Assert.Single(ArticleLoader.ListFiles(_folder.Path));

        var result = ArticleLoader.Load(file);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("news/good", result.Article!.Id);
        Assert.Equal("Reuters", result.Article.Info.Source);
        Assert.Equal(file.FullPath, result.Article.Info.FilePath);
        Assert.Equal(new DateTimeOffset(file.LastWriteTicks, TimeSpan.Zero), result.Article.Info.AddedAt);
    }

    [Fact]
    public void Load_Utf8WithBomAndCrLf_ParsesCleanly()
    {
        byte[] bom = { 0xEF, 0xBB, 0xBF };
        _folder.WriteBytes("bom.md", bom.Concat(Encoding.UTF8.GetBytes("---\r\ntitle: With BOM\r\n---\r\nBody text here.\r\n")).ToArray());

        var result = ArticleLoader.Load(Assert.Single(ArticleLoader.ListFiles(_folder.Path)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("With BOM", result.Article!.Info.Title);
        Assert.Equal("Body text here.", result.Article.Body);
    }

    [Fact]
    public void Load_MarkdownExtension_UsesMarkdownParser()
    {
        _folder.Write("story.markdown", "# Heading\n\nThe **bold** claim. More text.\n");

        var result = ArticleLoader.Load(Assert.Single(ArticleLoader.ListFiles(_folder.Path)));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Heading", result.Article!.Info.Title);
        Assert.DoesNotContain("**", result.Article.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Seed_ParsesWithIdFromFileName()
    {
        var file = Assert.Single(ArticleLoader.ListFiles(RepoFiles.SeedsFolder), f => f.RelativePath == RepoFiles.SeedFileName);

        var result = ArticleLoader.Load(file);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("000_b3e87f63fc77f91f", result.Article!.Id);
        Assert.Equal("If the United States wants to compete, it must cooperate with China", result.Article.Info.Title);
        Assert.Equal(17, result.Article.Info.ParagraphCount);
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Load_BrokenFile_ReportsReasonWithoutThrowing(string name, byte[] bytes, string reason)
    {
        _folder.WriteBytes(name, bytes);
        var file = Assert.Single(ArticleLoader.ListFiles(_folder.Path));

        var result = ArticleLoader.Load(file);

        Assert.Null(result.Article);
        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> BrokenFiles() => new()
    {
        { "empty.txt", Array.Empty<byte>(), "the file is empty" },
        { "blank.txt", Encoding.UTF8.GetBytes(" \n\n\t\n"), "the file is empty" },
        { "latin1.txt", new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x20, 0x6F, 0x70, 0x65, 0x6E, 0x2E }, "not valid UTF-8" },
        { "truncated.md", new byte[] { 0x41, 0xE2, 0x82 }, "not valid UTF-8" },
        { "utf16-bom.txt", new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("Hello there. This is UTF-16.")).ToArray(), "UTF-16" },
        { "utf16be-bom.txt", new byte[] { 0xFE, 0xFF }.Concat(Encoding.BigEndianUnicode.GetBytes("Hello there.")).ToArray(), "UTF-16" },
        { "utf16-nobom.txt", Encoding.Unicode.GetBytes("Hello there. This is UTF-16."), "NUL bytes" },
        { "binary.md", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x41 }, "NUL bytes" },
        { "byline.txt", Encoding.UTF8.GetBytes("【Observer Net, Liu Bai】\n"), "only a byline" },
        { "frontmatter.md", Encoding.UTF8.GetBytes("---\ntitle: [oops\n---\nBody.\n"), "front matter" },
    };

    [Fact]
    public void Load_FileDeletedAfterListing_ReportsReasonWithoutThrowing()
    {
        string path = _folder.Write("gone.txt", GoodText);
        var file = Assert.Single(ArticleLoader.ListFiles(_folder.Path));
        File.Delete(path);

        var result = ArticleLoader.Load(file);

        Assert.False(result.Succeeded);
        Assert.StartsWith("the file cannot be read", result.Error, StringComparison.Ordinal);
    }
}
