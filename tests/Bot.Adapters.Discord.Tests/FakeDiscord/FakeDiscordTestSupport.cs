using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.FakeDiscord;

/// <summary>A clock that moves only when a test says so.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>One request the stub endpoint received, with the exact bytes.</summary>
internal sealed record ReceivedInteraction(byte[] Body, string? Signature, string? Timestamp, string UserAgent, bool Verified);

/// <summary>
/// A stand-in for the bot's POST /discord/interactions written only for these tests: it verifies the
/// Ed25519 signature over the raw bytes with NSec (401 otherwise) and answers with <see cref="Respond"/>.
/// </summary>
internal sealed class InteractionsEndpointStub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PublicKey _publicKey;

    private InteractionsEndpointStub(WebApplication app, string publicKeyHex)
    {
        _app = app;
        _publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, Convert.FromHexString(publicKeyHex), KeyBlobFormat.RawPublicKey);
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<ReceivedInteraction> Received { get; } = new();

    /// <summary>Answers a verified interaction; default: PONG for PING, 202 otherwise.</summary>
    public Func<JsonObject, HttpContext, Task> Respond { get; set; } = DefaultRespond;

    public static async Task<InteractionsEndpointStub> StartAsync(string publicKeyHex)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new InteractionsEndpointStub(app, publicKeyHex);
        app.MapPost("/discord/interactions", (Func<HttpContext, Task>)stub.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.Url = new Uri(address.TrimEnd('/') + "/discord/interactions");
        return stub;
    }

    public static Task DefaultRespond(JsonObject interaction, HttpContext context) =>
        interaction["type"]!.GetValue<int>() == 1 ? Json(context, new JsonObject { ["type"] = 1 }) : Accepted(context);

    public static Task Json(HttpContext context, JsonObject body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public static Task Accepted(HttpContext context)
    {
        context.Response.StatusCode = 202;
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        byte[] body = buffer.ToArray();
        string? signature = context.Request.Headers["X-Signature-Ed25519"].FirstOrDefault();
        string? timestamp = context.Request.Headers["X-Signature-Timestamp"].FirstOrDefault();
        bool verified = Verify(body, signature, timestamp);
        Received.Enqueue(new ReceivedInteraction(body, signature, timestamp, context.Request.Headers.UserAgent.ToString(), verified));
        if (!verified)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("invalid request signature");
            return;
        }

        await Respond(JsonNode.Parse(body)!.AsObject(), context);
    }

    private bool Verify(byte[] body, string? signatureHex, string? timestamp)
    {
        if (signatureHex is not { Length: 128 } || timestamp is null || !signatureHex.All(Uri.IsHexDigit))
        {
            return false;
        }

        byte[] message = [.. Encoding.UTF8.GetBytes(timestamp), .. body];
        return SignatureAlgorithm.Ed25519.Verify(_publicKey, message, Convert.FromHexString(signatureHex));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Raw HTTP calls to the fake with the headers a well-behaved Discord client sends.</summary>
internal static class FakeDiscordHttp
{
    public const string UserAgent = "DiscordBot (https://github.com/policybot, 1.0)";

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(
        HttpClient http,
        FakeDiscordApi discord,
        HttpMethod method,
        string relative,
        JsonNode? body = null,
        bool auth = true,
        string? userAgent = UserAgent,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(discord.ApiBaseUrl, relative));
        if (auth)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bot " + discord.BotToken);
        }

        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static int Code(JsonNode? body) => body?["code"]?.GetValue<int>() ?? -1;

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
