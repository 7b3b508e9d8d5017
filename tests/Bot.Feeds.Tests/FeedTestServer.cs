using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Feeds.Tests;

/// <summary>A request as the test server saw it.</summary>
internal sealed record SeenRequest(string Path, string? IfNoneMatch, string? IfModifiedSince, string? UserAgent);

/// <summary>
/// A loopback Kestrel server whose routes the test sets: each path maps to a handler. Records every request with the
/// headers the feed code must send.
/// </summary>
internal sealed class FeedTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SeenRequest> _requests = new();

    private FeedTestServer(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>"http://127.0.0.1:PORT" (no trailing slash), for templates.</summary>
    public string Base => BaseUri.GetLeftPart(UriPartial.Authority);

    public IReadOnlyList<SeenRequest> Requests => _requests.ToList();

    public static async Task<FeedTestServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FeedTestServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public Uri Url(string path) => new(BaseUri, path.TrimStart('/'));

    public void Map(string path, Func<HttpContext, Task> handler) => _routes["/" + path.TrimStart('/')] = handler;

    public void MapText(string path, string contentType, string body) =>
        Map(path, context =>
        {
            context.Response.ContentType = contentType;
            return context.Response.WriteAsync(body);
        });

    private Task HandleAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        _requests.Enqueue(new SeenRequest(
            context.Request.Path.Value ?? "",
            headers.IfNoneMatch.Count > 0 ? headers.IfNoneMatch.ToString() : null,
            headers.IfModifiedSince.Count > 0 ? headers.IfModifiedSince.ToString() : null,
            headers.UserAgent.ToString()));
        if (_routes.TryGetValue(context.Request.Path.Value ?? "", out var handler))
        {
            return handler(context);
        }

        context.Response.StatusCode = 404;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
