using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Commands;
using PolicyBot.Adapters.Discord.Interactions;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Adapters.Discord.Signing;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;

namespace PolicyBot.Adapters.Discord.Http;

/// <summary>How long an interaction may take before the bot defers it and edits the answer in later.</summary>
public sealed class DiscordInteractionTiming
{
    /// <summary>Discord allows 3 seconds for the initial response; replies ready within this are sent inline. Zero defers every reply.</summary>
    public TimeSpan InlineBudget { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// <c>POST /discord/interactions</c>. Every request is checked against the application's Ed25519 key over the raw
/// bytes first: a bad, short, non-hex or missing signature gets 401 and nothing else happens. Then:
/// <list type="bullet">
/// <item>PING → PONG.</item>
/// <item>Slash commands → the reply inline when it is ready within the budget; otherwise a deferral ("thinking…")
/// and the reply edited into the original message through the interaction webhook. Private when the user asked
/// (<c>private: True</c>), and for usage messages and errors.</item>
/// <item>Autocomplete → up to 25 article suggestions.</item>
/// <item>Buttons → More (the next-best passage), Helpful / Not helpful (recorded), Show to channel (the private
/// reply posted for everyone).</item>
/// </list>
/// </summary>
public static class DiscordInteractionsEndpoint
{
    public const string Route = "/discord/interactions";
    private const int MaxBodyBytes = 1 << 20;

    public static IEndpointRouteBuilder MapDiscordInteractions(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    /// <param name="inFlight">The shutdown tracker of answer work; without one, work stops when the application starts stopping.</param>
    public static async Task<IResult> HandleAsync(
        HttpContext context, [FromServices] DiscordSignatureVerifier verifier, [FromServices] InboundClaims claims, [FromServices] IChatBot bot,
        [FromServices] ArticleLibrary library, [FromServices] DiscordRestClient api, [FromServices] IOptions<DiscordOptions> options,
        [FromServices] DiscordInteractionTiming timing, [FromServices] IHostApplicationLifetime lifetime, [FromServices] ILoggerFactory loggers,
        [FromServices] DiscordInFlight? inFlight = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var logger = loggers.CreateLogger("PolicyBot.Discord.Interactions");
        var body = await BoundedBody.ReadAsync(context.Request.Body, context.Request.ContentLength, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.Text("request body too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if (!verifier.Verify(context.Request.Headers["X-Signature-Ed25519"].FirstOrDefault(), context.Request.Headers["X-Signature-Timestamp"].FirstOrDefault(), body))
        {
            logger.LogWarning("Refused a Discord interaction with a bad or missing signature");
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (DiscordInteractionParser.Parse(body) is not { } interaction)
        {
            return Results.BadRequest(new { error = "not a Discord interaction" });
        }

        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["platform"] = "discord", ["channel"] = interaction.ChannelId, ["message_id"] = interaction.Id, ["interaction"] = interaction.Id });
        if (interaction.Type != DiscordInteractionType.Ping
            && !await claims.TryClaimAsync(new[] { "discord:interaction:" + interaction.Id }, context.RequestAborted))
        {
            // Another replica has this interaction and answers it (through the callback route if it is slow).
            logger.LogInformation("Interaction {Interaction} is being answered by another replica", interaction.Id);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        }

        // Answer work runs on past the start of shutdown, until the host's grace period ends.
        var handler = new DiscordInteractionHandler(bot, library, api, options.Value, timing, logger, inFlight is null ? null : inFlight.Track);
        var stopping = inFlight?.Token ?? lifetime.ApplicationStopping;
        // Edits and follow-ups wait until the initial response has left: Discord knows no message to edit before.
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Response.OnCompleted(() =>
        {
            sent.TrySetResult();
            return Task.CompletedTask;
        });
        var response = await handler.HandleAsync(interaction, sent.Task, stopping);
        return response switch
        {
            null => Results.BadRequest(new { error = "unsupported interaction type" }),
            { Body: { } inline } => Results.Json(inline),
            _ => Results.StatusCode(StatusCodes.Status202Accepted),
        };
    }
}

/// <summary>The answer to Discord's HTTP request: the initial response inline, or none (202) when it went through the callback route.</summary>
public sealed record DiscordInitialResponse(JsonObject? Body)
{
    public static readonly DiscordInitialResponse SentByCallback = new((JsonObject?)null);

    public static implicit operator DiscordInitialResponse(JsonObject body) => new(body);
}

/// <summary>
/// The work behind one verified interaction: the initial response to return in the HTTP answer, and the follow-up
/// work (the edit after a deferral) carried on in the background. One error boundary per interaction.
/// </summary>
public sealed class DiscordInteractionHandler
{

    private readonly IChatBot _bot;
    private readonly ArticleLibrary _library;
    private readonly DiscordRestClient _api;
    private readonly DiscordOptions _options;
    private readonly DiscordInteractionTiming _timing;
    private readonly ILogger _logger;
    private readonly Action<Task>? _track;
    private Task _responseSent = Task.CompletedTask;

    /// <param name="library">The articles, for autocomplete and for reading back which articles an answer message showed.</param>
    public DiscordInteractionHandler(IChatBot bot, ArticleLibrary library, DiscordRestClient api, DiscordOptions options, DiscordInteractionTiming timing, ILogger logger, Action<Task>? track = null)
    {
        _bot = bot;
        _library = library;
        _api = api;
        _options = options;
        _timing = timing;
        _logger = logger;
        _track = track;
    }

    /// <summary>
    /// The initial response object, or null for interaction types PolicyBot does not handle. Work that follows it (the
    /// edit after a deferral, further parts) starts once <paramref name="responseSent"/> completes.
    /// </summary>
    public async Task<DiscordInitialResponse?> HandleAsync(DiscordInteraction interaction, Task responseSent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        _responseSent = responseSent;
        switch (interaction.Type)
        {
            case DiscordInteractionType.Ping:
                return new JsonObject { ["type"] = DiscordCallback.Pong };
            case DiscordInteractionType.Autocomplete:
                return Autocomplete(interaction);
            case DiscordInteractionType.ApplicationCommand:
                var turn = Turn(interaction, new CommandInput(DiscordCommands.ToBotCommand(interaction))) with { MayManage = DiscordCommands.MayManage(interaction) };
                return await ReplyAsync(interaction, DiscordCommands.WantsPrivate(interaction), token => _bot.HandleAsync(turn, token), ct);
            case DiscordInteractionType.MessageComponent:
                return await ButtonAsync(interaction, ct);
            default:
                return null;
        }
    }

    private JsonObject Autocomplete(DiscordInteraction interaction)
    {
        var choices = interaction.FocusedOption is { } option && DiscordCommands.ArticleOptions.Contains(option)
            ? DiscordCommands.Suggest(_library.Articles, interaction.StringOption(option))
            : new JsonArray();
        return new JsonObject { ["type"] = DiscordCallback.AutocompleteResult, ["data"] = new JsonObject { ["choices"] = choices } };
    }

    /// <summary>The interaction as the bot's turn: a slash command stands alone; a button carries its answer message's state.</summary>
    private static ChatTurn Turn(DiscordInteraction interaction, TurnInput input) =>
        new("discord", new ChannelRef("discord", interaction.ChannelId ?? ""), interaction.UserId ?? "", $"discord:{interaction.ChannelId}:{interaction.UserId}", interaction.Id, input);

    private async Task<DiscordInitialResponse> ButtonAsync(DiscordInteraction interaction, CancellationToken ct)
    {
        ButtonAction? action = interaction.CustomId switch
        {
            DiscordButtons.More => ButtonAction.More,
            DiscordButtons.Helpful => ButtonAction.Helpful,
            DiscordButtons.NotHelpful => ButtonAction.NotHelpful,
            _ => null,
        };
        if (interaction.CustomId == DiscordButtons.Share)
        {
            return Share(interaction); // The private message itself, posted for everyone: nothing for the bot to work out.
        }

        if (action is not { } pressed)
        {
            return Message(new UsageReply(BotText.NotMyButton), privately: true);
        }

        // Buttons carry only a short custom id: the message they sit under is the state.
        if (DiscordAnswerContext.Read(interaction.Message) is not { } answer)
        {
            return Message(new UsageReply(BotText.ButtonExpired), privately: true);
        }

        var turn = Turn(interaction, new ButtonPress(pressed, answer.Question, answer.ShownIn(_library.Articles)));
        return pressed == ButtonAction.More
            ? await ReplyAsync(interaction, interaction.MessageIsEphemeral, token => _bot.HandleAsync(turn, token), ct)
            : Message(await _bot.HandleAsync(turn, ct), privately: true);
    }

    /// <summary>The private message, posted for the whole channel: same content and embeds, the answer buttons kept, Share dropped.</summary>
    private static JsonObject Share(DiscordInteraction interaction)
    {
        if (interaction.Message is not { } message)
        {
            return Message(new UsageReply(BotText.ButtonExpired), privately: true);
        }

        string content = message["content"] is JsonValue v && v.TryGetValue(out string? text) ? text : "";
        string sharedBy = interaction.UserId is { Length: > 0 } user ? $"Shared by <@{user}>" : "Shared";
        string shared = content.Length == 0 ? sharedBy + ":" : sharedBy + ":\n" + content;
        var rows = new JsonArray();
        if (message["components"] is JsonArray components)
        {
            foreach (var row in components.OfType<JsonObject>())
            {
                var buttons = row["components"] is JsonArray list
                    ? list.OfType<JsonObject>().Where(b => (string?)b["custom_id"] != DiscordButtons.Share).Select(b => (JsonNode)b.DeepClone()).ToArray()
                    : Array.Empty<JsonNode>();
                if (buttons.Length > 0)
                {
                    rows.Add(new JsonObject { ["type"] = 1, ["components"] = new JsonArray(buttons) });
                }
            }
        }

        var data = new JsonObject
        {
            ["content"] = shared.Length > DiscordLimits.Content ? DiscordText.Cut(shared, DiscordLimits.Content) : shared,
            ["embeds"] = message["embeds"]?.DeepClone() ?? new JsonArray(),
            ["components"] = rows,
            ["allowed_mentions"] = DiscordMessage.NoMentions(),
        };
        return new JsonObject { ["type"] = DiscordCallback.ChannelMessage, ["data"] = data };
    }

    /// <summary>
    /// Runs <paramref name="work"/>; answers inline when it finishes within the budget, otherwise defers (privately when
    /// the reply will be private) and edits the reply in when it is ready, with any further parts as follow-ups. The
    /// deferral goes through the callback route, so Discord has recorded it before any edit is sent.
    /// </summary>
    private async Task<DiscordInitialResponse> ReplyAsync(DiscordInteraction interaction, bool privately, Func<CancellationToken, Task<Reply>> work, CancellationToken ct)
    {
        var task = Task.Run(() => work(ct), ct);
        if (_timing.InlineBudget > TimeSpan.Zero && await Task.WhenAny(task, Task.Delay(_timing.InlineBudget, ct)) == task)
        {
            var reply = await task;
            var messages = Render(reply, privately);
            bool ephemeral = privately || IsPrivateKind(reply);
            if (messages.Count > 1)
            {
                Track(FollowUpAsync(interaction, messages.Skip(1).ToList(), ephemeral, ct));
            }

            return new JsonObject { ["type"] = DiscordCallback.ChannelMessage, ["data"] = messages[0].ToJson(ephemeral) };
        }

        var deferral = new JsonObject { ["type"] = DiscordCallback.DeferredChannelMessage };
        if (privately)
        {
            deferral["data"] = new JsonObject { ["flags"] = DiscordMessageFlags.Ephemeral };
        }

        var deferred = await _api.CreateInteractionResponseAsync(interaction.Id, interaction.Token, deferral, ct);
        if (!deferred.Ok)
        {
            // Too late or refused: nothing can be edited in; say so in the log rather than answer into the void.
            _logger.LogError("Discord refused the deferral of interaction {Interaction}: {Result}", interaction.Id, deferred);
            return DiscordInitialResponse.SentByCallback;
        }

        Track(CompleteDeferredAsync(interaction, privately, task, ct));
        return DiscordInitialResponse.SentByCallback;
    }

    private async Task CompleteDeferredAsync(DiscordInteraction interaction, bool privately, Task<Reply> work, CancellationToken ct)
    {
        try
        {
            var reply = await work;
            await InitialResponseSentAsync(ct);
            var messages = Render(reply, privately);
            string applicationId = ApplicationId(interaction);
            if (!privately && IsPrivateKind(reply))
            {
                // The deferral was public but the reply is an error or a usage message: show it to the asker only.
                await UntilKnownAsync(() => _api.DeleteOriginalResponseAsync(applicationId, interaction.Token, ct), ct);
                await FollowUpAsync(interaction, messages, ephemeral: true, ct);
                return;
            }

            var edited = await UntilKnownAsync(() => _api.EditOriginalResponseAsync(applicationId, interaction.Token, messages[0].ToJson(), ct), ct);
            if (!edited.Ok)
            {
                _logger.LogError("Discord refused the deferred answer to interaction {Interaction}: {Result}", interaction.Id, edited);
                return;
            }

            await FollowUpAsync(interaction, messages.Skip(1).ToList(), privately, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Completing the deferred answer to interaction {Interaction} failed", interaction.Id);
        }
    }

    private async Task FollowUpAsync(DiscordInteraction interaction, IReadOnlyList<DiscordMessage> messages, bool ephemeral, CancellationToken ct)
    {
        try
        {
            await InitialResponseSentAsync(ct);
            foreach (var message in messages)
            {
                var result = await UntilKnownAsync(() => _api.CreateFollowupAsync(ApplicationId(interaction), interaction.Token, message.ToJson(ephemeral), ct), ct);
                if (!result.Ok)
                {
                    _logger.LogError("Discord refused a follow-up to interaction {Interaction}: {Result}", interaction.Id, result);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Sending a follow-up to interaction {Interaction} failed", interaction.Id);
        }
    }

    /// <summary>Work that continues after the HTTP answer: handed to the shutdown tracker so it is finished, not cut off.</summary>
    private void Track(Task work) => _track?.Invoke(work);

    /// <summary>Waits (a bounded time: the token outlives a lost completion signal) until the initial response has been sent.</summary>
    private async Task InitialResponseSentAsync(CancellationToken ct)
    {
        try
        {
            await _responseSent.WaitAsync(TimeSpan.FromSeconds(5), ct);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The initial interaction response was not seen leaving; sending the follow-up anyway");
        }
    }

    /// <summary>
    /// Retries a webhook call Discord answers with "Unknown Webhook" (10015) for a short while: right after the HTTP
    /// response leaves, Discord may not have recorded it yet.
    /// </summary>
    private static async Task<DiscordApiResult> UntilKnownAsync(Func<Task<DiscordApiResult>> call, CancellationToken ct)
    {
        var result = await call();
        for (int attempt = 0; attempt < 12 && result.Code == UnknownWebhook; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            result = await call();
        }

        return result;
    }

    private const int UnknownWebhook = 10015;

    private static IReadOnlyList<DiscordMessage> Render(Reply reply, bool privately) =>
        DiscordRenderer.Render(reply, new DiscordRenderOptions(Private: privately && !IsPrivateKind(reply)));

    private static JsonObject Message(Reply reply, bool privately) =>
        new() { ["type"] = DiscordCallback.ChannelMessage, ["data"] = DiscordRenderer.Render(reply)[0].ToJson(privately) };

    /// <summary>Errors and usage messages concern only the person who asked.</summary>
    private static bool IsPrivateKind(Reply reply) => reply is ErrorReply or UsageReply or FeedbackThanksReply;

    private string ApplicationId(DiscordInteraction interaction) =>
        interaction.ApplicationId.Length > 0 ? interaction.ApplicationId : _options.ApplicationId ?? "";
}
