using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolicyBot.Core.Feedback;

/// <summary>A passage the person was shown, by where it sits.</summary>
public sealed record FeedbackPassage(string ArticleId, int Paragraph);

/// <summary>A person's verdict on an answer, kept with the question and the passages shown, for review.</summary>
public sealed record FeedbackEntry(DateTimeOffset At, string Platform, string User, string Question, IReadOnlyList<FeedbackPassage> Passages, bool Helpful);

/// <summary>
/// Appends feedback as JSON Lines to one file (<c>Feedback:Path</c>, default
/// <c>policybot-feedback.jsonl</c>), one entry a line, so a reviewer can read or load it anywhere.
/// Writes are serialised; a failure to write is the caller's to log, never a lost answer.
/// </summary>
public sealed class FeedbackLog : IFeedbackStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public FeedbackLog(string path)
    {
        _path = Path.GetFullPath(path);
    }

    public string FilePath => _path;

    public async Task RecordAsync(FeedbackEntry entry, CancellationToken ct)
    {
        string line = JsonSerializer.Serialize(entry, Json) + "\n";
        await _gate.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            await File.AppendAllTextAsync(_path, line, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<IReadOnlyList<FeedbackEntry>> ReadAllAsync(CancellationToken ct) => Task.FromResult(ReadAll());

    public void Dispose() => _gate.Dispose();

    public IReadOnlyList<FeedbackEntry> ReadAll() =>
        File.Exists(_path)
            ? File.ReadLines(_path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<FeedbackEntry>(l, Json)!).ToList()
            : Array.Empty<FeedbackEntry>();
}
