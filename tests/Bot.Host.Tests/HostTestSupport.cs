using System.Net;
using System.Net.Sockets;

namespace PolicyBot.Host.Tests;

/// <summary>Starting `policybot serve` in a test: a free loopback port, and waiting until it answers /healthz.</summary>
internal static class HostTestSupport
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits (bounded) until the bot answers /healthz; false when it never did.</summary>
    public static async Task<bool> WaitForHealthAsync(HttpClient http)
    {
        for (int i = 0; i < 300; i++)
        {
            try
            {
                using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        return false;
    }
}
