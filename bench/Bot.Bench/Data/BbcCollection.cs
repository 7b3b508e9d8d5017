using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Bench.Data;

/// <summary>
/// The whole BBC dev half as the bot sees it: each article rendered as the <c>.md</c> file the bench
/// indexes (<c>category/NNN.md</c>, so the library id is the BBC id) and parsed by the bot's own parser,
/// with its indexed sentences in index order.
/// </summary>
internal sealed class BbcCollection
{
    private BbcCollection(IReadOnlyList<BbcArticle> articles, Dictionary<string, (BbcArticle Source, Article Parsed, IReadOnlyList<string> Sentences)> byId)
    {
        Articles = articles;
        _byId = byId;
    }

    private readonly Dictionary<string, (BbcArticle Source, Article Parsed, IReadOnlyList<string> Sentences)> _byId;

    public IReadOnlyList<BbcArticle> Articles { get; }

    public static BbcCollection Load(string path)
    {
        var articles = BbcArticle.Load(path);
        var byId = new Dictionary<string, (BbcArticle, Article, IReadOnlyList<string>)>(StringComparer.Ordinal);
        foreach (var a in articles)
        {
            string markdown = MarkdownArticleWriter.Render(a.Title, a.Paragraphs, "BBC News");
            var parsed = MarkdownArticleParser.Parse(a.Id, markdown, filePath: null, DateTimeOffset.UnixEpoch).Article
                ?? throw new InvalidDataException($"BBC article {a.Id} does not parse as the bot's markdown.");
            var sentences = ArticleLibrary.IndexedSentences(parsed).Select(s => parsed.TextOf(s.Span)).ToList();
            byId[a.Id] = (a, parsed, sentences);
        }

        return new BbcCollection(articles, byId);
    }

    public bool Contains(string id) => _byId.ContainsKey(id);

    public BbcArticle Source(string id) => _byId[id].Source;

    /// <summary>The article's indexed sentences, in the order the index numbers them.</summary>
    public IReadOnlyList<string> Sentences(string id) => _byId[id].Sentences;

    /// <summary>Ids of articles that repeat <paramref name="id"/> or that it repeats.</summary>
    public IEnumerable<string> DuplicatesOf(string id) =>
        Articles.Where(a => a.DuplicateOf == id || (a.Id != id && a.Id == _byId[id].Source.DuplicateOf)).Select(a => a.Id);

    /// <summary>Writes every article as <c>category/NNN.md</c> under <paramref name="folder"/>.</summary>
    public void WriteFolder(string folder)
    {
        foreach (var a in Articles)
        {
            string file = Path.Combine(folder, a.Id + ".md");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            MarkdownArticleWriter.Write(file, a.Title, a.Paragraphs, "BBC News");
        }
    }
}
