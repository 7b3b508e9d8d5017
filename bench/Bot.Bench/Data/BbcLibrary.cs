using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Data;

/// <summary>
/// The BBC collection written out and indexed as the bot would index a folder of it. With a work folder
/// (<c>--work</c>) the files, the index and the meaning vectors are kept, so a second run starts at once.
/// </summary>
internal static class BbcLibrary
{
    /// <summary>Opens (and, when needed, writes and indexes) the collection under <paramref name="folder"/>.</summary>
    public static ArticleLibrary Open(BbcCollection collection, string folder, CancellationToken ct)
    {
        string articles = Path.Combine(folder, "articles");
        if (!Directory.Exists(articles) || Directory.EnumerateFiles(articles, "*.md", SearchOption.AllDirectories).Count() != collection.Articles.Count)
        {
            if (Directory.Exists(articles))
            {
                Directory.Delete(articles, recursive: true);
            }

            collection.WriteFolder(articles);
        }

        var library = ArticleLibrary.Open(articles, Path.Combine(folder, "index"), progress: null, NullLogger.Instance, ct);
        if (library.Problems.Count > 0)
        {
            library.Dispose();
            throw new InvalidDataException($"BBC articles failed to parse: {string.Join("; ", library.Problems.Select(p => $"{p.Path}: {p.Reason}"))}");
        }

        return library;
    }

    /// <summary>Where the <paramref name="encoder"/> vectors of the library under <paramref name="folder"/> are kept (the bot's file name for that model).</summary>
    public static string VectorsPath(string folder, SentenceEncoderKind encoder) => Path.Combine(folder, SentenceEncoders.VectorsFileName(encoder));
}
