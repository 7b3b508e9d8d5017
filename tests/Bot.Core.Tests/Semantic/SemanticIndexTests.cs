using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Semantic;

public class SemanticIndexTests
{
    /// <summary>
    /// A deterministic stand-in for the model where only the bookkeeping is under test: a vector per
    /// distinct text (bag of letters), counting how many texts it was asked to encode.
    /// </summary>
    private sealed class CountingEncoder(string model = "counting") : ISentenceEncoder
    {
        public int Encoded { get; private set; }

        public string Model => model;

        public int Dimensions => 384;

        public float[] EncodeQuery(string question, CancellationToken ct) => Encode(new[] { question }, ct)[0];

        public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct)
        {
            Encoded += texts.Count;
            return texts.Select(t =>
            {
                var v = new float[Dimensions];
                foreach (char c in t.ToLowerInvariant())
                {
                    v[c % Dimensions] += 1;
                }

                float norm = MathF.Sqrt(v.Sum(x => x * x));
                return v.Select(x => norm > 0 ? x / norm : 0).ToArray();
            }).ToArray();
        }
    }

    private const string Tariffs = "---\ntitle: Tariffs\n---\nCanada will impose minimal tariffs on imported cars. The rule starts in March.\n";
    private const string Batteries = "---\ntitle: Batteries\n---\nTesla builds a battery cell factory in Nevada. It buys equipment from CATL.\n";

    [Fact]
    public async Task BuildAsync_EveryArticle_GetsOneVectorPerIndexedSentence()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        folder.Write("batteries.md", Batteries);
        using var library = folder.OpenLibrary();
        var encoder = new CountingEncoder();
        using var semantic = new SemanticIndex(library, encoder, path: null);

        Assert.Equal(2, semantic.MissingArticles);
        await semantic.BuildAsync(null, CancellationToken.None);

        Assert.True(semantic.IsComplete);
        Assert.Equal(library.SentenceCount, encoder.Encoded);
        Assert.NotNull(semantic.Similarity(new float[384], "batteries", 1));
        Assert.Null(semantic.Similarity(new float[384], "batteries", 2));
    }

    [Fact]
    public async Task Constructor_SavedVectorsOfUnchangedArticles_AreReusedWithoutEncoding()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        string batteries = folder.Write("batteries.md", Batteries);
        string vectors = Path.Combine(folder.Root, "vectors.bin");
        using (var library = folder.OpenLibrary(persistent: true))
        using (var first = new SemanticIndex(library, new CountingEncoder(), vectors))
        {
            await first.BuildAsync(null, CancellationToken.None);
        }

        // The text changed (a touch alone is no longer a change: vectors follow the content hash).
        File.WriteAllText(batteries, Batteries.Replace("Nevada", "Texas", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(batteries, DateTime.UtcNow.AddMinutes(1));
        using var reopened = folder.OpenLibrary(persistent: true);
        var encoder = new CountingEncoder();
        using var second = new SemanticIndex(reopened, encoder, vectors);

        Assert.Equal(1, second.MissingArticles);
        await second.BuildAsync(null, CancellationToken.None);
        Assert.Equal(2, encoder.Encoded); // Only the changed article's two sentences.
        Assert.True(second.IsComplete);
    }

    [Fact]
    public async Task BuildAsync_AfterARefresh_EncodesOnlyNewAndChangedArticlesAndPairsEveryVectorWithItsSentence()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        string batteries = folder.Write("batteries.md", Batteries);
        string vectors = Path.Combine(folder.Root, "vectors.bin");
        using var library = folder.OpenLibrary(persistent: true);
        var encoder = new CountingEncoder();
        using var semantic = new SemanticIndex(library, encoder, vectors);
        await semantic.BuildAsync(null, CancellationToken.None);
        var question = encoder.Encode(new[] { "Tesla builds a battery cell factory in Nevada." }, CancellationToken.None)[0];
        Assert.Equal(1f, semantic.Similarity(question, "batteries", 0)!.Value, 3);

        // The first sentence moves to second place: an old vector must not be matched with the new sentence 0.
        File.WriteAllText(batteries, "---\ntitle: Batteries\n---\nPanasonic supplies cells to the plant. Tesla builds a battery cell factory in Nevada. It buys equipment from CATL.\n");
        File.SetLastWriteTimeUtc(batteries, DateTime.UtcNow.AddMinutes(1));
        folder.Write("ports.md", "---\ntitle: Ports\n---\nThe port reopened on Monday.\n");
        var changes = library.Refresh(null, CancellationToken.None);
        Assert.Equal("batteries", Assert.Single(changes.Changed).Id);

        // Until re-encoded, the changed article falls back to words: no vector, no nearest sentence from it.
        Assert.Null(semantic.Similarity(question, "batteries", 0));
        Assert.DoesNotContain(semantic.Nearest(question, 10), n => n.ArticleId == "batteries");
        Assert.NotNull(semantic.Similarity(question, "tariffs", 0));
        Assert.Equal(2, semantic.MissingArticles);

        int before = encoder.Encoded;
        await semantic.BuildAsync(null, CancellationToken.None);

        Assert.Equal(4, encoder.Encoded - before); // three changed sentences and one new one; tariffs untouched
        Assert.True(semantic.IsComplete);
        var hit = library.FindSentence("batteries", 1)!;
        Assert.Equal("Tesla builds a battery cell factory in Nevada.", hit.Text);
        Assert.Equal(1f, semantic.Similarity(question, "batteries", 1, hit.ContentHash)!.Value, 3);
        Assert.Equal(("batteries", 1), semantic.Nearest(question, 1).Select(n => (n.ArticleId, n.SentenceIndex)).Single());
        Assert.Null(semantic.Similarity(question, "batteries", 1, "an older text")); // a hit read before the refresh

        // Restart: the saved vectors belong to the current texts and are reused as they are.
        using var reopened = new SemanticIndex(library, new CountingEncoder(), vectors);
        Assert.True(reopened.IsComplete);
    }

    [Fact]
    public async Task BuildAsync_AfterARefreshRemovedAnArticle_DropsItsVectors()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        string batteries = folder.Write("batteries.md", Batteries);
        using var library = folder.OpenLibrary();
        using var semantic = new SemanticIndex(library, new CountingEncoder(), path: null);
        await semantic.BuildAsync(null, CancellationToken.None);

        File.Delete(batteries);
        library.Refresh(null, CancellationToken.None);
        await semantic.BuildAsync(null, CancellationToken.None);

        Assert.Null(semantic.Similarity(new float[384], "batteries", 0));
        Assert.All(semantic.Nearest(new float[384], 10), n => Assert.Equal("tariffs", n.ArticleId));
        Assert.True(semantic.IsComplete);
    }

    [Fact]
    public async Task Constructor_VectorsSavedByAnotherModelOfTheSameWidth_AreNotLoaded()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        folder.Write("batteries.md", Batteries);
        string vectors = Path.Combine(folder.Root, "vectors.bin");
        using var library = folder.OpenLibrary(persistent: true);
        using (var first = new SemanticIndex(library, new CountingEncoder("all-MiniLM-L6-v2"), vectors))
        {
            await first.BuildAsync(null, CancellationToken.None);
        }

        // Same dimensions, same texts: only the model's name in the file tells the vectors apart.
        using var other = new SemanticIndex(library, new CountingEncoder("snowflake-arctic-embed-xs"), vectors);
        Assert.True(other.IsEmpty);
        Assert.Equal(2, other.MissingArticles);
        Assert.Null(other.Similarity(new float[384], "tariffs", 0));

        using var same = new SemanticIndex(library, new CountingEncoder("all-MiniLM-L6-v2"), vectors);
        Assert.True(same.IsComplete);
    }

    [Fact]
    public void Constructor_VectorFileFromBeforeModelsWereNamed_StartsEmpty()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        using var library = folder.OpenLibrary();
        var encoder = new CountingEncoder("all-MiniLM-L6-v2");
        var sentences = ArticleLibrary.IndexedSentences(library.LoadArticle("tariffs")!).Count;
        string vectors = Path.Combine(folder.Root, "vectors.bin");
        using (var writer = new BinaryWriter(File.Create(vectors)))
        {
            // The old layout: "PBV2", dimensions, then the articles, with no model name.
            writer.Write(0x32565042u);
            writer.Write(384);
            writer.Write(1);
            writer.Write("tariffs");
            writer.Write(library.ContentHash("tariffs")!);
            writer.Write(sentences);
            writer.Write(new byte[sentences * 384 * 2]);
        }

        using var semantic = new SemanticIndex(library, encoder, vectors);

        Assert.True(semantic.IsEmpty);
        Assert.Equal(1, semantic.MissingArticles);
    }

    [Fact]
    public async Task EncodeQuestion_UsesTheEncodersQueryEncoding()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        using var library = folder.OpenLibrary();
        var encoder = new PrefixingEncoder();
        using var semantic = new SemanticIndex(library, encoder, path: null);
        await semantic.BuildAsync(null, CancellationToken.None);

        semantic.EncodeQuestion("When does the rule start?", CancellationToken.None);

        Assert.Equal(new[] { "query: When does the rule start?" }, encoder.Queries);
        Assert.DoesNotContain(encoder.Passages, p => p.StartsWith("query: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nearest_ArcticXs_FindsTheParaphrasedSentence()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        folder.Write("batteries.md", Batteries);
        using var library = folder.OpenLibrary();
        using var semantic = new SemanticIndex(library, ArcticXsSentenceEncoder.Shared, path: null);
        await semantic.BuildAsync(null, CancellationToken.None);

        var nearest = semantic.Nearest(semantic.EncodeQuestion("Where is the electric car maker putting up a plant?", CancellationToken.None), 4);

        Assert.Equal(("batteries", 0), (nearest[0].ArticleId, nearest[0].SentenceIndex));
        Assert.Equal("snowflake-arctic-embed-xs", semantic.Model);
    }

    [Fact]
    public void EncodeQuery_ArcticXs_PutsTheQueryInstructionBeforeTheQuestionOnly()
    {
        var encoder = ArcticXsSentenceEncoder.Shared;
        const string question = "Who supplies Tesla's factory?";

        var asQuery = encoder.EncodeQuery(question, CancellationToken.None);
        var asPassage = encoder.Encode(new[] { question, ArcticXsSentenceEncoder.QueryPrefix + question }, CancellationToken.None);

        Assert.Equal(384, asQuery.Length);
        Assert.Equal(1f, asQuery.Sum(x => x * x), 3);
        Assert.Equal(1f, Dot(asQuery, asPassage[1]), 4);
        Assert.True(Dot(asQuery, asPassage[0]) < 0.999f);
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    /// <summary>Records what it was asked to encode as passages and as questions.</summary>
    private sealed class PrefixingEncoder : ISentenceEncoder
    {
        private readonly CountingEncoder _inner = new("prefixing");

        public List<string> Passages { get; } = new();

        public List<string> Queries { get; } = new();

        public string Model => "prefixing";

        public int Dimensions => 384;

        public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct)
        {
            Passages.AddRange(texts);
            return _inner.Encode(texts, ct);
        }

        public float[] EncodeQuery(string question, CancellationToken ct)
        {
            Queries.Add("query: " + question);
            return _inner.Encode(new[] { "query: " + question }, ct)[0];
        }
    }

    [Fact]
    public void Constructor_DamagedVectorFile_StartsEmpty()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        string vectors = Path.Combine(folder.Root, "vectors.bin");
        File.WriteAllBytes(vectors, new byte[] { 0x42, 0x50, 0x56, 0x31, 1, 2 });
        using var library = folder.OpenLibrary();

        using var semantic = new SemanticIndex(library, new CountingEncoder(), vectors);

        Assert.True(semantic.IsEmpty);
        Assert.Equal(1, semantic.MissingArticles);
    }

    [Fact]
    public async Task Nearest_ReturnsTheClosestSentencesBestFirst()
    {
        using var folder = new TempArticleFolder();
        folder.Write("tariffs.md", Tariffs);
        folder.Write("batteries.md", Batteries);
        using var library = folder.OpenLibrary();
        using var semantic = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, path: null);
        await semantic.BuildAsync(null, CancellationToken.None);

        var nearest = semantic.Nearest(semantic.EncodeQuestion("Where is the electric car maker putting up a plant?", CancellationToken.None), 4);

        Assert.Equal(4, nearest.Count);
        Assert.Equal(("batteries", 0), (nearest[0].ArticleId, nearest[0].SentenceIndex));
        Assert.True(nearest.Zip(nearest.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task Answer_ParaphraseWithFewSharedWords_IsAnsweredWithMeaningButNotWithWordsAlone()
    {
        using var folder = new TempArticleFolder();
        folder.AddSeed();
        using var library = folder.OpenLibrary();
        using var semantic = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, path: null);
        await semantic.BuildAsync(null, CancellationToken.None);
        const string question = "How high are the tariffs Canada will put on Chinese electric cars?";

        var wordsOnly = new QuestionAnswerer(library, new AnswerOptions()).Answer(question);
        var withMeaning = new QuestionAnswerer(library, new AnswerOptions(), semantic).Answer(question);

        Assert.False(wordsOnly.Answered);
        Assert.True(withMeaning.Answered);
        Assert.Contains("minimal tariffs", withMeaning.Passages[0].Text);
    }

    [Theory]
    [InlineData(false, 200_000)]
    [InlineData(true, 10)]
    public async Task Answer_MeaningSwitchedOffOrCollectionTooLarge_AnswersByWordsAlone(bool semantic, int maxSentences)
    {
        using var folder = new TempArticleFolder();
        folder.AddSeed();
        using var library = folder.OpenLibrary();
        using var index = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, path: null);
        await index.BuildAsync(null, CancellationToken.None);
        var options = new AnswerOptions { Semantic = semantic, SemanticMaxSentences = maxSentences };

        var result = new QuestionAnswerer(library, options, index).Answer("How high are the tariffs Canada will put on Chinese electric cars?");

        Assert.False(result.Answered);
    }
}
