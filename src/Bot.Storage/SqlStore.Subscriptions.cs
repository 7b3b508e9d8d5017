using System.Data.Common;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage;

/// <summary><see cref="ISubscriptionStore"/>: subscriptions and paused channels.</summary>
public sealed partial class SqlStore
{
    private const string SubscriptionColumns = "id, platform, channel_id, topic, created_by, created_at";

    public async Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(user);
        await using var session = await WriteAsync(severalStatements: false, ct);
        int added = await session.ExecuteAsync("""
            INSERT INTO subscriptions (platform, channel_id, topic, topic_key, created_by, created_at)
            VALUES (@platform, @channel, @topic, @key, @user, @at)
            ON CONFLICT (platform, channel_id, topic_key) DO NOTHING;
            """, ct,
            [.. Channel(channel), _dialect.Text("@topic", AlertTopics.Display(topic)), _dialect.Text("@key", AlertTopics.Key(topic)),
             _dialect.Text("@user", user), _dialect.Time("@at", at)]);
        await session.CommitAsync(ct);
        return added == 1;
    }

    public async Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var session = await WriteAsync(severalStatements: false, ct);
        int removed = topic is null
            ? await session.ExecuteAsync("DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel;", ct, Channel(channel))
            : await session.ExecuteAsync("DELETE FROM subscriptions WHERE platform = @platform AND channel_id = @channel AND topic_key = @key;", ct,
                [.. Channel(channel), _dialect.Text("@key", AlertTopics.Key(topic))]);
        await session.CommitAsync(ct);
        return removed;
    }

    public async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct)
    {
        await using var session = await ReadAsync(ct);
        await using var select = channel is null
            ? session.Command($"SELECT {SubscriptionColumns} FROM subscriptions ORDER BY created_at, id;")
            : session.Command(
                $"SELECT {SubscriptionColumns} FROM subscriptions WHERE platform = @platform AND channel_id = @channel ORDER BY created_at, id;",
                Channel(channel));
        var result = new List<Subscription>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new Subscription(
                reader.GetInt64(0),
                new ChannelRef(reader.GetString(1), reader.GetString(2)),
                StringOrNull(reader, 3),
                reader.GetString(4),
                _dialect.ReadTime(reader, 5)));
        }

        return result;
    }

    public async Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(reason);
        await using var session = await WriteAsync(severalStatements: false, ct);
        // Pausing a paused channel keeps the latest reason and time: that is the one worth showing.
        await session.ExecuteAsync("""
            INSERT INTO paused_channels (platform, channel_id, reason, paused_at) VALUES (@platform, @channel, @reason, @at)
            ON CONFLICT (platform, channel_id) DO UPDATE SET reason = excluded.reason, paused_at = excluded.paused_at;
            """, ct, [.. Channel(channel), _dialect.Text("@reason", reason), _dialect.Time("@at", at)]);
        await session.CommitAsync(ct);
    }

    public async Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var session = await WriteAsync(severalStatements: false, ct);
        await session.ExecuteAsync("DELETE FROM paused_channels WHERE platform = @platform AND channel_id = @channel;", ct, Channel(channel));
        await session.CommitAsync(ct);
    }

    public async Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var session = await ReadAsync(ct);
        await using var select = session.Command(
            "SELECT reason FROM paused_channels WHERE platform = @platform AND channel_id = @channel;", Channel(channel));
        return await select.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The <c>@platform</c> and <c>@channel</c> parameters every per-channel statement has.</summary>
    private DbParameter[] Channel(ChannelRef channel) =>
        [_dialect.Text("@platform", channel.Platform), _dialect.Text("@channel", channel.ChannelId)];

    private static string? StringOrNull(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
