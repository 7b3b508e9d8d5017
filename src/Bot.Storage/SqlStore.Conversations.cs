using System.Text.Json;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Storage;

/// <summary>
/// <see cref="IConversationStore"/>: each conversation's last question and passages shown, as JSON, so a follow-up
/// ("more", "and what about Canada?") that reaches another process or replica is answered from the same state.
/// </summary>
public sealed partial class SqlStore
{
    private static readonly JsonSerializerOptions ConversationJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Forgets expired conversations now and then, so the table holds about an hour of them.</summary>
    private readonly Occasionally _forgetConversations = new();

    /// <summary>Null when the conversation was never remembered, or last answered <see cref="ConversationMemory.Lifetime"/> ago or more.</summary>
    public async Task<ConversationState?> RecallAsync(string conversation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        await using var session = await ReadAsync(ct);
        await using var select = session.Command(
            "SELECT state, at FROM conversations WHERE conversation = @conversation AND at > @oldest;",
            _dialect.Text("@conversation", conversation), _dialect.Time("@oldest", _time.GetUtcNow() - ConversationMemory.Lifetime));
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredConversation>(reader.GetString(0), ConversationJson)
            ?? throw new InvalidDataException($"The stored state of conversation '{conversation}' is empty.");
        return new ConversationState(
            stored.Question, stored.Articles.ToHashSet(StringComparer.Ordinal), stored.Shown, _dialect.ReadTime(reader, 1));
    }

    public async Task RememberAsync(string conversation, ConversationState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(state);
        string json = JsonSerializer.Serialize(new StoredConversation(state.Question, [.. state.Articles], [.. state.Shown]), ConversationJson);
        await using var session = await WriteAsync(severalStatements: false, ct);
        if (_forgetConversations.IsDue())
        {
            await session.ExecuteAsync("DELETE FROM conversations WHERE at <= @oldest;", ct,
                _dialect.Time("@oldest", _time.GetUtcNow() - ConversationMemory.Lifetime));
        }

        await session.ExecuteAsync("""
            INSERT INTO conversations (conversation, state, at) VALUES (@conversation, @state, @at)
            ON CONFLICT (conversation) DO UPDATE SET state = excluded.state, at = excluded.at;
            """, ct, _dialect.Text("@conversation", conversation), _dialect.Json("@state", json), _dialect.Time("@at", state.At));
        await session.CommitAsync(ct);
    }

    /// <summary>
    /// The JSON kept per conversation: its own shape, so the stored form does not change with the domain record's
    /// (the time is the <c>at</c> column, which expiry and clean-up compare in SQL).
    /// </summary>
    private sealed record StoredConversation(string Question, IReadOnlyList<string> Articles, IReadOnlyList<ShownText> Shown);
}
