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
/// first). Where asked, also a "meaning alone" ranker that says how good the vectors are by themselves,
/// whatever the ranking weights: the candidates ordered by meaning similarity only.
/// </summary>
internal sealed class AnswererSet : IDisposable
{
    // The meaning similarity alone; every other weight zero.
    private static readonly RankingWeights MeaningOnly = new(RankingFeatures.Names.Select(n => n == "meaning" ? 1.0 : 0.0).ToArray());

    // `tune --encoder arcticxs` fitted on all SQuAD v1.1 dev-half questions (2026-12-04): ArcticXs's cosines spread
    // over a narrower band than MiniLM's, so its meaning needs about 3.5 times the weight. A measurement only: the
    // bot's weights (RankingWeights.WithMeaning) stay fitted for MiniLM.
    private static readonly RankingWeights RefittedForArcticXs = new(new[] { 0, 0.3, 0.525, 0, 0.125, 1.675, 0.225, 0.1, 0, 0.2, 0 });

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
    /// <param name="meaningAlone">Also the meaning-alone ranker (for retrieval figures; their confidence is the bot's).</param>
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
            if (meaningAlone && encoder == SentenceEncoderKind.ArcticXs)
            {
                all.Add(new($"PolicyBot, words + meaning ({model}), weights refitted for it on SQuAD", new QuestionAnswerer(library, options, index, RefittedForArcticXs)));
            }

            if (meaningAlone)
            {
                // The 15 sentences nearest in meaning are always among the candidates, so ordering the candidates by
                // similarity alone gives exactly the collection's nearest sentences for the top 10: dense retrieval.
                all.Add(new($"meaning alone ({model}): nearest sentences by similarity", new QuestionAnswerer(library, options, index, MeaningOnly)));
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
