using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;

namespace PolicyBot.Storage.Tests;

public sealed class StorageOptionsTests : IDisposable
{
    private const string PostgresWithPassword = "Host=db.internal;Database=policybot;Username=bot;Password=s3cret-pw";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pb-storage-" + Guid.NewGuid().ToString("N"));

    public StorageOptionsTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static List<ValidationResult> Validate(StorageOptions options) =>
        [.. options.Validate(new ValidationContext(options))];

    [Theory]
    [InlineData("Sqlite", null)]
    [InlineData("sqlite", null)]
    [InlineData("Postgres", PostgresWithPassword)]
    [InlineData("POSTGRES", PostgresWithPassword)]
    public void Provider_SqliteOrPostgres_AnyCase_IsValid(string provider, string? connectionString)
    {
        Assert.Empty(Validate(new StorageOptions { Provider = provider, ConnectionString = connectionString }));
    }

    [Fact]
    public void Provider_Unknown_IsRefused_NamingTheChoices()
    {
        var error = Assert.Single(Validate(new StorageOptions { Provider = "MySql" }));
        Assert.Contains("Sqlite or Postgres", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Postgres_WithoutAConnectionString_IsRefused_SayingWhereToSetIt(string? connectionString)
    {
        var error = Assert.Single(Validate(new StorageOptions { Provider = "postgres", ConnectionString = connectionString }));
        Assert.Contains("Storage:ConnectionString", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("Storage__ConnectionString", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Postgres_LeavesThePasswordOut()
    {
        string described = new StorageOptions { Provider = "Postgres", ConnectionString = PostgresWithPassword }.Describe();
        Assert.StartsWith("PostgreSQL Host=db.internal;", described, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", described, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBotStorage_Sqlite_RegistersOneStoreAsEveryRole_ReplacingTheInProcessDefaults()
    {
        using var provider = Services(("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "alerts.db")}"), out var logged);
        var store = provider.GetRequiredService<SqlStore>();
        Assert.Same(store, provider.GetRequiredService<ISubscriptionStore>());
        Assert.Same(store, provider.GetRequiredService<IArticleVersionStore>());
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IFeedStateStore>());
        Assert.Same(store, provider.GetRequiredService<IReplicaCoordination>());
        Assert.Same(store, provider.GetRequiredService<IFeedbackStore>());
        Assert.Same(store, provider.GetRequiredService<IConversationStore>());
        Assert.Contains(logged, line => line.Contains("SQLite Data Source=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddBotStorage_Sqlite_TheRegisteredStoreWorks()
    {
        using var provider = Services(("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "alerts.db")}"), out _);
        var channel = new ChannelRef("shell", "console");
        Assert.True(await provider.GetRequiredService<ISubscriptionStore>().SubscribeAsync(channel, "tariffs", "me", DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal("tariffs", Assert.Single(await provider.GetRequiredService<ISubscriptionStore>().SubscriptionsAsync(channel, CancellationToken.None)).Topic);
    }

    [Fact]
    public void AddBotStorage_Postgres_RegistersOneStoreAsEveryRole_AndLogsNoPassword()
    {
        using var provider = Services(("Storage:Provider", "postgres"), out var logged, ("Storage:ConnectionString", PostgresWithPassword));
        var store = provider.GetRequiredService<SqlStore>();
        Assert.Same(store, provider.GetRequiredService<IOutboxStore>());
        Assert.Same(store, provider.GetRequiredService<IReplicaCoordination>());
        Assert.Same(store, provider.GetRequiredService<IConversationStore>());
        Assert.Contains(logged, line => line.Contains("PostgreSQL Host=db.internal", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void AddBotStorage_PostgresWithoutConnectionString_FailsValidation()
    {
        using var provider = Services(("Storage:Provider", "Postgres"), out _);
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services((string Key, string Value) setting, out List<string> logged, params (string Key, string Value)[] more)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new[] { setting }.Concat(more).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var lines = new List<string>();
        logged = lines;
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(new ListLoggerProvider(lines)));
        // Core's in-process defaults, registered first as the host does: the store must replace them.
        services.AddSingleton<IFeedbackStore>(new FeedbackLog(Path.Combine(Path.GetTempPath(), "unused-feedback.jsonl")));
        services.AddSingleton<IConversationStore>(new NoConversations());
        services.AddBotStorage(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Stands in for Core's in-process conversation memory, only to be replaced.</summary>
    private sealed class NoConversations : IConversationStore
    {
        public Task<ConversationState?> RecallAsync(string conversation, CancellationToken ct) => Task.FromResult<ConversationState?>(null);

        public Task RememberAsync(string conversation, ConversationState state, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>Keeps every formatted log line, to check what a log would show.</summary>
    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines)
                {
                    lines.Add(formatter(state, exception));
                }
            }
        }
    }
}
