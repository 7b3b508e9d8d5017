using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Gateway;

/// <summary>Records what the Gateway client hands to the bot; can be told to fail.</summary>
internal sealed class RecordingHandler : IDiscordGatewayHandler
{
    private readonly ConcurrentQueue<(DiscordGatewayMessage Message, string BotUserId)> _received = new();

    /// <summary>Messages whose content contains this make the handler throw after recording them.</summary>
    public string? ThrowOn { get; init; }

    public IReadOnlyList<(DiscordGatewayMessage Message, string BotUserId)> Received => _received.ToList();

    public IReadOnlyList<DiscordGatewayMessage> Messages => _received.Select(r => r.Message).ToList();

    /// <summary>Messages whose content contains this make the handler hang until shutdown.</summary>
    public string? BlockOn { get; init; }

    public async Task OnMessageAsync(DiscordGatewayMessage message, string botUserId, CancellationToken ct)
    {
        _received.Enqueue((message, botUserId));
        if (ThrowOn is { } marker && message.Content.Contains(marker, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("handler failure for " + message.Id);
        }

        if (BlockOn is { } block && message.Content.Contains(block, StringComparison.Ordinal))
        {
            await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, ct);
        }
    }
}

/// <summary>An ILogger that keeps every formatted line (and exception) so tests can read the log.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Text)> Entries => _entries.ToList();

    public string AllText => string.Join('\n', _entries.Select(e => e.Text));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string text = formatter(state, exception);
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            text += " | " + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}"));
        }

        if (exception is not null)
        {
            text += " | " + exception;
        }

        _entries.Enqueue((logLevel, text));
    }
}

/// <summary>A fake Gateway and a client connected to it, torn down together.</summary>
internal sealed class GatewayRig : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private GatewayRig(FakeDiscordGateway fake, DiscordGatewayClient client, RecordingHandler handler, CapturingLogger<DiscordGatewayClient> logs)
    {
        Fake = fake;
        Client = client;
        Handler = handler;
        Logs = logs;
        Run = Task.Run(() => client.RunAsync(_stop.Token));
    }

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public FakeDiscordGateway Fake { get; }

    public DiscordGatewayClient Client { get; }

    public RecordingHandler Handler { get; }

    public CapturingLogger<DiscordGatewayClient> Logs { get; }

    public Task Run { get; }

    /// <summary>Set by tests that assert RunAsync fails, so disposal does not rethrow the same fault.</summary>
    public bool RunFaultExpected { get; set; }

    public static async Task<GatewayRig> StartAsync(
        FakeDiscordGatewayOptions? fakeOptions = null,
        Action<FakeDiscordGateway, DiscordGatewayClientOptions>? configure = null,
        RecordingHandler? handler = null,
        Action<FakeDiscordGateway>? beforeConnect = null)
    {
        var fake = await FakeDiscordGateway.StartAsync(fakeOptions ?? new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 300 });
        beforeConnect?.Invoke(fake);
        var options = new DiscordGatewayClientOptions
        {
            BotToken = fake.Options.BotToken,
            ReconnectDelayMin = TimeSpan.FromMilliseconds(10),
            ReconnectDelayMax = TimeSpan.FromMilliseconds(200),
            InvalidSessionDelayMin = TimeSpan.FromMilliseconds(10),
            InvalidSessionDelayMax = TimeSpan.FromMilliseconds(30),
            CloseTimeout = TimeSpan.FromSeconds(1),
        };
        configure?.Invoke(fake, options);

        // The URL is handed over without its query: the client must add v=10&encoding=json itself.
        var gatewayUrl = new UriBuilder(fake.Url) { Query = "" }.Uri;
        var logs = new CapturingLogger<DiscordGatewayClient>();
        handler ??= new RecordingHandler();
        var client = new DiscordGatewayClient(options, _ => Task.FromResult(gatewayUrl), handler, TimeProvider.System, logs);
        return new GatewayRig(fake, client, handler, logs);
    }

    public static Task WaitUntilAsync(Func<bool> condition) => FakeDiscordGateway.WaitUntilAsync(condition, Timeout);

    public Task WaitReadyAsync() => WaitUntilAsync(() => Client.IsReady);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(Timeout);
        }
        catch (Exception) when (RunFaultExpected && Run.IsFaulted)
        {
            // The test has asserted on it already.
        }
        finally
        {
            await Fake.DisposeAsync();
            _stop.Dispose();
        }
    }
}
