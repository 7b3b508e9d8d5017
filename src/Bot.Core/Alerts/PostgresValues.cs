using Npgsql;
using NpgsqlTypes;

namespace PolicyBot.Core.Alerts;

/// <summary>How <see cref="PostgresAlertStore"/> turns values into PostgreSQL parameters and back.</summary>
internal static class PostgresValues
{
    /// <summary>
    /// A <c>timestamptz</c> parameter. Npgsql writes only UTC DateTimeOffsets to <c>timestamptz</c>, so the caller's
    /// offset is dropped here; the instant is unchanged, and record equality compares instants.
    /// </summary>
    public static void AddTime(this NpgsqlCommand command, string name, DateTimeOffset value) =>
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>(name, NpgsqlDbType.TimestampTz) { TypedValue = value.ToUniversalTime() });

    public static void AddTimeOrNull(this NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value });

    /// <summary>A text parameter whose type is stated, so a null is sent typed rather than left for PostgreSQL to guess.</summary>
    public static void AddText(this NpgsqlCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    public static void AddInteger(this NpgsqlCommand command, string name, int? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value });

    public static void AddBigint(this NpgsqlCommand command, string name, long value) =>
        command.Parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    public static void AddChannel(this NpgsqlCommand command, ChannelRef channel)
    {
        command.AddText("platform", channel.Platform);
        command.AddText("channel", channel.ChannelId);
    }

    public static DateTimeOffset ReadTime(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? ReadTimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static string? ReadStringOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>States are stored by name, as in the SQLite store, so both read plainly and the CHECK lists them.</summary>
    public static string State(AlertState state) => SqliteValues.State(state);
}
