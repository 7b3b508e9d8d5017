using System.Text.Json;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Storage;

/// <summary><see cref="IFeedbackStore"/>: every replica's "Helpful" / "Not helpful" verdicts in one table.</summary>
public sealed partial class SqlStore
{
    public async Task RecordAsync(FeedbackEntry entry, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var session = await WriteAsync(severalStatements: false, ct);
        await session.ExecuteAsync("""
            INSERT INTO feedback (at, platform, user_id, question, passages, helpful)
            VALUES (@at, @platform, @user, @question, @passages, @helpful);
            """, ct,
            _dialect.Time("@at", entry.At), _dialect.Text("@platform", entry.Platform), _dialect.Text("@user", entry.User),
            _dialect.Text("@question", entry.Question), _dialect.Json("@passages", JsonSerializer.Serialize(entry.Passages)),
            _dialect.Bool("@helpful", entry.Helpful));
        await session.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<FeedbackEntry>> ReadAllAsync(CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        await using var select = session.Command("SELECT at, platform, user_id, question, passages, helpful FROM feedback ORDER BY id;");
        var entries = new List<FeedbackEntry>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var passages = JsonSerializer.Deserialize<List<FeedbackPassage>>(reader.GetString(4)) ?? [];
            entries.Add(new FeedbackEntry(
                _dialect.ReadTime(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3), passages, _dialect.ReadBool(reader, 5)));
        }

        return entries;
    }
}
