using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.Adapters.Slack;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>One readiness check's outcome.</summary>
public sealed record ReadinessCheck(string Name, bool Ok, string Detail);

/// <summary>Whether the bot can do its work: every check, and the JSON body of <c>/readyz</c>.</summary>
public sealed record ReadinessReport(IReadOnlyList<ReadinessCheck> Checks)
{
    public bool Ready => Checks.All(c => c.Ok);

    public string ToJson()
    {
        var checks = new JsonObject();
        foreach (var check in Checks)
        {
            checks[check.Name] = new JsonObject { ["ok"] = check.Ok, ["detail"] = check.Detail };
        }

        return new JsonObject
        {
            ["status"] = Ready ? "ready" : "not ready",
            ["failed"] = new JsonArray(Checks.Where(c => !c.Ok).Select(c => (JsonNode)JsonValue.Create(c.Name)).ToArray()),
            ["checks"] = checks,
        }.ToJsonString();
    }
}

/// <summary>
/// The checks behind <c>GET /readyz</c>: the article index is loaded; the alert store answers within
/// <see cref="StoreTimeout"/> (when alerts are on); the Discord Gateway is ready (when <c>Discord:Gateway</c> is on); the
/// Slack Socket Mode socket is open (in Socket mode). HTTP-only platforms need no connection of their own.
/// </summary>
public sealed class Readiness
{
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(2);

    private readonly IServiceProvider _services;

    public Readiness(IServiceProvider services)
    {
        _services = services;
    }

    public async Task<ReadinessReport> CheckAsync(CancellationToken ct)
    {
        var checks = new List<ReadinessCheck> { Index() };
        if (_services.GetService<IOutboxStore>() is { } store)
        {
            checks.Add(await StoreAsync(store, ct));
        }

        if (_services.GetService<DiscordGatewayClient>() is { } gateway)
        {
            checks.Add(new ReadinessCheck("discord_gateway", gateway.IsReady, gateway.IsReady ? "connected" : "not connected"));
        }

        if (_services.GetService<SlackSocketModeService>() is { } socket)
        {
            checks.Add(new ReadinessCheck("slack_socket_mode", socket.IsConnected, socket.IsConnected ? "connected" : "not connected"));
        }

        return new ReadinessReport(checks);
    }

    private ReadinessCheck Index()
    {
        try
        {
            // The host opens the library before it serves, so this returns the loaded singleton at once.
            var library = _services.GetRequiredService<ArticleLibrary>();
            return new ReadinessCheck("index", true, $"{library.Articles.Count} articles");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ReadinessCheck("index", false, ex.Message);
        }
    }

    private static async Task<ReadinessCheck> StoreAsync(IOutboxStore store, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            int depth = await store.OutboxDepthAsync(timeout.Token).WaitAsync(timeout.Token);
            return new ReadinessCheck("store", true, $"outbox depth {depth}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new ReadinessCheck("store", false, $"no answer within {StoreTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ReadinessCheck("store", false, ex.Message);
        }
    }
}
