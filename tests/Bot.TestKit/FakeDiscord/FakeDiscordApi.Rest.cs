using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>Bot-authenticated REST routes: application commands and channel messages.</summary>
public sealed partial class FakeDiscordApi
{
    private readonly Lock _commandLock = new();
    private readonly Dictionary<string, JsonArray> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _commandPuts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeDiscordMessage> _messages = new();
    private readonly Dictionary<(string Channel, string Nonce), (FakeDiscordMessage Message, DateTimeOffset At)> _nonces = new();
    private int _nonceDuplicates;

    /// <summary>Raised for every channel message created (not for nonce duplicates), e.g. to echo it into a gateway fake.</summary>
    public event Action<FakeDiscordMessage>? MessageCreated;

    /// <summary>Channel messages created, in order.</summary>
    public IReadOnlyList<FakeDiscordMessage> Messages => _messages.ToList();

    /// <summary>Create-message requests answered with an earlier message because of <c>enforce_nonce</c>.</summary>
    public int NonceDuplicates => Volatile.Read(ref _nonceDuplicates);

    /// <summary>The global commands as last bulk-overwritten (with ids), empty before any PUT.</summary>
    public IReadOnlyList<JsonObject> GlobalCommands => CommandsIn(ScopeKey(null));

    /// <summary>A guild's commands as last bulk-overwritten (with ids).</summary>
    public IReadOnlyList<JsonObject> GuildCommands(string guildId) => CommandsIn(ScopeKey(guildId));

    /// <summary>How many bulk overwrites (PUTs) were accepted for the global scope, or a guild's when <paramref name="guildId"/> is set.</summary>
    public int CommandPuts(string? guildId = null)
    {
        lock (_commandLock)
        {
            return _commandPuts.GetValueOrDefault(ScopeKey(guildId));
        }
    }

    /// <summary>Waits for a channel message matching <paramref name="match"/> (already posted or still to come).</summary>
    public async Task<FakeDiscordMessage> WaitForMessageAsync(Func<FakeDiscordMessage, bool> match, TimeSpan timeout)
    {
        FakeDiscordMessage? found = null;
        try
        {
            await WaitUntilAsync(() => (found = _messages.FirstOrDefault(match)) is not null, timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No matching message within {timeout}; messages so far: {string.Join(" | ", _messages.Select(m => m.Content))}");
        }

        return found!;
    }

    private static string ScopeKey(string? guildId) => guildId is null ? "global" : "guild:" + guildId;

    private List<JsonObject> CommandsIn(string scope)
    {
        lock (_commandLock)
        {
            return _commands.TryGetValue(scope, out var list) ? list.Select(c => c!.DeepClone().AsObject()).ToList() : [];
        }
    }

    private Reply Commands(string method, string app, string? guild, JsonNode? body)
    {
        if (app != ApplicationId)
        {
            return Reply.Of(FakeDiscordError.UnknownApplication());
        }

        string scope = ScopeKey(guild);
        if (method == "GET")
        {
            return Reply.Json(new JsonArray(CommandsIn(scope).Select(c => (JsonNode)c).ToArray()));
        }

        if (FakeDiscordCommandValidation.Commands(body) is { } invalid)
        {
            return Reply.Of(invalid);
        }

        lock (_commandLock)
        {
            var previous = _commands.TryGetValue(scope, out var old) ? old : [];
            var stored = new JsonArray();
            foreach (var node in body!.AsArray())
            {
                var command = node!.DeepClone().AsObject();
                long type = FakeDiscordValidation.TryLong(command["type"], out long t) ? t : 1;
                string name = command["name"]!.GetValue<string>();
                var existing = previous.FirstOrDefault(p => p!["name"]!.GetValue<string>() == name && p["type"]!.GetValue<long>() == type);
                command["id"] = existing?["id"]?.GetValue<string>() ?? NewSnowflake();
                command["application_id"] = ApplicationId;
                command["version"] = NewSnowflake();
                command["type"] = type;
                command["description"] ??= "";
                command["default_member_permissions"] ??= null;
                command["nsfw"] ??= false;
                if (guild is not null)
                {
                    command["guild_id"] = guild;
                }

                stored.Add(command);
            }

            _commands[scope] = stored;
            _commandPuts[scope] = _commandPuts.GetValueOrDefault(scope) + 1;
            return Reply.Json(stored.DeepClone());
        }
    }

    private Reply CreateMessage(string channel, JsonNode? node)
    {
        if (!channel.All(char.IsAsciiDigit) || channel.Length == 0)
        {
            var errors = new FormErrors();
            errors.Add("channel_id", "NUMBER_TYPE_COERCE", $"Value \"{channel}\" is not snowflake.");
            return Reply.Of(errors.ToError()!);
        }

        if (_options.KnownChannels.Count > 0 ? !_options.KnownChannels.Contains(channel) : _options.UnknownChannels.Contains(channel))
        {
            return Reply.Of(FakeDiscordError.UnknownChannel());
        }

        if (_options.ForbiddenChannels.Contains(channel))
        {
            return Reply.Of(FakeDiscordError.MissingAccess());
        }

        var body = node as JsonObject ?? [];
        if (node is not null and not JsonObject)
        {
            var errors = new FormErrors();
            errors.Add("", "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
            return Reply.Of(errors.ToError()!);
        }

        if (FakeDiscordValidation.Message(body, "", requireSomething: true, FakeDiscordValidation.ChannelMessageFlags) is { } invalid)
        {
            return Reply.Of(invalid);
        }

        string? nonce = null;
        if (body["nonce"] is { } nonceNode && nonceNode.GetValueKind() != JsonValueKind.Null)
        {
            nonce = nonceNode.GetValueKind() switch
            {
                JsonValueKind.String => nonceNode.GetValue<string>(),
                JsonValueKind.Number => nonceNode.ToJsonString(),
                _ => null,
            };
            if (nonce is null || nonce.Length > 25)
            {
                var errors = new FormErrors();
                errors.Add("nonce", "BASE_TYPE_MAX_LENGTH", "Must be an integer or a string of 25 or fewer characters.");
                return Reply.Of(errors.ToError()!);
            }
        }

        bool enforce = body["enforce_nonce"] is JsonValue e && e.GetValueKind() == JsonValueKind.True;
        string? referenced = FakeDiscordValidation.String(body["message_reference"]?["message_id"]);
        FakeDiscordMessage created;
        lock (_nonces)
        {
            var now = Now;
            if (enforce && nonce is not null && _nonces.TryGetValue((channel, nonce), out var seen) && now - seen.At < _options.NonceWindow)
            {
                Interlocked.Increment(ref _nonceDuplicates);
                return Reply.Json(seen.Message.Message.DeepClone());
            }

            string id = NewSnowflake();
            var message = MessageObject(id, channel, body, now);
            message["type"] = referenced is null ? 0 : 19;
            if (nonce is not null)
            {
                message["nonce"] = body["nonce"]!.DeepClone();
            }

            if (body["message_reference"] is JsonObject reference)
            {
                var copy = reference.DeepClone().AsObject();
                copy["channel_id"] ??= channel;
                copy["type"] ??= 0;
                message["message_reference"] = copy;
            }

            created = new FakeDiscordMessage(channel, id, body.DeepClone().AsObject(), message, nonce, referenced, FakeDiscordMentions.Compute(body, channelMessage: true));
            if (enforce && nonce is not null)
            {
                _nonces[(channel, nonce)] = (created, now);
            }

            _messages.Enqueue(created);
        }

        NotifyChanged();
        MessageCreated?.Invoke(created);
        return Reply.Json(created.Message.DeepClone());
    }

    /// <summary>A message object as Discord returns it, authored by the bot.</summary>
    private JsonObject MessageObject(string id, string channel, JsonObject body, DateTimeOffset now, bool channelMessage = true)
    {
        var embeds = new JsonArray();
        if (body["embeds"] is JsonArray sent)
        {
            foreach (var embed in sent)
            {
                var copy = embed!.DeepClone().AsObject();
                copy["type"] = "rich";
                embeds.Add(copy);
            }
        }

        string content = FakeDiscordValidation.String(body["content"]) ?? "";
        var pings = FakeDiscordMentions.Compute(body, channelMessage);
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = 0,
            ["channel_id"] = channel,
            ["content"] = content,
            ["embeds"] = embeds,
            ["components"] = body["components"]?.DeepClone() ?? new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["author"] = new JsonObject { ["id"] = BotUserId, ["username"] = "PolicyBot", ["discriminator"] = "0", ["global_name"] = null, ["avatar"] = null, ["bot"] = true },
            ["timestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["tts"] = body["tts"] is JsonValue tts && tts.GetValueKind() == JsonValueKind.True,
            ["mention_everyone"] = pings.Contains("everyone") || pings.Contains("here"),
            ["mentions"] = new JsonArray(pings.Where(p => p.StartsWith("user:", StringComparison.Ordinal)).Select(p => (JsonNode)new JsonObject { ["id"] = p[5..] }).ToArray()),
            ["mention_roles"] = new JsonArray(pings.Where(p => p.StartsWith("role:", StringComparison.Ordinal)).Select(p => (JsonNode)p[5..]).ToArray()),
            ["pinned"] = false,
            ["flags"] = FakeDiscordValidation.TryLong(body["flags"], out long flags) ? flags : 0,
        };
    }
}
