using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NSec.Cryptography;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>The fake acting as Discord towards the bot: signed interaction deliveries, bad-signature probes, and the callback route.</summary>
public sealed partial class FakeDiscordApi
{
    /// <summary>The User-Agent Discord sends interactions with.</summary>
    public const string InteractionsUserAgent = "Discord-Interactions/1.0 (+https://discord.com)";

    private readonly ConcurrentDictionary<string, FakeInteraction> _interactions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeInteraction> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeInteraction> _interactionOrder = new();

    /// <summary>Interactions delivered so far, in order.</summary>
    public IReadOnlyList<FakeInteraction> Interactions => _interactionOrder.ToList();

    /// <summary>
    /// Every ping that anything the bot sent would fire — channel messages, then each interaction's responses,
    /// edits and follow-ups — so a test can assert that no "everyone", "here" or "role:…" ever escapes.
    /// </summary>
    public IReadOnlyList<string> AllPings =>
        Messages.SelectMany(m => m.Pings).Concat(Interactions.SelectMany(i => i.Pings)).ToList();

    /// <summary>
    /// Delivers an interaction to <see cref="InteractionsUrl"/> as Discord does: fills id, application_id, token
    /// and version when missing, writes deliberately non-canonical JSON, signs timestamp ‖ body with Ed25519, and
    /// POSTs it. A 200 JSON answer is the inline initial response (validated, and marked late after the window);
    /// a 202 means the response must come through the callback route.
    /// </summary>
    public async Task<FakeInteractionDelivery> DeliverAsync(JsonObject interaction, CancellationToken ct)
    {
        _ = InteractionsUrl ?? throw new InvalidOperationException("Set InteractionsUrl first.");
        var payload = Fill(interaction);
        string body = FakeDiscordJsonWriter.Write(payload);
        string id = payload["id"]!.GetValue<string>();
        string token = payload["token"]!.GetValue<string>();
        int type = FakeDiscordValidation.TryLong(payload["type"], out long t) ? (int)t : 0;
        var record = new FakeInteraction(id, token, type, Now, payload.DeepClone().AsObject(), NotifyChanged);
        _interactions[id] = record;
        _byToken[token] = record;
        _interactionOrder.Enqueue(record);
        NotifyChanged();

        string timestamp = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        long started = _options.TimeProvider.GetTimestamp();
        var raw = await SendRawAsync(body, Sign(timestamp, body), timestamp, ct);
        var elapsed = _options.TimeProvider.GetElapsedTime(started);

        JsonNode? parsed = null;
        if (raw.Body.Length > 0)
        {
            try
            {
                parsed = JsonNode.Parse(raw.Body);
            }
            catch (JsonException)
            {
                parsed = null;
            }
        }

        if (raw.Status == 200)
        {
            bool json = raw.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) == true;
            if (json && parsed is JsonObject response)
            {
                AcceptInitial(record, response, "inline");
            }
            else
            {
                // Discord cannot use a 200 without a JSON response object: the user sees "interaction failed".
                record.Update(s => s.ErrorCodes.Add(50035));
            }
        }

        return new FakeInteractionDelivery(raw.Status, parsed, record, elapsed, body);
    }

    /// <summary>Ed25519 signature (lowercase hex) of UTF-8(timestamp) ‖ UTF-8(body) with this fake's private key.</summary>
    public string Sign(string timestamp, string body) => Sign(_signingKey, timestamp, body);

    private static string Sign(Key key, string timestamp, string body)
    {
        byte[] message = Encoding.UTF8.GetBytes(timestamp + body);
        return Convert.ToHexStringLower(SignatureAlgorithm.Ed25519.Sign(key, message));
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <see cref="InteractionsUrl"/> with the given headers (omitted when null),
    /// Discord's User-Agent and <c>Content-Type: application/json</c>. Status 0 when the bot did not answer in time.
    /// </summary>
    public async Task<FakeRawResponse> SendRawAsync(string body, string? signatureHex, string? timestamp, CancellationToken ct)
    {
        var url = InteractionsUrl ?? throw new InvalidOperationException("Set InteractionsUrl first.");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("User-Agent", InteractionsUserAgent);
        if (signatureHex is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Ed25519", signatureHex);
        }

        if (timestamp is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature-Timestamp", timestamp);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.DeliveryTimeout);
        try
        {
            using var response = await _deliveryClient.SendAsync(request, timeout.Token);
            string text = await response.Content.ReadAsStringAsync(timeout.Token);
            return new FakeRawResponse((int)response.StatusCode, text, response.Content.Headers.ContentType?.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FakeRawResponse(0, "", null);
        }
    }

    /// <summary>
    /// Sends the interaction with broken signatures, as Discord's security checks do, and returns the bot's
    /// status for each case (all should be 401). The probes are not recorded as interactions.
    /// </summary>
    public async Task<IReadOnlyList<(string Case, int Status)>> ProbeWithBadSignaturesAsync(JsonObject interaction, CancellationToken ct)
    {
        string body = FakeDiscordJsonWriter.Write(Fill(interaction));
        string ts = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string good = Sign(ts, body);
        using var otherKey = Key.Create(SignatureAlgorithm.Ed25519);
        string otherBody = body.Replace("\"type\"", "\"type\" ", StringComparison.Ordinal) + " ";
        string nextSecond = (long.Parse(ts, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var cases = new (string Case, string? Signature, string? Timestamp)[]
        {
            ("signature by another key", Sign(otherKey, ts, body), ts),
            ("signature over a different body", Sign(ts, otherBody), ts),
            ("valid signature, wrong timestamp header", good, nextSecond),
            ("truncated signature (127 hex)", good[..127], ts),
            ("truncated signature (64 hex)", good[..64], ts),
            ("non-hex signature of the right length", new string('z', 128), ts),
            ("uppercase garbage", Convert.ToHexString(RandomNumberGenerator.GetBytes(64)), ts),
            ("empty signature", "", ts),
            ("missing signature header", null, ts),
            ("missing timestamp header", good, null),
            ("both headers missing", null, null),
        };
        var results = new List<(string, int)>();
        foreach (var (name, signature, timestamp) in cases)
        {
            var raw = await SendRawAsync(body, signature, timestamp, ct);
            results.Add((name, raw.Status));
        }

        return results;
    }

    private JsonObject Fill(JsonObject interaction)
    {
        var payload = interaction.DeepClone().AsObject();
        payload["id"] ??= NewSnowflake();
        payload["application_id"] ??= ApplicationId;
        payload["token"] ??= RandomToken("aW50ZXJhY3Rpb246", 200);
        payload["version"] ??= 1;
        if (payload["message"] is JsonObject message && message["author"] is null)
        {
            message["author"] = new JsonObject { ["id"] = BotUserId, ["username"] = "PolicyBot", ["discriminator"] = "0", ["bot"] = true };
            message["application_id"] ??= ApplicationId;
        }

        return payload;
    }

    private Reply Callback(string id, string token, JsonNode? body, bool withResponse)
    {
        if (!_interactions.TryGetValue(id, out var record))
        {
            return Reply.Of(FakeDiscordError.UnknownInteraction());
        }

        if (!string.Equals(record.Token, token, StringComparison.Ordinal))
        {
            return Fail(record, FakeDiscordError.UnknownInteraction());
        }

        if (body is not JsonObject response)
        {
            var errors = new FormErrors();
            errors.Required("type");
            return Fail(record, errors.ToError()!);
        }

        if (AcceptInitial(record, response, "callback") is { } error)
        {
            return Reply.Of(error);
        }

        if (!withResponse)
        {
            return Reply.NoContent;
        }

        var original = record.Original;
        long responseType = FakeDiscordValidation.TryLong(response["type"], out long rt) ? rt : 0;
        var result = new JsonObject
        {
            ["interaction"] = new JsonObject
            {
                ["id"] = record.Id,
                ["type"] = record.Type,
                ["response_message_id"] = original?["id"]?.DeepClone(),
                ["response_message_loading"] = responseType == 5,
                ["response_message_ephemeral"] = record.Ephemeral,
                ["activity_instance_id"] = null,
                ["channel_id"] = record.Payload["channel_id"]?.DeepClone(),
                ["guild_id"] = record.Payload["guild_id"]?.DeepClone(),
            },
            ["resource"] = new JsonObject { ["type"] = responseType },
        };
        if (responseType is 4 or 7 && original is not null)
        {
            result["resource"]!["message"] = original;
        }

        return Reply.Json(result);
    }

    private static Reply Fail(FakeInteraction record, FakeDiscordError error)
    {
        record.Update(s => s.ErrorCodes.Add(error.Code));
        return Reply.Of(error);
    }

    /// <summary>
    /// Applies an initial response (inline or by callback) with Discord's rules: one only (40060), within the
    /// window (callback: 10062; inline: recorded as late), valid for the interaction type (50035/50006).
    /// </summary>
    private FakeDiscordError? AcceptInitial(FakeInteraction record, JsonObject response, string via)
    {
        FakeDiscordError? error = null;
        var now = Now;
        string channel = FakeDiscordValidation.String(record.Payload["channel_id"]) ?? FakeDiscordValidation.String(record.Payload["channel"]?["id"]) ?? "0";
        record.Update(s =>
        {
            if (s.Acknowledged)
            {
                error = FakeDiscordError.AlreadyAcknowledged();
                s.ErrorCodes.Add(error.Code);
                return;
            }

            bool late = now - record.DeliveredAt > _options.InitialResponseWindow;
            if (late && via == "callback")
            {
                error = FakeDiscordError.UnknownInteraction();
                s.ErrorCodes.Add(error.Code);
                return;
            }

            if (FakeDiscordCommandValidation.Response(response, record.Type) is { } invalid)
            {
                error = invalid;
                s.ErrorCodes.Add(invalid.Code);
                return;
            }

            s.InitialResponse ??= response.DeepClone().AsObject();
            s.InitialVia ??= via;
            if (late)
            {
                s.InitialLate = true; // Discord already told the user "The application did not respond".
                return;
            }

            s.Acknowledged = true;
            long type = response["type"]!.GetValue<long>();
            var data = response["data"] as JsonObject ?? [];
            long flags = FakeDiscordValidation.TryLong(data["flags"], out long f) ? f : 0;
            switch (type)
            {
                case 4:
                    s.Original = MessageObject(NewSnowflake(), channel, data, now, channelMessage: false);
                    s.Original["webhook_id"] = ApplicationId;
                    s.Ephemeral = (flags & 64) != 0;
                    s.Pings.AddRange(FakeDiscordMentions.Compute(data, channelMessage: false));
                    break;
                case 5:
                    s.Ephemeral = (flags & 64) != 0;
                    s.Original = MessageObject(NewSnowflake(), channel, [], now, channelMessage: false);
                    s.Original["flags"] = 128 | (flags & 64); // LOADING: "PolicyBot is thinking…"
                    s.Original["webhook_id"] = ApplicationId;
                    record.AwaitingDeferredEdit = true;
                    break;
                case 6 or 7:
                    if (record.Payload["message"] is JsonObject message)
                    {
                        s.Original = message.DeepClone().AsObject();
                        s.Ephemeral = FakeDiscordValidation.TryLong(message["flags"], out long mf) && (mf & 64) != 0;
                        if (type == 7)
                        {
                            ApplyEdit(s.Original, data, now);
                            s.Pings.AddRange(FakeDiscordMentions.Compute(data, channelMessage: false));
                        }
                    }

                    break;
            }
        });
        return error;
    }

    /// <summary>Replaces the fields an edit carries; clears the loading flag.</summary>
    private static void ApplyEdit(JsonObject message, JsonObject edit, DateTimeOffset now)
    {
        foreach (string field in new[] { "content", "embeds", "components", "attachments", "poll" })
        {
            if (edit.ContainsKey(field))
            {
                message[field] = edit[field]?.DeepClone();
            }
        }

        if (message["embeds"] is JsonArray embeds)
        {
            foreach (var embed in embeds.OfType<JsonObject>())
            {
                embed["type"] = "rich";
            }
        }

        long flags = FakeDiscordValidation.TryLong(message["flags"], out long f) ? f : 0;
        message["flags"] = flags & ~128L;
        message["edited_timestamp"] = now.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
    }
}
