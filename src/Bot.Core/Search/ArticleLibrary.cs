using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
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
/// <remarks>
/// <see cref="Refresh"/> applies the same update while the bot runs. Everything a search reads (the
/// Lucene reader, the article list, the id map, the content hashes) lives in one immutable
/// <see cref="Snapshot"/> that a refresh replaces with a single reference write, so a search sees
/// either the old library or the new one, never a mix. Old readers are reference counted with
/// Lucene's own IncRef/DecRef: a search holds a reference for as long as it reads, and the refresh
/// drops the library's reference after the swap, so the old reader closes exactly when its last
/// search finishes — no timer guessing how long searches take, and nothing kept open longer than needed.
/// </remarks>
public sealed class ArticleLibrary : IDisposable
{
    internal const string FieldArticle = "aid";
    internal const string FieldText = "text";
    internal const string FieldContext = "ctx";
    internal const string FieldKey = "key";

    private readonly LuceneDirectory _directory;
    private readonly string _folder;
    private readonly object _refreshGate = new();

    // Keyed by id, with the content hash of the parse: an entry for older text is never served after a refresh.
    private readonly ConcurrentDictionary<string, (string Hash, Article Article)> _parsed = new(StringComparer.Ordinal);
    private Snapshot _state;
    private bool _disposed;

    private ArticleLibrary(LuceneDirectory directory, string folder, DirectoryReader reader, Catalog catalog, bool rebuilt, int reindexed, string? indexPath)
    {
        _directory = directory;
        _folder = folder;
        _state = new Snapshot(reader, catalog, reindexed);
        Rebuilt = rebuilt;
        IndexPath = indexPath;
    }

    /// <summary>One consistent state of the library; never modified once published.</summary>
    private sealed class Snapshot
    {
        public Snapshot(DirectoryReader reader, Catalog catalog, int reindexed)
        {
            Reader = reader;
            Searcher = new IndexSearcher(reader) { Similarity = CreateSimilarity() };
            Catalog = catalog;
            Articles = catalog.Entries.Where(e => e.Info is not null).Select(e => e.Info!).ToList();
            ById = Articles.ToDictionary(a => a.Id, StringComparer.Ordinal);
            Hashes = catalog.Entries.Where(e => e.Info is not null && e.Hash is not null).ToDictionary(e => e.Id, e => e.Hash!, StringComparer.Ordinal);
            Problems = catalog.Entries.Where(e => e.Problem is not null)
                .Select(e => new ArticleProblem(e.Info?.FilePath ?? Path.Combine(catalog.Folder, e.Path), e.Problem!))
                .ToList();
            SentenceCount = reader.NumDocs;
            Reindexed = reindexed;
            // The built-in short forms, then those the articles define, most often defined first.
            Abbreviations = PolicyBot.Core.Search.Abbreviations.BuiltIn
                .Concat(catalog.Entries.Where(e => e.Info is not null && e.Abbreviations is not null).SelectMany(e => e.Abbreviations!)
                    .GroupBy(a => (a.Short, Long: a.Long.ToLowerInvariant())).OrderByDescending(g => g.Count()).Select(g => g.First()))
                .DistinctBy(a => (a.Short, a.Long.ToLowerInvariant()))
                .ToList();
        }

        public IReadOnlyList<Abbreviation> Abbreviations { get; }

        /// <summary>The abbreviations as analysed terms, computed on first use (it needs the library's analyzer).</summary>
        public IReadOnlyList<AbbreviationTerms>? AnalysedAbbreviations { get; set; }

        public DirectoryReader Reader { get; }

        public IndexSearcher Searcher { get; }

        public Catalog Catalog { get; }

        public IReadOnlyList<ArticleInfo> Articles { get; }

        public Dictionary<string, ArticleInfo> ById { get; }

        public Dictionary<string, string> Hashes { get; }

        public IReadOnlyList<ArticleProblem> Problems { get; }

        public int SentenceCount { get; }

        public int Reindexed { get; }
    }

    // Lucene stays behind the library's own methods: callers get terms and hits, never a Query or an Analyzer.
    internal Analyzer Analyzer { get; } = TextAnalysis.CreateAnalyzer();

    public IReadOnlyList<ArticleInfo> Articles => Current.Articles;

    /// <summary>Which short forms stand for which long forms: the built-in list and what the articles define.</summary>
    public IReadOnlyList<Abbreviation> Abbreviations => Current.Abbreviations;

    /// <summary>The abbreviations as analysed terms (short and long form each as the analyzer reads it), for ranking.</summary>
    internal IReadOnlyList<AbbreviationTerms> AbbreviationTerms
    {
        get
        {
            var state = Current;
            // Computed once per snapshot; two threads racing compute the same list.
            return state.AnalysedAbbreviations ??= state.Abbreviations
                .Select(a => new AbbreviationTerms(TextAnalysis.Terms(Analyzer, a.Short), TextAnalysis.Terms(Analyzer, a.Long)))
                .Where(a => a.Short.Count > 0 && a.Long.Count > 0 && !a.Short.SequenceEqual(a.Long))
                .ToList();
        }
    }

    /// <summary>Files that could not be read as articles at the last Open or Refresh.</summary>
    public IReadOnlyList<ArticleProblem> Problems => Current.Problems;

    /// <summary>True when the whole index was built from scratch when the library was opened.</summary>
    public bool Rebuilt { get; }

    /// <summary>How many files were parsed at the last Open or Refresh; 0 when the index was current.</summary>
    public int Reindexed => Current.Reindexed;

    public int SentenceCount => Current.SentenceCount;

    /// <summary>The article folder (a full path).</summary>
    public string Folder => _folder;

    /// <summary>The folder of the persistent index, or null when this library lives in memory only.</summary>
    public string? IndexPath { get; }

    private Snapshot Current => Volatile.Read(ref _state);

    internal static Similarity CreateSimilarity() => new BM25Similarity(1.2f, 0.75f);

    public ArticleInfo? Find(string id) => Current.ById.GetValueOrDefault(id);

    /// <summary>The hash of the indexed text (title and body) of an article, lower-case hex; null for an unknown id.</summary>
    public string? ContentHash(string articleId) => Current.Hashes.GetValueOrDefault(articleId);

    /// <summary>SHA-256 of the title and body: what decides whether an article's text changed.</summary>
    public static string ComputeContentHash(Article article)
    {
        // The separator keeps "AB" + "C" and "A" + "BC" apart.
        byte[] bytes = Encoding.UTF8.GetBytes(article.Info.Title + "\u0000" + article.Body);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The full article, parsed from its file on first use (the index keeps sentences, not whole bodies).</summary>
    public Article? LoadArticle(string id)
    {
        var state = Current;
        if (!state.ById.TryGetValue(id, out var info) || info.FilePath is null)
        {
            return null;
        }

        string? indexed = state.Hashes.GetValueOrDefault(id);
        if (_parsed.TryGetValue(id, out var cached) && cached.Hash == indexed)
        {
            return cached.Article;
        }

        var file = new FileInfo(info.FilePath);
        if (!file.Exists)
        {
            return null;
        }

        var result = ArticleLoader.Load(new ArticleFile(Path.GetFileName(info.FilePath), info.FilePath, file.Length, file.LastWriteTimeUtc.Ticks, id));
        if (result.Article is not { } article)
        {
            return null;
        }

        string hash = ComputeContentHash(article);
        if (hash != indexed)
        {
            // The file changed after the last refresh: show what it says now, but do not cache a text the index does not hold.
            return article;
        }

        if (_parsed.Count > 256)
        {
            _parsed.Clear(); // A small cache: summaries of a handful of articles at a time.
        }

        // The library's facts (AddedAt survives a re-save with the same text) go with the indexed text.
        article = article with { Info = info };
        _parsed[id] = (hash, article);
        return article;
    }

    /// <summary>Number of sentences containing <paramref name="term"/> (an analysed term).</summary>
    public int DocFrequency(string term)
    {
        var state = Acquire();
        try
        {
            return state.Reader.DocFreq(new Term(FieldText, term));
        }
        finally
        {
            state.Reader.DecRef();
        }
    }

    /// <summary>The analysed terms of <paramref name="text"/> (lower-cased, stemmed, stop words dropped), as the index holds them.</summary>
    public List<string> Terms(string text) => TextAnalysis.Terms(Analyzer, text);

    /// <summary>Articles with a sentence containing any word of <paramref name="words"/>, in library order.</summary>
    public IReadOnlyList<ArticleInfo> ArticlesMentioning(string words)
    {
        var query = new BooleanQuery();
        foreach (string term in Terms(words).Distinct())
        {
            query.Add(new TermQuery(new Term(FieldText, term)), Occur.SHOULD);
        }

        if (query.Clauses.Count == 0)
        {
            return Array.Empty<ArticleInfo>();
        }

        var ids = Search(query, 1000).Select(h => h.Article.Id).ToHashSet(StringComparer.Ordinal);
        return Articles.Where(a => ids.Contains(a.Id)).ToList();
    }

    /// <summary>The indexed sentences containing the analysed <paramref name="term"/>, best BM25 match first.</summary>
    public IReadOnlyList<SentenceHit> SentencesWithTerm(string term, int count) => Search(new TermQuery(new Term(FieldText, term)), count);

    /// <summary>The indexed sentences of one article.</summary>
    public IReadOnlyList<SentenceHit> SentencesOf(string articleId, int count) => Search(new TermQuery(new Term(FieldArticle, articleId)), count);

    internal IReadOnlyList<SentenceHit> Search(Query query, int count)
    {
        if (count <= 0 || Current.SentenceCount == 0)
        {
            return Array.Empty<SentenceHit>();
        }

        var state = Acquire();
        try
        {
            var top = state.Searcher.Search(query, count);
            var hits = new List<SentenceHit>(top.ScoreDocs.Length);
            foreach (var sd in top.ScoreDocs)
            {
                if (ReadHit(state, sd.Doc, sd.Score) is { } hit)
                {
                    hits.Add(hit);
                }
            }

            return hits;
        }
        finally
        {
            state.Reader.DecRef();
        }
    }

    /// <summary>The current snapshot with a reference on its reader; the caller must <c>DecRef</c> it.</summary>
    private Snapshot Acquire()
    {
        while (true)
        {
            var state = Current;
            if (state.Reader.TryIncRef())
            {
                return state;
            }

            // A refresh published a newer snapshot and closed this one's reader between the read and the
            // IncRef; the newer one is already visible. If nothing newer exists, the library was disposed.
            ObjectDisposedException.ThrowIf(ReferenceEquals(state, Current), this);
        }
    }

    private static SentenceHit? ReadHit(Snapshot state, int docId, float score)
    {
        var doc = state.Searcher.Doc(docId);
        string id = doc.Get(FieldArticle);
        if (!state.ById.TryGetValue(id, out var info))
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
            ReadNeighbour(doc, "next"))
        {
            ContentHash = state.Hashes.GetValueOrDefault(id),
        };
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
        if (indexPath is not null)
        {
            try
            {
                return OpenPersistent(fullFolder, indexPath, progress, ct);
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
        var empty = new Catalog(Catalog.CurrentVersion, fullFolder, new List<CatalogEntry>());
        var update = Update(memory, empty, ArticleLoader.ListFiles(fullFolder), progress, rebuilt: true, ct);
        return new ArticleLibrary(memory, fullFolder, DirectoryReader.Open(memory), update.Catalog, rebuilt: true, update.Reindexed, indexPath: null);
    }

    private static ArticleLibrary OpenPersistent(string folder, string indexPath, IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(indexPath);
        var catalog = Catalog.TryRead(CatalogPath(indexPath));
        var directory = FSDirectory.Open(new DirectoryInfo(Path.Combine(indexPath, "lucene")));
        try
        {
            bool usable = catalog is not null && catalog.Version == Catalog.CurrentVersion && catalog.Folder == folder && DirectoryReader.IndexExists(directory);
            var files = ArticleLoader.ListFiles(folder, usable ? IdsOf(catalog!) : null);
            if (usable && Unchanged(catalog!, files))
            {
                return new ArticleLibrary(directory, folder, DirectoryReader.Open(directory), catalog!, rebuilt: false, reindexed: 0, indexPath);
            }

            var previous = usable ? catalog! : new Catalog(Catalog.CurrentVersion, folder, new List<CatalogEntry>());
            var update = Update(directory, previous, files, progress, rebuilt: !usable, ct);
            update.Catalog.Write(CatalogPath(indexPath));
            return new ArticleLibrary(directory, folder, DirectoryReader.Open(directory), update.Catalog, rebuilt: !usable, update.Reindexed, indexPath);
        }
        catch
        {
            directory.Dispose(); // The caller falls back to memory; the lock file must not stay held.
            throw;
        }
    }

    /// <summary>
    /// Rescans the folder and brings the index up to date (new, changed and removed files; broken files are
    /// listed in <see cref="Problems"/> and skipped), then swaps the new state in for every later search.
    /// Searches already running finish on the state they started with. Concurrent calls run one after another.
    /// </summary>
    /// <returns>The articles added, the articles whose text changed, and the ids removed.</returns>
    public LibraryChanges Refresh(IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        lock (_refreshGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!System.IO.Directory.Exists(_folder))
            {
                // An unmounted share or a moved folder must not empty the library; the caller logs and retries.
                throw new DirectoryNotFoundException($"The article folder '{_folder}' does not exist.");
            }

            var current = Current;
            var files = ArticleLoader.ListFiles(_folder, IdsOf(current.Catalog));
            if (Unchanged(current.Catalog, files))
            {
                return LibraryChanges.None;
            }

            var update = Update(_directory, current.Catalog, files, progress, rebuilt: false, ct);
            if (IndexPath is not null)
            {
                update.Catalog.Write(CatalogPath(IndexPath));
            }

            var reader = DirectoryReader.OpenIfChanged(current.Reader);
            if (reader is null)
            {
                // Only file times changed: the new snapshot shares the reader and holds its own reference to it.
                current.Reader.IncRef();
                reader = current.Reader;
            }

            Volatile.Write(ref _state, new Snapshot(reader, update.Catalog, update.Reindexed));
            foreach (string id in update.Changes.Changed.Select(a => a.Id).Concat(update.Changes.Removed))
            {
                _parsed.TryRemove(id, out _);
            }

            // The library's own reference; the reader closes when the last search still reading it lets go.
            current.Reader.DecRef();
            return update.Changes;
        }
    }

    /// <summary>The files that differ from the current index (new, or a different size or time), as full paths.</summary>
    internal IReadOnlyList<string> PendingFiles()
    {
        var catalog = Current.Catalog;
        var known = catalog.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        return ArticleLoader.ListFiles(_folder, IdsOf(catalog))
            .Where(f => !known.TryGetValue(f.RelativePath, out var e) || e.Length != f.Length || e.Ticks != f.LastWriteTicks || e.Id != f.Id)
            .Select(f => f.FullPath)
            .ToList();
    }

    private static string CatalogPath(string indexPath) => Path.Combine(indexPath, "catalog.json");

    private static Dictionary<string, string> IdsOf(Catalog catalog) =>
        catalog.Entries.ToDictionary(e => e.Path, e => e.Id, StringComparer.Ordinal);

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

    private enum Outcome
    {
        Same,
        Added,
        Changed,
    }

    private sealed record UpdateResult(Catalog Catalog, int Reindexed, LibraryChanges Changes);

    private static UpdateResult Update(
        LuceneDirectory directory, Catalog previous, IReadOnlyList<ArticleFile> files, IProgress<IndexProgress>? progress, bool rebuilt, CancellationToken ct)
    {
        var byPath = previous.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        // Ids come from paths, so the article a file was is found by id: "a.txt" renamed "a.md" keeps id "a".
        var byId = rebuilt ? new Dictionary<string, CatalogEntry>() : previous.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var toIndex = new List<ArticleFile>();
        var entries = new CatalogEntry?[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            var f = files[i];
            if (!rebuilt && byPath.TryGetValue(f.RelativePath, out var e) && e.Length == f.Length && e.Ticks == f.LastWriteTicks && e.Id == f.Id)
            {
                entries[i] = e;
            }
            else
            {
                toIndex.Add(f);
            }
        }

        var current = new HashSet<string>(files.Select(f => f.Id), StringComparer.Ordinal);
        var removed = rebuilt ? new List<CatalogEntry>() : previous.Entries.Where(e => !current.Contains(e.Id)).ToList();
        var outcomes = new Outcome[files.Count];
        var config = new IndexWriterConfig(TextAnalysis.Version, TextAnalysis.CreateAnalyzer())
        {
            OpenMode = rebuilt ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            Similarity = CreateSimilarity(),
            RAMBufferSizeMB = 64,
        };

        var stopwatch = Stopwatch.StartNew();
        using (var writer = new IndexWriter(directory, config))
        {
            foreach (var gone in removed)
            {
                writer.DeleteDocuments(new Term(FieldArticle, gone.Id));
            }

            var index = files.Select((f, i) => (f, i)).ToDictionary(x => x.f.RelativePath, x => x.i, StringComparer.Ordinal);
            int done = 0;
            var lastReport = TimeSpan.Zero;
            progress?.Report(new IndexProgress(0, toIndex.Count, TimeSpan.Zero));
            Parallel.ForEach(toIndex, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
            {
                int i = index[file.RelativePath];
                var result = ArticleLoader.Load(file);
                var before = byId.GetValueOrDefault(file.Id);
                if (result.Article is { } article)
                {
                    string hash = ComputeContentHash(article);
                    if (before is { Info: { } oldInfo, Hash: { } oldHash } && oldHash == hash)
                    {
                        // Touched or re-saved with the same text: the indexed sentences are still right, and the
                        // article keeps the time it was added (front-matter facts are taken from the new parse).
                        entries[i] = new CatalogEntry(file.RelativePath, file.Length, file.LastWriteTicks, file.Id, article.Info with { AddedAt = oldInfo.AddedAt }, null, hash)
                        {
                            Abbreviations = PolicyBot.Core.Search.Abbreviations.Learn(article.Body),
                        };
                    }
                    else
                    {
                        if (before is not null)
                        {
                            writer.DeleteDocuments(new Term(FieldArticle, file.Id));
                        }

                        writer.AddDocuments(Documents(article));
                        entries[i] = new CatalogEntry(file.RelativePath, file.Length, file.LastWriteTicks, file.Id, article.Info, null, hash)
                        {
                            Abbreviations = PolicyBot.Core.Search.Abbreviations.Learn(article.Body),
                        };
                        outcomes[i] = before?.Info is null ? Outcome.Added : Outcome.Changed;
                    }
                }
                else if (before is { Info: not null })
                {
                    // A file that broke after it was indexed (caught mid-save, say) keeps its last good text
                    // searchable and is reported; it is updated again when the file next changes.
                    entries[i] = before with { Path = file.RelativePath, Length = file.Length, Ticks = file.LastWriteTicks, Problem = result.Error };
                }
                else
                {
                    entries[i] = new CatalogEntry(file.RelativePath, file.Length, file.LastWriteTicks, file.Id, null, result.Error);
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
        var changes = new LibraryChanges(
            Enumerable.Range(0, files.Count).Where(i => outcomes[i] == Outcome.Added).Select(i => entries[i]!.Info!).ToList(),
            Enumerable.Range(0, files.Count).Where(i => outcomes[i] == Outcome.Changed).Select(i => entries[i]!.Info!).ToList(),
            removed.Where(e => e.Info is not null).Select(e => e.Id).ToList());
        return new UpdateResult(catalog, toIndex.Count, changes);
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
        var state = Acquire();
        try
        {
            var top = state.Searcher.Search(new TermQuery(new Term(FieldKey, SentenceKey(articleId, sentenceIndex))), 1);
            return top.ScoreDocs.Length == 0 ? null : ReadHit(state, top.ScoreDocs[0].Doc, 0f);
        }
        finally
        {
            state.Reader.DecRef();
        }
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
        // Under the refresh lock, so a refresh never swaps in a reader after the directory is gone.
        lock (_refreshGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Current.Reader.DecRef();
            _directory.Dispose();
            Analyzer.Dispose();
        }
    }
}
