using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PolicyBot.Feeds;

/// <summary>A fetch that SafeHttp refused or cut short (private address, bad scheme, too many redirects, too large, too slow).</summary>
public sealed class SafeHttpException : Exception
{
    public SafeHttpException()
    {
    }

    public SafeHttpException(string message)
        : base(message)
    {
    }

    public SafeHttpException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A response read whole (within the size cap): status, where it ended up after redirects, body and validators.</summary>
public sealed record SafeHttpResponse(
    HttpStatusCode Status,
    Uri FinalUrl,
    byte[] Body,
    string? MediaType,
    string? Charset,
    string? ETag,
    string? LastModified)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The body as text in the declared charset, else UTF-8 (a BOM wins over both).</summary>
    public string Text()
    {
        Encoding encoding = Encoding.UTF8;
        if (Charset is { Length: > 0 } name)
        {
            try
            {
                encoding = Encoding.GetEncoding(name.Trim('"', '\''));
            }
            catch (ArgumentException)
            {
                // An unknown charset is far more often mislabelled UTF-8 than anything else.
            }
        }

        using var reader = new StreamReader(new MemoryStream(Body), encoding, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// Fetches feeds and pages without letting a URL turn the bot against its own network: only http and https, every
/// connection's address checked as it is made (so a DNS answer that changes between check and connect cannot slip a
/// private address through), redirects followed by hand (at most <see cref="MaxRedirects"/>, each re-checked), bodies
/// capped in size and the whole fetch bounded in time. The connections come from the <see cref="ClientName"/> client
/// of <see cref="IHttpClientFactory"/>, whose primary handler <see cref="ConfigureHandler"/> sets up
/// (<see cref="FeedsServiceCollectionExtensions.AddBotFeeds"/> registers both).
/// </summary>
public sealed class SafeHttp
{
    public const int MaxRedirects = 5;
    public const string UserAgent = "PolicyBot/1.0 (+feed reader)";

    /// <summary>The name of the factory's client for feeds and pages; no other code may use it to fetch.</summary>
    public const string ClientName = "PolicyBot.Feeds";

    private readonly IHttpClientFactory _clients;
    private readonly TimeSpan _timeout;

    public SafeHttp(IHttpClientFactory clients, TimeSpan timeout)
    {
        _clients = clients;
        _timeout = timeout;
    }

    /// <summary>No timeout of its own (<see cref="GetAsync(Uri, long, string?, string?, CancellationToken)"/> bounds the whole exchange, body included) and the bot's User-Agent.</summary>
    internal static void ConfigureClient(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    /// <summary>
    /// Makes <paramref name="handler"/> connect only to addresses <paramref name="addressAllowed"/> accepts. It does not
    /// follow redirects (the caller must re-check each target's scheme) and uses no proxy (a proxy would be the address
    /// checked, not the site).
    /// </summary>
    internal static void ConfigureHandler(SocketsHttpHandler handler, Func<IPAddress, bool> addressAllowed)
    {
        handler.AllowAutoRedirect = false;
        handler.UseProxy = false;
        handler.AutomaticDecompression = DecompressionMethods.All;
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        handler.ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, addressAllowed, ct);
    }

    /// <summary>Fetches <paramref name="url"/>, following redirects, reading at most <paramref name="maxBytes"/> of body.</summary>
    /// <exception cref="SafeHttpException">The URL or a redirect was refused, or the fetch was too large or too slow.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public async Task<SafeHttpResponse> GetAsync(Uri url, long maxBytes, string? ifNoneMatch, string? ifModifiedSince, CancellationToken ct)
    {
        CheckScheme(url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            return await FetchAsync(url, maxBytes, ifNoneMatch, ifModifiedSince, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SafeHttpException($"{url} did not answer within {_timeout.TotalSeconds:0} seconds");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SafeHttpException refused)
        {
            // The connect callback's refusal arrives wrapped; its message is the one worth showing.
            throw new SafeHttpException(refused.Message, ex);
        }
    }

    public Task<SafeHttpResponse> GetAsync(Uri url, long maxBytes, CancellationToken ct) => GetAsync(url, maxBytes, null, null, ct);

    private async Task<SafeHttpResponse> FetchAsync(Uri url, long maxBytes, string? ifNoneMatch, string? ifModifiedSince, CancellationToken ct)
    {
        // Clients from the factory are cheap; its pooled handler keeps the connections.
        var client = _clients.CreateClient(ClientName);
        Uri current = url;
        for (int redirects = 0; ; redirects++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (!string.IsNullOrEmpty(ifNoneMatch))
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            if (!string.IsNullOrEmpty(ifModifiedSince))
            {
                request.Headers.TryAddWithoutValidation("If-Modified-Since", ifModifiedSince);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            int status = (int)response.StatusCode;
            if (status is 301 or 302 or 303 or 307 or 308)
            {
                if (redirects >= MaxRedirects)
                {
                    throw new SafeHttpException($"{url} redirected more than {MaxRedirects} times");
                }

                if (response.Headers.Location is not { } location)
                {
                    throw new SafeHttpException($"{current} redirected without saying where to");
                }

                current = location.IsAbsoluteUri ? location : new Uri(current, location);
                CheckScheme(current);
                continue;
            }

            byte[] body = await ReadCappedAsync(response.Content, maxBytes, current, ct);
            return new SafeHttpResponse(
                response.StatusCode,
                current,
                body,
                response.Content.Headers.ContentType?.MediaType,
                response.Content.Headers.ContentType?.CharSet,
                response.Headers.ETag?.ToString(),
                response.Content.Headers.TryGetValues("Last-Modified", out var lm) ? lm.FirstOrDefault() : null);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long maxBytes, Uri url, CancellationToken ct)
    {
        if (content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(url, maxBytes);
        }

        // Counted as read, after decompression: neither a lying Content-Length nor a compressed bomb gets past the cap.
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(url, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SafeHttpException TooLarge(Uri url, long maxBytes) =>
        new($"{url} is larger than the limit of {maxBytes} bytes");

    /// <summary>Refuses anything but absolute http and https URLs, before any request is made.</summary>
    public static void CheckScheme(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new SafeHttpException($"only http and https URLs can be fetched, not '{(url.IsAbsoluteUri ? url.Scheme + ":" : url.OriginalString)}'");
        }
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, Func<IPAddress, bool> addressAllowed, CancellationToken ct)
    {
        IPAddress[] addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? new[] { literal }
            : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var allowed = addresses.Where(addressAllowed).ToList();
        if (allowed.Count == 0)
        {
            string shown = addresses.Length > 0 ? string.Join(", ", addresses.Select(a => a.ToString())) : "no address";
            throw new SafeHttpException(
                $"refused to connect to {endPoint.Host} ({shown}): loopback, private, link-local and other internal addresses are not fetched (Articles:AllowPrivateNetworks is off)");
        }

        // Connect to exactly the addresses just checked: resolving again here would let DNS answer differently.
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new HttpRequestException($"could not connect to {endPoint.Host}:{endPoint.Port}", last);
    }

    /// <summary>
    /// True when an address may be fetched: public unicast always; loopback, private (10/8, 172.16/12, 192.168/16,
    /// 100.64/10, fc00::/7), link-local (169.254/16, fe80::/10), unspecified, multicast, broadcast and reserved ranges
    /// only when <paramref name="allowPrivateNetworks"/> is set. IPv4 written as IPv6 (::ffff:10.0.0.1) is judged as IPv4.
    /// </summary>
    public static bool IsAllowedAddress(IPAddress address, bool allowPrivateNetworks)
    {
        if (allowPrivateNetworks)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            byte[] b = address.GetAddressBytes();
            return !(b[0] == 0                                  // "this network", 0.0.0.0
                || b[0] == 10                                   // private
                || b[0] == 127                                  // loopback
                || (b[0] == 100 && (b[1] & 0xC0) == 64)         // carrier-grade NAT 100.64/10
                || (b[0] == 169 && b[1] == 254)                 // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)         // private 172.16/12
                || (b[0] == 192 && b[1] == 168)                 // private
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)      // IETF protocol assignments
                || (b[0] == 198 && (b[1] & 0xFE) == 18)         // benchmarking 198.18/15
                || b[0] >= 224);                                // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
            {
                return false;
            }

            byte[] b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC)
            {
                return false; // unique local fc00::/7
            }

            // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 address: judge that one.
            bool compatible = b.Take(12).All(x => x == 0);
            bool nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0);
            if (compatible || nat64)
            {
                return IsAllowedAddress(new IPAddress(b[12..]), allowPrivateNetworks: false);
            }

            return true;
        }

        return false;
    }
}
