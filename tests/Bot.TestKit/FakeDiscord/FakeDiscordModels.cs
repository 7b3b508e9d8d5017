using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>A channel message the fake created through <c>POST /channels/{id}/messages</c>.</summary>
/// <param name="ChannelId">The channel it was posted in.</param>
/// <param name="Id">The snowflake the fake assigned.</param>
/// <param name="Body">The request body exactly as the bot sent it.</param>
/// <param name="Message">The message object the fake answered with.</param>
/// <param name="Nonce">The nonce, as a string, when one was sent.</param>
/// <param name="ReferencedMessageId">message_reference.message_id when the message is a reply.</param>
/// <param name="Pings">The pings that would fire: "everyone", "here", "role:&lt;id&gt;", "user:&lt;id&gt;".</param>
public sealed record FakeDiscordMessage(
    string ChannelId,
    string Id,
    JsonObject Body,
    JsonObject Message,
    string? Nonce,
    string? ReferencedMessageId,
    IReadOnlyList<string> Pings)
{
    /// <summary>The message's content, empty when it has none.</summary>
    public string Content => Body["content"]?.GetValue<string>() ?? "";
}

/// <summary>One request the fake's REST face answered (for debugging failing tests).</summary>
public sealed record FakeDiscordRequest(string Method, string Path, int Status, int? Code);

/// <summary>The bot's raw HTTP answer to something the fake POSTed to <see cref="FakeDiscordApi.InteractionsUrl"/>.</summary>
public sealed record FakeRawResponse(int Status, string Body, string? ContentType);

/// <summary>What happened when the fake delivered an interaction to the bot.</summary>
/// <param name="Status">The HTTP status the bot answered with; 0 when it did not answer within the delivery timeout.</param>
/// <param name="Body">The parsed JSON body when there was one.</param>
/// <param name="Interaction">The interaction record, which keeps changing as callbacks and webhooks arrive.</param>
/// <param name="Elapsed">How long the bot took to answer the HTTP request.</param>
/// <param name="RawBody">The exact bytes (as text) that were signed and sent.</param>
public sealed record FakeInteractionDelivery(int Status, JsonNode? Body, FakeInteraction Interaction, TimeSpan Elapsed, string RawBody);

/// <summary>
/// An interaction the fake delivered and everything the bot did with it: the initial response (inline or
/// by callback, on time or late), the @original message as it stands after edits, edits, follow-ups, the
/// pings all of those would fire, and the error codes the fake answered. Safe to read from any thread.
/// </summary>
public sealed class FakeInteraction
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _edits = [];
    private readonly List<JsonObject> _followups = [];
    private readonly List<int> _errorCodes = [];
    private readonly List<string> _pings = [];
    private readonly Action _changed;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsonObject? _initialResponse;
    private string? _initialVia;
    private bool _initialLate;
    private bool _acknowledged;
    private JsonObject? _original;
    private bool _ephemeral;

    internal FakeInteraction(string id, string token, int type, DateTimeOffset deliveredAt, JsonObject payload, Action changed)
    {
        Id = id;
        Token = token;
        Type = type;
        DeliveredAt = deliveredAt;
        Payload = payload;
        _changed = changed;
    }

    public string Id { get; }

    public string Token { get; }

    /// <summary>Interaction type: 1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE, 5 MODAL_SUBMIT.</summary>
    public int Type { get; }

    public DateTimeOffset DeliveredAt { get; }

    /// <summary>The interaction object as delivered (a copy; do not change it).</summary>
    public JsonObject Payload { get; }

    /// <summary>The first response the bot gave (inline 200 body or callback body), even when it came too late.</summary>
    public JsonObject? InitialResponse { get { lock (_lock) { return _initialResponse?.DeepClone().AsObject(); } } }

    /// <summary>"inline" or "callback"; null until the bot answered.</summary>
    public string? InitialVia { get { lock (_lock) { return _initialVia; } } }

    /// <summary>The inline answer arrived after the initial-response window: Discord shows "The application did not respond".</summary>
    public bool InitialLate { get { lock (_lock) { return _initialLate; } } }

    /// <summary>A valid initial response arrived in time, so follow-ups and edits are allowed.</summary>
    public bool Acknowledged { get { lock (_lock) { return _acknowledged; } } }

    /// <summary>The @original message as it stands after edits; null until a message-bearing response (or after DELETE).</summary>
    public JsonObject? Original { get { lock (_lock) { return _original?.DeepClone().AsObject(); } } }

    /// <summary>Bodies of edits to @original (PATCH, and the first follow-up after a type-5 deferral), in order.</summary>
    public IReadOnlyList<JsonObject> Edits { get { lock (_lock) { return _edits.Select(e => e.DeepClone().AsObject()).ToList(); } } }

    /// <summary>Follow-up message objects created by POST /webhooks/{app}/{token}, in order (with edits applied).</summary>
    public IReadOnlyList<JsonObject> Followups { get { lock (_lock) { return _followups.Select(e => e.DeepClone().AsObject()).ToList(); } } }

    /// <summary>Discord error codes the fake answered for this interaction (10062, 40060, 50027, 50035, 10015 …).</summary>
    public IReadOnlyList<int> ErrorCodes { get { lock (_lock) { return _errorCodes.ToList(); } } }

    /// <summary>The response (and so @original) is ephemeral: flag 64 on the initial response or deferral.</summary>
    public bool Ephemeral { get { lock (_lock) { return _ephemeral; } } }

    /// <summary>Every ping the initial response, edits and follow-ups would fire, in order, with repeats.</summary>
    public IReadOnlyList<string> Pings { get { lock (_lock) { return _pings.ToList(); } } }

    /// <summary>True when the type-5 deferral's loading message is still waiting for its first follow-up or edit.</summary>
    internal bool AwaitingDeferredEdit { get; set; }

    internal Lock Sync => _lock;

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every change; throws <see cref="TimeoutException"/>.</summary>
    public async Task WaitUntilAsync(Func<FakeInteraction, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                signal = _signal.Task;
            }

            if (condition(this))
            {
                return;
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(50), cts.Token);
            }
            catch (TimeoutException)
            {
                // Re-check: the condition may depend on the clock.
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Interaction {Id} did not reach the expected state within {timeout}.");
            }
        }
    }

    internal void Update(Action<FakeInteractionState> change)
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            change(new FakeInteractionState(this));
            previous = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
        _changed();
    }

    /// <summary>Mutable view handed to <see cref="Update"/> while the lock is held.</summary>
    internal readonly struct FakeInteractionState(FakeInteraction owner)
    {
        public JsonObject? InitialResponse { get => owner._initialResponse; set => owner._initialResponse = value; }

        public string? InitialVia { get => owner._initialVia; set => owner._initialVia = value; }

        public bool InitialLate { get => owner._initialLate; set => owner._initialLate = value; }

        public bool Acknowledged { get => owner._acknowledged; set => owner._acknowledged = value; }

        public JsonObject? Original { get => owner._original; set => owner._original = value; }

        public bool Ephemeral { get => owner._ephemeral; set => owner._ephemeral = value; }

        public List<JsonObject> Edits => owner._edits;

        public List<JsonObject> Followups => owner._followups;

        public List<int> ErrorCodes => owner._errorCodes;

        public List<string> Pings => owner._pings;
    }
}
