using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PolicyBot.Core.Alerts;

/// <summary>How <see cref="SqliteAlertStore"/> turns values into SQLite ones and back.</summary>
internal static class SqliteValues
{
    /// <summary>
    /// UTC, fixed width, to the tick: text order is time order (so SQL can compare times as text) and a
    /// DateTimeOffset read back equals the one written.
    /// </summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Time(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static object TimeOrNull(DateTimeOffset? value) => value is { } v ? Time(v) : DBNull.Value;

    public static DateTimeOffset ReadTime(SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ReadTimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static string? ReadStringOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static object OrNull(string? value) => value is null ? DBNull.Value : value;

    public static object OrNull(int? value) => value is { } v ? v : DBNull.Value;

    /// <summary>States are stored by name so the file reads plainly in the sqlite3 shell.</summary>
    public static string State(AlertState state) => state switch
    {
        AlertState.Pending => "Pending",
        AlertState.Sending => "Sending",
        AlertState.Sent => "Sent",
        AlertState.Failed => "Failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <inheritdoc cref="AlertTopics.Display"/>
    public static string? Topic(string? topic) => AlertTopics.Display(topic);

    /// <inheritdoc cref="AlertTopics.Key"/>
    public static string TopicKey(string? topic) => AlertTopics.Key(topic);
}
