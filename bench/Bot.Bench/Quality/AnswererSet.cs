using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>A configuration of the answerer under test, by name.</summary>
internal sealed record NamedAnswerer(string Name, QuestionAnswerer Answerer);

/// <summary>
/// The answerers a quality run compares over one library: words only (always) and, with
/// <c>--semantic</c>, words plus meaning (an in-memory MiniLM <see cref="SemanticIndex"/> built first).
/// </summary>
internal sealed class AnswererSet : IDisposable
{
    private readonly SemanticIndex? _semantic;

    private AnswererSet(IReadOnlyList<NamedAnswerer> all, SemanticIndex? semantic)
    {
        All = all;
        _semantic = semantic;
    }

    public IReadOnlyList<NamedAnswerer> All { get; }

    /// <param name="vectorsPath">Where the meaning vectors are kept between runs (null: in memory only).</param>
    public static async Task<AnswererSet> CreateAsync(ArticleLibrary library, bool semantic, CancellationToken ct, string? vectorsPath = null)
    {
        var words = new NamedAnswerer("PolicyBot, words", new QuestionAnswerer(library, new AnswerOptions { Semantic = false }));
        if (!semantic)
        {
            return new AnswererSet([words], null);
        }

        var index = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, vectorsPath);
        try
        {
            Report.Progress($"meaning vectors for {library.SentenceCount} sentences ({index.MissingArticles} articles to compute)");
            await index.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
            var meaning = new NamedAnswerer("PolicyBot, words + meaning", new QuestionAnswerer(library, new AnswerOptions { Semantic = true }, index));
            return new AnswererSet([words, meaning], index);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    public void Dispose() => _semantic?.Dispose();
}
