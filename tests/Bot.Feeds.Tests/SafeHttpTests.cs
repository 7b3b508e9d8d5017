using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyBot.Feeds.Tests;

public sealed class SafeHttpTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly List<ServiceProvider> _containers = new();
    private FeedTestServer _server = null!;

    public async Task InitializeAsync() => _server = await FeedTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _containers.ForEach(c => c.Dispose());

    /// <summary>SafeHttp from the bot's registration, configured as <c>Articles:AllowPrivateNetworks</c> and <c>Articles:FeedTimeout</c> say.</summary>
    private SafeHttp Http(bool allowPrivateNetworks, TimeSpan? timeout = null) => Keep(FeedTestServices.FromSettings(new Dictionary<string, string?>
    {
        ["AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false",
        ["FeedTimeout"] = (timeout ?? Timeout).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    })).GetRequiredService<SafeHttp>();

    private ServiceProvider Keep(ServiceProvider container)
    {
        _containers.Add(container);
        return container;
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::7f00:1")]
    public void IsAllowedAddress_RefusesInternalAddresses(string address)
    {
        Assert.False(SafeHttp.IsAllowedAddress(IPAddress.Parse(address), allowPrivateNetworks: false));
        Assert.True(SafeHttp.IsAllowedAddress(IPAddress.Parse(address), allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsAllowedAddress_AllowsPublicAddresses(string address) =>
        Assert.True(SafeHttp.IsAllowedAddress(IPAddress.Parse(address), allowPrivateNetworks: false));

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/feed.xml")]
    [InlineData("gopher://example.com/")]
    public async Task OtherSchemes_AreRefusedBeforeAnyRequest(string url)
    {
        var http = Http(allowPrivateNetworks: true);

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(new Uri(url), 1000, CancellationToken.None));
        Assert.Contains("only http and https", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.0.0.1:9/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]:9/")]
    public async Task PrivateAddresses_AreRefusedWhenNotAllowed(string url)
    {
        var http = Http(allowPrivateNetworks: false);

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(new Uri(url), 1000, CancellationToken.None));
        Assert.Contains("refused to connect", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_IsRefusedWhenNotAllowed_AndNoRequestReachesTheServer()
    {
        _server.MapText("/feed", "application/rss+xml", "<rss/>");
        var http = Http(allowPrivateNetworks: false);

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url("/feed"), 1000, CancellationToken.None));
        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Loopback_IsFetchedWhenAllowed_WithTheUserAgent()
    {
        _server.MapText("/feed", "application/rss+xml; charset=utf-8", "<rss>é</rss>");
        var http = Http(allowPrivateNetworks: true);

        var response = await http.GetAsync(_server.Url("/feed"), 1000, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("<rss>é</rss>", response.Text());
        Assert.Equal("application/rss+xml", response.MediaType);
        Assert.Equal(SafeHttp.UserAgent, Assert.Single(_server.Requests).UserAgent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FactoryClient_ConnectsToLoopbackOnlyWhenPrivateNetworksAreAllowed_AndNeverFollowsRedirects(bool allowPrivateNetworks)
    {
        // The named client itself, not only SafeHttp on top of it: whoever asks the factory for it gets the checks.
        _server.MapText("/feed", "application/rss+xml", "<rss/>");
        _server.Map("/go", context =>
        {
            context.Response.Redirect("/feed");
            return Task.CompletedTask;
        });
        var container = Keep(FeedTestServices.FromSettings(new Dictionary<string, string?> { ["AllowPrivateNetworks"] = allowPrivateNetworks.ToString() }));
        var client = container.GetRequiredService<IHttpClientFactory>().CreateClient(SafeHttp.ClientName);

        if (!allowPrivateNetworks)
        {
            var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(_server.Url("/feed")));
            Assert.IsType<SafeHttpException>(ex.InnerException);
            Assert.Empty(_server.Requests);
            return;
        }

        using var feed = await client.GetAsync(_server.Url("/feed"));
        using var redirect = await client.GetAsync(_server.Url("/go"));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(new[] { "/feed", "/go" }, _server.Requests.Select(r => r.Path));
        Assert.Equal(SafeHttp.UserAgent, _server.Requests[0].UserAgent);
    }

    [Fact]
    public async Task RedirectFromAllowedHostToLoopback_IsRefused()
    {
        // 127.0.0.1 plays a public site here; every other address is judged by the real policy.
        _server.Map("/go", context =>
        {
            context.Response.Redirect($"http://127.0.0.2:{_server.BaseUri.Port}/internal");
            return Task.CompletedTask;
        });
        var http = Keep(FeedTestServices.WithAddressPolicy(a => a.Equals(IPAddress.Loopback) || SafeHttp.IsAllowedAddress(a, false), Timeout)).GetRequiredService<SafeHttp>();

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url("/go"), 1000, CancellationToken.None));
        Assert.Contains("127.0.0.2", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "/go" }, _server.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task RedirectToFileScheme_IsRefused()
    {
        _server.Map("/go", context =>
        {
            context.Response.Redirect("file:///etc/passwd");
            return Task.CompletedTask;
        });
        var http = Http(allowPrivateNetworks: true);

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url("/go"), 1000, CancellationToken.None));
        Assert.Contains("only http and https", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_AreFollowedUpToFive()
    {
        // /r0 → … → /r5: five redirects; /s0 → … → /s6: six.
        foreach (var (prefix, count) in new[] { ("r", 5), ("s", 6) })
        {
            for (int i = 0; i < count; i++)
            {
                string next = $"/{prefix}{i + 1}";
                _server.Map($"/{prefix}{i}", context =>
                {
                    context.Response.Redirect(next);
                    return Task.CompletedTask;
                });
            }

            _server.MapText($"/{prefix}{count}", "text/plain", "five");
        }

        var http = Http(allowPrivateNetworks: true);

        var five = await http.GetAsync(_server.Url("/r0"), 1000, CancellationToken.None);
        Assert.Equal("five", five.Text());
        Assert.Equal(_server.Url("/r5"), five.FinalUrl);

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url("/s0"), 1000, CancellationToken.None));
        Assert.Contains("more than 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Body_OverTheCap_IsRefused_WithOrWithoutContentLength()
    {
        string big = new('x', 5000);
        _server.MapText("/declared", "text/plain", big);
        _server.Map("/chunked", async context =>
        {
            context.Response.ContentType = "text/plain";
            for (int i = 0; i < 5; i++)
            {
                await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes(new string('y', 1000)));
                await context.Response.Body.FlushAsync();
            }
        });
        var http = Http(allowPrivateNetworks: true);

        foreach (string path in new[] { "/declared", "/chunked" })
        {
            var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url(path), 2048, CancellationToken.None));
            Assert.Contains("larger than the limit of 2048 bytes", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal(5000, (await http.GetAsync(_server.Url("/declared"), 5000, CancellationToken.None)).Body.Length);
    }

    [Fact]
    public async Task SlowServer_TimesOutWithAClearError()
    {
        var release = new TaskCompletionSource();
        _server.Map("/slow", async context =>
        {
            await release.Task.WaitAsync(context.RequestAborted);
        });
        var http = Http(allowPrivateNetworks: true, TimeSpan.FromSeconds(1)); // the shortest Articles:FeedTimeout allowed

        var ex = await Assert.ThrowsAsync<SafeHttpException>(() => http.GetAsync(_server.Url("/slow"), 1000, CancellationToken.None));
        Assert.Contains("did not answer within", ex.Message, StringComparison.Ordinal);
        release.SetResult();
    }
}
