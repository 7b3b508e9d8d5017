using System.Diagnostics;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>A configuration of the answerer under test, by name.</summary>
internal sealed record NamedAnswerer(string Name, QuestionAnswerer Answerer);

/// <summary>
/// The answerers a quality run compares over one library: words only (always) and, with
/// <c>--semantic</c>, words plus meaning (a <see cref="SemanticIndex"/> of the chosen encoder, built
/// first). Where asked, also two "meaning alone" rankers that say how good the vectors are by themselves,
/// whatever the ranking weights: the same candidates ordered by meaning similarity only, and the sentences
/// nearest in meaning out of the whole collection (dense retrieval).
/// </summary>
internal sealed class AnswererSet : IDisposable
{
    // The meaning similarity alone; every other weight zero.
    private static readonly RankingWeights MeaningOnly = new(RankingFeatures.Names.Select(n => n == "meaning" ? 1.0 : 0.0).ToArray());

    private readonly SemanticIndex? _semantic;

    private AnswererSet(IReadOnlyList<NamedAnswerer> all, SemanticIndex? semantic, double vectorSeconds)
    {
        All = all;
        _semantic = semantic;
        VectorSeconds = vectorSeconds;
    }

    public IReadOnlyList<NamedAnswerer> All { get; }

    /// <summary>Seconds spent computing the vectors that were missing (0 when they were all kept from an earlier run).</summary>
    public double VectorSeconds { get; }

    /// <param name="vectorsPath">Where the meaning vectors are kept between runs (null: in memory only).</param>
    /// <param name="meaningAlone">Also the two meaning-alone rankers (for retrieval figures; their confidence is the bot's).</param>
    public static async Task<AnswererSet> CreateAsync(ArticleLibrary library, bool semantic, CancellationToken ct, string? vectorsPath = null, SentenceEncoderKind encoder = SentenceEncoderKind.MiniLM, bool meaningAlone = false)
    {
        var words = new NamedAnswerer("PolicyBot, words", new QuestionAnswerer(library, new AnswerOptions { Semantic = false }));
        if (!semantic)
        {
            return new AnswererSet([words], null, 0);
        }

        var index = new SemanticIndex(library, SentenceEncoders.Shared(encoder), vectorsPath);
        try
        {
            int missing = index.MissingArticles;
            Report.Progress($"{encoder} meaning vectors for {library.SentenceCount} sentences ({missing} articles to compute)");
            var watch = Stopwatch.StartNew();
            await index.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
            double seconds = missing > 0 ? watch.Elapsed.TotalSeconds : 0;
            if (missing > 0)
            {
                Report.Note($"{index.Model} vectors for {missing} articles computed in {Report.Fixed(seconds, 1)} s" + (missing == library.Articles.Count ? $" ({Report.Fixed(library.SentenceCount / Math.Max(seconds, 1e-9), 0)} sentences/s)." : "."));
            }

            string model = encoder.ToString();
            var options = new AnswerOptions { Semantic = true, Encoder = encoder.ToString() };
            var all = new List<NamedAnswerer>
            {
                words,
                new($"PolicyBot, words + meaning ({model})", new QuestionAnswerer(library, options, index)),
            };
            if (meaningAlone)
            {
                all.Add(new($"meaning alone ({model}): the same candidates by similarity", new QuestionAnswerer(library, options, index, MeaningOnly)));
                // One word-matched candidate (the minimum) beside the 50 nearest: its meaning ranks it 51st unless it
                // is among the nearest anyway, so the top 10 are exactly the nearest sentences of the collection.
                var nearest = new AnswerOptions { Semantic = true, Encoder = encoder.ToString(), Candidates = 1, SemanticCandidates = 50 };
                all.Add(new($"meaning alone ({model}): nearest of all sentences", new QuestionAnswerer(library, nearest, index, MeaningOnly)));
            }

            return new AnswererSet(all, index, seconds);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => _semantic?.Dispose();
}
