using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Semantic;

/// <summary>
/// One meaning vector per indexed sentence, so that paraphrased questions find sentences that share
/// few of their words. Vectors are computed in batches (about 60 sentences a second on two cores),
/// kept in memory as half-precision floats, and saved beside the Lucene index so a restart reuses
/// them. Each article's vectors carry the content hash of the text they were computed from and are
/// used only while the library holds that same text: after a refresh changes an article, its old
/// vectors are ignored at once (and dropped at the next <see cref="BuildAsync"/>), so a vector is never
/// paired with another text's sentence. Until every article has vectors, the answerer uses the ones
/// that exist and falls back to words alone for the rest. The file names the model that computed the
/// vectors and is read only by an encoder of that model.
/// </summary>
public sealed class SemanticIndex : IDisposable
{
    private const uint Magic = 0x33565042; // "PBV3": the model's name (PBV2 had none: one model only; PBV1 held file times)
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(30);

    private readonly ArticleLibrary _library;
    private readonly ISentenceEncoder _encoder;
    private readonly string? _path;
    private readonly ConcurrentDictionary<string, ArticleVectors> _vectors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, float[]> _questions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _buildGate = new(1, 1);

    public SemanticIndex(ArticleLibrary library, ISentenceEncoder encoder, string? path)
    {
        _library = library;
        _encoder = encoder;
        _path = path;
        if (_path is not null)
        {
            Load(_path);
        }
    }

    // Floats in memory for fast SIMD dot products; half precision on disk, where size matters more.
    private sealed record ArticleVectors(string Hash, int Count, float[] Data);

    public int Dimensions => _encoder.Dimensions;

    /// <summary>The model whose vectors these are (<see cref="ISentenceEncoder.Model"/>).</summary>
    public string Model => _encoder.Model;

    /// <summary>Articles of the library whose sentences have no vectors yet.</summary>
    public int MissingArticles => _library.Articles.Count(a => !Has(a));

    public bool IsComplete => _library.Articles.All(Has);

    public bool IsEmpty => _vectors.IsEmpty;

    public float[] EncodeQuestion(string question, CancellationToken ct)
    {
        if (_questions.TryGetValue(question, out var cached))
        {
            return cached;
        }

        if (_questions.Count > 10_000)
        {
            _questions.Clear();
        }

        return _questions[question] = _encoder.EncodeQuery(question, ct);
    }

    /// <summary>Cosine similarity of a question vector and a sentence, or null when that sentence has no vector yet.</summary>
    public float? Similarity(float[] question, string articleId, int sentenceIndex) => Similarity(question, articleId, sentenceIndex, contentHash: null);

    /// <summary>
    /// As above, for a sentence read from the text with <paramref name="contentHash"/> (a hit's
    /// <see cref="SentenceHit.ContentHash"/>): a search that started before a refresh then gets no vector
    /// rather than one computed for the article's newer text. Null: the library's current text.
    /// </summary>
    public float? Similarity(float[] question, string articleId, int sentenceIndex, string? contentHash)
    {
        if (!_vectors.TryGetValue(articleId, out var v) || sentenceIndex < 0 || sentenceIndex >= v.Count
            || v.Hash != (contentHash ?? _library.ContentHash(articleId)))
        {
            return null;
        }

        return Dot(question, v.Data, sentenceIndex * Dimensions);
    }

    /// <summary>The <paramref name="count"/> sentences closest in meaning to the question (a full scan; fast up to a few hundred thousand sentences).</summary>
    public IReadOnlyList<(string ArticleId, int SentenceIndex, float Score)> Nearest(float[] question, int count, IReadOnlySet<string>? articles = null)
    {
        var best = new PriorityQueue<(string, int, float), float>();
        foreach (var (id, v) in _vectors)
        {
            if ((articles is not null && !articles.Contains(id)) || v.Hash != _library.ContentHash(id))
            {
                continue; // Not asked for, or computed for a text the library no longer holds.
            }

            for (int i = 0; i < v.Count; i++)
            {
                float score = Dot(question, v.Data, i * Dimensions);
                if (best.Count < count)
                {
                    best.Enqueue((id, i, score), score);
                }
                else if (score > best.Peek().Item3)
                {
                    best.DequeueEnqueue((id, i, score), score);
                }
            }
        }

        var result = new List<(string, int, float)>(best.Count);
        while (best.Count > 0)
        {
            result.Add(best.Dequeue());
        }

        result.Reverse();
        return result;
    }

    /// <summary>Computes vectors for every article that lacks them, saving progress as it goes. Safe to call repeatedly.</summary>
    public async Task BuildAsync(IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        await _buildGate.WaitAsync(ct);
        try
        {
            await Task.Run(() => Build(progress, ct), ct);
        }
        finally
        {
            _buildGate.Release();
        }
    }

    private void Build(IProgress<IndexProgress>? progress, CancellationToken ct)
    {
        bool dropped = false;
        foreach (var (id, v) in _vectors.ToList())
        {
            if (v.Hash != _library.ContentHash(id))
            {
                // Removed or changed since: never used again (the hash check), and not worth saving.
                dropped |= _vectors.TryRemove(new KeyValuePair<string, ArticleVectors>(id, v));
            }
        }

        var missing = _library.Articles.Where(a => !Has(a)).ToList();
        var stopwatch = Stopwatch.StartNew();
        var lastSave = TimeSpan.Zero;
        int done = 0;
        progress?.Report(new IndexProgress(0, missing.Count, TimeSpan.Zero));
        foreach (var info in missing)
        {
            ct.ThrowIfCancellationRequested();
            var article = _library.LoadArticle(info.Id);
            if (article is not null)
            {
                var sentences = ArticleLibrary.IndexedSentences(article).Select(s => article.TextOf(s.Span)).ToList();
                var encoded = _encoder.Encode(sentences, ct);
                var data = new float[sentences.Count * Dimensions];
                for (int i = 0; i < encoded.Length; i++)
                {
                    encoded[i].CopyTo(data, i * Dimensions);
                }

                // Tagged with the text actually encoded: if the file changed again after the last refresh,
                // these vectors wait unused until the library indexes that same text.
                _vectors[info.Id] = new ArticleVectors(ArticleLibrary.ComputeContentHash(article), sentences.Count, data);
            }

            done++;
            progress?.Report(new IndexProgress(done, missing.Count, stopwatch.Elapsed));
            if (_path is not null && stopwatch.Elapsed - lastSave > SaveInterval)
            {
                Save(_path);
                lastSave = stopwatch.Elapsed;
            }
        }

        if (_path is not null && (missing.Count > 0 || dropped))
        {
            Save(_path);
        }
    }

    private bool Has(Articles.ArticleInfo info) =>
        _vectors.TryGetValue(info.Id, out var v) && v.Hash == _library.ContentHash(info.Id);

    private static float Dot(float[] q, float[] data, int offset)
    {
        // The model's 384 dimensions are a whole number of SIMD vectors on every x64/ARM width.
        var a = MemoryMarshal.Cast<float, Vector<float>>(q.AsSpan());
        var b = MemoryMarshal.Cast<float, Vector<float>>(data.AsSpan(offset, q.Length));
        var acc = Vector<float>.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            acc += a[i] * b[i];
        }

        float sum = Vector.Sum(acc);
        for (int d = a.Length * Vector<float>.Count; d < q.Length; d++)
        {
            sum += q[d] * data[offset + d];
        }

        return sum;
    }

    public void Dispose() => _buildGate.Dispose();

    private void Load(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return;
            }

            using var reader = new BinaryReader(File.OpenRead(path));
            // Another model's vectors (or a file from before models were named) would pair sentences with
            // meaningless similarities: start empty and compute this model's own.
            if (reader.ReadUInt32() != Magic || reader.ReadString() != Model || reader.ReadInt32() != Dimensions)
            {
                return;
            }

            int articles = reader.ReadInt32();
            for (int a = 0; a < articles; a++)
            {
                string id = reader.ReadString();
                string hash = reader.ReadString();
                int count = reader.ReadInt32();
                var data = new float[count * Dimensions];
                var bytes = reader.ReadBytes(data.Length * 2);
                if (bytes.Length != data.Length * 2)
                {
                    throw new EndOfStreamException();
                }

                var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes);
                for (int i = 0; i < data.Length; i++)
                {
                    data[i] = (float)halves[i];
                }
                if (_library.ContentHash(id) == hash)
                {
                    _vectors[id] = new ArticleVectors(hash, count, data);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            _vectors.Clear(); // A damaged file is rebuilt, never trusted in part.
        }
    }

    private void Save(string path)
    {
        string temp = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temp)))
        {
            var snapshot = _vectors.ToArray();
            writer.Write(Magic);
            writer.Write(Model);
            writer.Write(Dimensions);
            writer.Write(snapshot.Length);
            foreach (var (id, v) in snapshot)
            {
                writer.Write(id);
                writer.Write(v.Hash);
                writer.Write(v.Count);
                var halves = new Half[v.Data.Length];
                for (int i = 0; i < halves.Length; i++)
                {
                    halves[i] = (Half)v.Data[i];
                }

                writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(halves.AsSpan()));
            }
        }

        File.Move(temp, path, overwrite: true);
    }
}
