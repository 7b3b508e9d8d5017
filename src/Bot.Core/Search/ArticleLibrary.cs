using System.Collections.Concurrent;
using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Articles;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace PolicyBot.Core.Search;

/// <summary>
/// The article collection and its sentence index (Lucene, BM25). Each indexed document is one text
/// sentence with its article id, paragraph number, offsets and neighbouring sentences. The index
/// persists in <c>IndexPath</c> with a catalog of the files it holds, so a restart over an unchanged
/// folder only compares file sizes and times; changed, new and removed files are updated in place.
/// </summary>
public sealed class ArticleLibrary : IDisposable
{
    internal const string FieldArticle = "aid";
    internal const string FieldText = "text";
    internal const string FieldContext = "ctx";
    internal const string FieldKey = "key";

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly Dictionary<string, ArticleInfo> _byId;
    private readonly ConcurrentDictionary<string, Article> _parsed = new(StringComparer.Ordinal);

    private ArticleLibrary(LuceneDirectory directory, DirectoryReader reader, List<ArticleInfo> articles, List<ArticleProblem> problems, bool rebuilt, int reindexed)
    {
        _directory = directory;
        _reader = reader;
        Searcher = new IndexSearcher(reader) { Similarity = CreateSimilarity() };
        Articles = articles;
        _byId = articles.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Problems = problems;
        Rebuilt = rebuilt;
        Reindexed = reindexed;
    }

    public Analyzer Analyzer { get; } = TextAnalysis.CreateAnalyzer();

    public IReadOnlyList<ArticleInfo> Articles { get; }

    public IReadOnlyList<ArticleProblem> Problems { get; }

    /// <summary>True when the whole index was built from scratch in this run.</summary>
    public bool Rebuilt { get; }

    /// <summary>How many files were parsed and (re)indexed in this run; 0 when the on-disk index was current.</summary>
    public int Reindexed { get; }

    public int SentenceCount => _reader.NumDocs;

    /// <summary>The folder of the persistent index, or null when this library lives in memory only.</summary>
    public string? IndexPath { get; private init; }

    internal IndexSearcher Searcher { get; }

    public static Similarity CreateSimilarity() => new BM25Similarity(1.2f, 0.75f);

    public ArticleInfo? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The full article, parsed from its file on first use (the index keeps sentences, not whole bodies).</summary>
    public Article? LoadArticle(string id)
    {
        if (_parsed.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (!_byId.TryGetValue(id, out var info) || info.FilePath is null)
        {
            return null;
        }

        var file = new FileInfo(info.FilePath);
        if (!file.Exists)
        {
            return null;
        }

        var result = ArticleLoader.Load(new ArticleFile(Path.GetFileName(info.FilePath), info.FilePath, file.Length, file.LastWriteTimeUtc.Ticks, id));
        if (result.Article is null)
        {
            return null;
        }

        if (_parsed.Count > 256)
        {
            _parsed.Clear(); // A small cache: summaries of a handful of articles at a time.
        }

        return _parsed[id] = result.Article;
    }

    /// <summary>Number of sentences containing <paramref name="term"/> (an analysed term).</summary>
    public int DocFrequency(string term) => _reader.DocFreq(new Term(FieldText, term));

    public IReadOnlyList<SentenceHit> Search(Query query, int count)
    {
        if (count <= 0 || _reader.NumDocs == 0)
        {
            return Array.Empty<SentenceHit>();
        }

        var top = Searcher.Search(query, count);
        var hits = new List<SentenceHit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
        {
            if (ReadHit(sd.Doc, sd.Score) is { } hit)
            {
                hits.Add(hit);
            }
        }

        return hits;
    }

    private SentenceHit? ReadHit(int docId, float score)
    {
        var doc = Searcher.Doc(docId);
        string id = doc.Get(FieldArticle);
        if (!_byId.TryGetValue(id, out var info))
        {
            return null;
        }

        return new SentenceHit(
            docId,
            score,
            info,
            doc.GetField("p").GetInt32Value() ?? 0,
            doc.GetField("si").GetInt32Value() ?? 0,
            new TextSpan(doc.GetField("st").GetInt32Value() ?? 0, doc.GetField("ln").GetInt32Value() ?? 0),
            doc.Get(FieldText),
            ReadNeighbour(doc, "prev"),
            ReadNeighbour(doc, "next"));
    }

    private static Neighbour? ReadNeighbour(Document doc, string prefix)
    {
        string? text = doc.Get(prefix);
        if (text is null)
        {
            return null;
        }

        return new Neighbour(
            text,
            doc.GetField(prefix + "p").GetInt32Value() ?? 0,
            new TextSpan(doc.GetField(prefix + "st").GetInt32Value() ?? 0, doc.GetField(prefix + "ln").GetInt32Value() ?? 0));
    }

    /// <summary>
    /// Opens the library for <paramref name="folder"/>, updating the persistent index at <paramref name="indexPath"/>
    /// (or building one in memory when <paramref name="indexPath"/> is null or already in use by another process).
    /// </summary>
    public static ArticleLibrary Open(string folder, string? indexPath, IProgress<IndexProgress>? progress, ILogger logger, CancellationToken ct)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"The article folder '{folder}' does not exist.");
        }

        string fullFolder = Path.GetFullPath(folder);
        var files = ArticleLoader.ListFiles(fullFolder);
        if (indexPath is not null)
        {
            try
            {
                return OpenPersistent(fullFolder, files, indexPath, progress, logger, ct);
            }
            catch (LockObtainFailedException)
            {
                logger.LogWarning("The index at {IndexPath} is being updated by another PolicyBot process; building a private in-memory index instead.", indexPath);
            }
            catch (Exception ex) when (ex is IOException or CorruptIndexException or IndexFormatTooOldException or UnauthorizedAccessException)
            {
                logger.LogWarning("The index at {IndexPath} cannot be used ({Reason}); building a private in-memory index instead.", indexPath, ex.Message);
            }
        }

        var memory = new RAMDirectory();
        var catalog = new Catalog(Catalog.CurrentVersion, fullFolder, new List<CatalogEntry>());
        return Update(memory, catalog, files, progress, logger, rebuilt: true, indexPath: null, ct).Library;
    }

    private static ArticleLibrary OpenPersistent(string folder, IReadOnlyList<ArticleFile> files, string indexPath, IProgress<IndexProgress>? progress, ILogger logger, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(indexPath);
        string catalogPath = Path.Combine(indexPath, "catalog.json");
        string lucenePath = Path.Combine(indexPath, "lucene");
        var catalog = Catalog.TryRead(catalogPath);
        var directory = FSDirectory.Open(new DirectoryInfo(lucenePath));
        bool usable = catalog is not null && catalog.Version == Catalog.CurrentVersion && catalog.Folder == folder && DirectoryReader.IndexExists(directory);
        if (usable && Unchanged(catalog!, files))
        {
            var reader = DirectoryReader.Open(directory);
            return FromCatalog(directory, reader, catalog!, rebuilt: false, reindexed: 0, indexPath);
        }

        if (!usable)
        {
            catalog = new Catalog(Catalog.CurrentVersion, folder, new List<CatalogEntry>());
        }

        var (library, updated) = Update(directory, catalog!, files, progress, logger, rebuilt: !usable, indexPath, ct);
        updated.Write(catalogPath);
        return library;
    }

    private static bool Unchanged(Catalog catalog, IReadOnlyList<ArticleFile> files)
    {
        if (catalog.Entries.Count != files.Count)
        {
            return false;
        }

        for (int i = 0; i < files.Count; i++)
        {
            var e = catalog.Entries[i];
            var f = files[i];
            if (e.Path != f.RelativePath || e.Length != f.Length || e.Ticks != f.LastWriteTicks || e.Id != f.Id)
            {
                return false;
            }
        }

        return true;
    }

    private static ArticleLibrary FromCatalog(LuceneDirectory directory, DirectoryReader reader, Catalog catalog, bool rebuilt, int reindexed, string? indexPath)
    {
        var articles = catalog.Entries.Where(e => e.Info is not null).Select(e => e.Info!).ToList();
        var problems = catalog.Entries.Where(e => e.Problem is not null).Select(e => new ArticleProblem(e.Info?.FilePath ?? Path.Combine(catalog.Folder, e.Path), e.Problem!)).ToList();
        return new ArticleLibrary(directory, reader, articles, problems, rebuilt, reindexed) { IndexPath = indexPath };
    }

    private static (ArticleLibrary Library, Catalog Catalog) Update(
        LuceneDirectory directory, Catalog previous, IReadOnlyList<ArticleFile> files, IProgress<IndexProgress>? progress, ILogger logger, bool rebuilt, string? indexPath, CancellationToken ct)
    {
        var old = previous.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var toIndex = new List<ArticleFile>();
        var entries = new CatalogEntry?[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var f = files[i];
            if (!rebuilt && old.TryGetValue(f.RelativePath, out var e) && e.Length == f.Length && e.Ticks == f.LastWriteTicks && e.Id == f.Id)
            {
                entries[i] = e;
            }
            else
            {
                toIndex.Add(f);
            }
        }

        var current = new HashSet<string>(files.Select(f => f.Id), StringComparer.Ordinal);
        var config = new IndexWriterConfig(TextAnalysis.Version, TextAnalysis.CreateAnalyzer())
        {
            OpenMode = rebuilt ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            Similarity = CreateSimilarity(),
            RAMBufferSizeMB = 64,
        };

        var stopwatch = Stopwatch.StartNew();
        using (var writer = new IndexWriter(directory, config))
        {
            if (!rebuilt)
            {
                foreach (var gone in previous.Entries.Where(e => !current.Contains(e.Id)))
                {
                    writer.DeleteDocuments(new Term(FieldArticle, gone.Id));
                }
            }

            var index = files.Select((f, i) => (f, i)).ToDictionary(x => x.f.RelativePath, x => x.i, StringComparer.Ordinal);
            int done = 0;
            var lastReport = TimeSpan.Zero;
            progress?.Report(new IndexProgress(0, toIndex.Count, TimeSpan.Zero));
            Parallel.ForEach(toIndex, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
            {
                var result = ArticleLoader.Load(file);
                if (!rebuilt)
                {
                    writer.DeleteDocuments(new Term(FieldArticle, file.Id));
                }

                if (result.Article is { } article)
                {
                    writer.AddDocuments(Documents(article));
                    entries[index[file.RelativePath]] = new CatalogEntry(file.RelativePath, file.Length, file.LastWriteTicks, file.Id, article.Info, null);
                }
                else
                {
                    entries[index[file.RelativePath]] = new CatalogEntry(file.RelativePath, file.Length, file.LastWriteTicks, file.Id, null, result.Error);
                }

                int n = Interlocked.Increment(ref done);
                var elapsed = stopwatch.Elapsed;
                if (progress is not null && n < toIndex.Count && elapsed - lastReport > TimeSpan.FromMilliseconds(100))
                {
                    lastReport = elapsed;
                    progress.Report(new IndexProgress(n, toIndex.Count, elapsed));
                }
            });

            // Reports from worker threads can land out of order; the last word is always the total.
            progress?.Report(new IndexProgress(toIndex.Count, toIndex.Count, stopwatch.Elapsed));
            writer.Commit();
        }

        var catalog = new Catalog(Catalog.CurrentVersion, previous.Folder, entries.Select(e => e!).ToList());
        var reader = DirectoryReader.Open(directory);
        return (FromCatalog(directory, reader, catalog, rebuilt, toIndex.Count, indexPath), catalog);
    }

    /// <summary>One document per text sentence, with its neighbours (previous and next text sentence of the article).</summary>
    internal static IEnumerable<Document> Documents(Article article)
    {
        var sentences = IndexedSentences(article);
        for (int i = 0; i < sentences.Count; i++)
        {
            var (paragraph, span) = sentences[i];
            string text = article.TextOf(span);
            var doc = new Document
            {
                new StringField(FieldArticle, article.Id, Field.Store.YES),
                new StringField(FieldKey, SentenceKey(article.Id, i), Field.Store.NO),
                new StoredField("p", paragraph),
                new StoredField("si", i),
                new StoredField("st", span.Start),
                new StoredField("ln", span.Length),
                new TextField(FieldText, text, Field.Store.YES),
            };

            var context = new List<string> { article.Info.Title };
            if (i > 0)
            {
                AddNeighbour(doc, "prev", article, sentences[i - 1]);
                context.Add(article.TextOf(sentences[i - 1].Span));
            }

            if (i + 1 < sentences.Count)
            {
                AddNeighbour(doc, "next", article, sentences[i + 1]);
                context.Add(article.TextOf(sentences[i + 1].Span));
            }

            doc.Add(new TextField(FieldContext, string.Join('\n', context), Field.Store.NO));
            yield return doc;
        }
    }

    /// <summary>The sentences that are indexed, in order: their position is the sentence index ("si") everywhere.</summary>
    public static IReadOnlyList<(int Paragraph, TextSpan Span)> IndexedSentences(Article article) =>
        article.TextParagraphs.SelectMany(p => p.Sentences.Select(s => (p.Number, s))).ToList();

    private static string SentenceKey(string articleId, int sentenceIndex) => $"{articleId}\u001f{sentenceIndex}";

    /// <summary>The indexed sentence <paramref name="sentenceIndex"/> of an article, or null.</summary>
    public SentenceHit? FindSentence(string articleId, int sentenceIndex)
    {
        var top = Searcher.Search(new TermQuery(new Term(FieldKey, SentenceKey(articleId, sentenceIndex))), 1);
        return top.ScoreDocs.Length == 0 ? null : ReadHit(top.ScoreDocs[0].Doc, 0f);
    }

    private static void AddNeighbour(Document doc, string prefix, Article article, (int Paragraph, TextSpan Span) sentence)
    {
        doc.Add(new StoredField(prefix, article.TextOf(sentence.Span)));
        doc.Add(new StoredField(prefix + "p", sentence.Paragraph));
        doc.Add(new StoredField(prefix + "st", sentence.Span.Start));
        doc.Add(new StoredField(prefix + "ln", sentence.Span.Length));
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        Analyzer.Dispose();
    }
}
