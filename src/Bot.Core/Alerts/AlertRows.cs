using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// Reading outbox and feedback rows, the same for the SQLite and PostgreSQL stores: only how each database keeps a
/// time differs, and the store passes that in.
/// </summary>
internal static class AlertRows
{
    /// <summary>The outbox columns every alert query selects, in the order <see cref="ReadAlertsAsync"/> reads them.</summary>
    public const string Columns =
        "id, article_id, content_hash, platform, channel_id, topic, matched_sentence, matched_paragraph, "
        + "state, attempts, created_at, next_attempt_at, claimed_at, last_error";

    /// <summary>The feedback columns, in the order <see cref="ReadFeedbackAsync"/> reads them (passages as JSON text).</summary>
    public const string FeedbackColumns = "at, platform, user_id, question, passages, helpful";

    public static async Task<List<OutboxAlert>> ReadAlertsAsync(DbCommand select, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken ct)
    {
        var result = new List<OutboxAlert>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new OutboxAlert(
                Id: reader.GetInt64(0),
                ArticleId: reader.GetString(1),
                ContentHash: reader.GetString(2),
                Channel: new ChannelRef(reader.GetString(3), reader.GetString(4)),
                Topic: StringOrNull(reader, 5),
                MatchedSentence: StringOrNull(reader, 6),
                MatchedParagraph: reader.IsDBNull(7) ? null : reader.GetInt32(7),
                State: Enum.Parse<AlertState>(reader.GetString(8), ignoreCase: false),
                Attempts: reader.GetInt32(9),
                CreatedAt: readTime(reader, 10),
                NextAttemptAt: readTime(reader, 11),
                ClaimedAt: reader.IsDBNull(12) ? null : readTime(reader, 12),
                LastError: StringOrNull(reader, 13)));
        }

        return result;
    }

    public static async Task<IReadOnlyList<FeedbackEntry>> ReadFeedbackAsync(DbCommand select, Func<DbDataReader, int, DateTimeOffset> readTime, CancellationToken ct)
    {
        var entries = new List<FeedbackEntry>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var passages = JsonSerializer.Deserialize<List<FeedbackPassage>>(reader.GetString(4)) ?? [];
            // SQLite keeps the verdict as 0/1, PostgreSQL as a boolean.
            bool helpful = Convert.ToBoolean(reader.GetValue(5), CultureInfo.InvariantCulture);
            entries.Add(new FeedbackEntry(readTime(reader, 0), reader.GetString(1), reader.GetString(2), reader.GetString(3), passages, helpful));
        }

        return entries;
    }

    private static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
