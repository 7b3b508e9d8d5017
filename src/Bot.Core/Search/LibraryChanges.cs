using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Search;

/// <summary>
/// What a refresh of the library found: articles new to it, articles whose text changed (a file touched or re-saved
/// with the same text is not a change), and ids that are gone.
/// </summary>
public sealed record LibraryChanges(IReadOnlyList<ArticleInfo> Added, IReadOnlyList<ArticleInfo> Changed, IReadOnlyList<string> Removed)
{
    public static readonly LibraryChanges None = new(Array.Empty<ArticleInfo>(), Array.Empty<ArticleInfo>(), Array.Empty<string>());

    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Removed.Count == 0;
}

/// <summary>Told about every refresh that changed the library (the alert planner listens).</summary>
public interface ILibraryChangeListener
{
    Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct);
}
