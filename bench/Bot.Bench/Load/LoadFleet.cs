using System.Net;
using System.Net.Sockets;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Hosting;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Bench.Load;

/// <summary>How the replicas are configured: the article folder, the shared store, and words or words + meaning.</summary>
internal sealed record FleetSettings(string Articles, string Work, string? Postgres, bool Semantic)
{
    public const string SigningSecret = "load-bench-signing-secret";
}

/// <summary>
/// N replicas of <c>policybot serve</c> started in this process through <see cref="PolicyBotCli.RunAsync"/>, each on its
/// own loopback port and index folder, all on the same article folder and the same store, talking to the one fake Slack
/// and the one fake Discord.
/// </summary>
internal sealed class LoadFleet : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly List<Replica> _replicas = [];

    private LoadFleet()
    {
    }

    /// <summary>The replicas' base URLs (http://127.0.0.1:port), in replica order.</summary>
    public IReadOnlyList<Uri> Urls => _replicas.Select(r => r.Url).ToList();

    public static async Task<LoadFleet> StartAsync(int count, FleetSettings settings, FakeSlackWebApi slack, FakeDiscordApi discord, CancellationToken ct)
    {
        var fleet = new LoadFleet();
        try
        {
            for (int i = 1; i <= count; i++)
            {
                fleet._replicas.Add(Replica.Start(i, settings, slack, discord));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            foreach (var replica in fleet._replicas)
            {
                await replica.WaitUntilHealthyAsync(http, ct);
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>The arguments one replica is started with (also printed in the report).</summary>
    public static string[] ServeArguments(int index, int port, FleetSettings settings, FakeSlackWebApi slack, FakeDiscordApi discord)
    {
        string storage = settings.Postgres is { } postgres
            ? $"--Storage:ConnectionString={postgres}"
            : $"--Storage:ConnectionString=Data Source={Path.Combine(settings.Work, "fleet.db")}";
        var args = new List<string>
        {
            "serve", "--articles", settings.Articles,
            $"--Articles:IndexPath={Path.Combine(settings.Work, $"index-r{index}")}",
            storage,
            $"--Answers:Semantic={(settings.Semantic ? "true" : "false")}",
            "--Slack:Enabled=true", "--Slack:Mode=Http", $"--Slack:BotToken={slack.BotToken}", $"--Slack:SigningSecret={FleetSettings.SigningSecret}",
            $"--Slack:ApiBaseUrl={slack.BaseUrl}",
            "--Discord:Enabled=true", $"--Discord:ApplicationId={discord.ApplicationId}", $"--Discord:PublicKey={discord.PublicKeyHex}",
            $"--Discord:BotToken={discord.BotToken}", $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}", "--Discord:RegisterCommands=false",
            $"--Fleet:ReplicaId=r{index}",
            "--Alerts:Enabled=true",
            $"--Http:Urls=http://127.0.0.1:{port}",
            // Per-request information lines from two replicas would cost the shared 2 cores more than the answers do.
            "--Logging:LogLevel:Default=Warning",
        };
        if (settings.Postgres is not null)
        {
            args.Insert(args.IndexOf(storage), "--Storage:Provider=Postgres");
        }

        return args.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.StopAsync();
        }

        _replicas.Clear();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Replica(int index, Uri url, CancellationTokenSource stop, Task<int> serving, StringWriter error)
    {
        private bool _failedToStart;

        public Uri Url { get; } = url;

        public static Replica Start(int index, FleetSettings settings, FakeSlackWebApi slack, FakeDiscordApi discord)
        {
            int port = FreePort();
            var error = new StringWriter();
            var stop = new CancellationTokenSource();
            var args = ServeArguments(index, port, settings, slack, discord);
            // RunAsync builds the host synchronously before its first await; run it off this thread.
            var serving = Task.Run(() => PolicyBotCli.RunAsync(args, TextWriter.Null, TextWriter.Synchronized(error), stop.Token));
            return new Replica(index, new Uri($"http://127.0.0.1:{port}"), stop, serving, error);
        }

        public async Task WaitUntilHealthyAsync(HttpClient http, CancellationToken ct)
        {
            var deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                ct.ThrowIfCancellationRequested();
                if (serving.IsCompleted)
                {
                    int code = serving.IsFaulted ? -1 : await serving;
                    string why = serving.Exception?.GetBaseException().Message ?? error.ToString().Trim();
                    _failedToStart = true;
                    throw new InvalidDataException($"replica r{index} stopped while starting (exit code {code}): {why}");
                }

                try
                {
                    using var health = await http.GetAsync(new Uri(Url, "/healthz"), ct);
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        Report.Progress($"replica r{index} is up on {Url}");
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                    // A slow start; try again.
                }

                await Task.Delay(100, ct);
            }

            throw new TimeoutException($"replica r{index} did not answer /healthz within {StartTimeout.TotalSeconds:0} s");
        }

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            try
            {
                int code = await serving;
                if (code != 0 && !_failedToStart)
                {
                    Report.Progress($"replica r{index} exited with code {code}: {error.ToString().Trim()}");
                }
            }
            catch (Exception ex)
            {
                if (!_failedToStart)
                {
                    Report.Progress($"replica r{index} failed while stopping: {ex.GetBaseException().Message}");
                }
            }

            stop.Dispose();
        }
    }
}
