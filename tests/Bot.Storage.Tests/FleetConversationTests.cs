using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyBot.Core.Conversation;
using PolicyBot.TestKit;

namespace PolicyBot.Storage.Tests;

/// <summary>
/// Two replicas of the bot (two containers, each with its own store instance and connection pool) on one database: a
/// follow-up in a thread answered by one replica may land on the other, which must answer it from the conversation the
/// first one stored. On SQLite (one file) always, on PostgreSQL when <c>POLICYBOT_TEST_POSTGRES</c> names a server.
/// </summary>
public sealed class FleetConversationTests
{
    private const string Question = "How did the EU avoid additional tariffs on Chinese electric vehicles?";

    [SkippableTheory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task FollowUp_LandingOnTheOtherReplica_IsAnsweredFromTheSharedStore(string provider)
    {
        using var folder = new TempArticleFolder();
        folder.AddSeed();
        await using var database = await TestDatabase.CreateAsync(provider, folder);
        string thread = "slack:C1:" + Guid.NewGuid().ToString("N");
        await using var first = TestChat.Start(folder, alerts: true, configure: database.Use, conversation: thread);
        await using var second = TestChat.Start(folder, alerts: true, configure: database.Use, conversation: thread);

        var answer = Assert.IsType<AnswerReply>(await first.Send(Question));
        bool known = await second.Bot.IsInConversationAsync(thread, CancellationToken.None);
        var followUp = Assert.IsType<AnswerReply>(await second.Send("and what about Canada?"));
        var more = await first.Send("more");

        Assert.IsType<SqlStore>(second.Services.GetRequiredService<IConversationStore>());
        Assert.True(known, "the second replica must know the thread the first one answered");
        Assert.Contains("Trudeau", followUp.Passages[0].Text, StringComparison.Ordinal);
        Assert.NotEqual(answer.Passages[0].Text, followUp.Passages[0].Text);
        // Back on the first replica, "more" continues the follow-up the second one answered.
        Assert.NotEqual(followUp.Passages[0].Text, Assert.Single(more.Shown()).Text);
    }

    /// <summary>The database both replicas use: the SQLite file in the article folder, or a PostgreSQL database of its own.</summary>
    private sealed class TestDatabase : IAsyncDisposable
    {
        private readonly string? _server;
        private readonly string? _name;
        private readonly List<SqlStore> _stores = [];

        private TestDatabase(string? server, string? name)
        {
            _server = server;
            _name = name;
        }

        public string? ConnectionString => _server is null ? null : new NpgsqlConnectionStringBuilder(_server) { Database = _name }.ConnectionString;

        public static async Task<TestDatabase> CreateAsync(string provider, TempArticleFolder folder)
        {
            if (provider == "sqlite")
            {
                return new TestDatabase(null, null); // TestChat's store is SQLite in the folder both chats share.
            }

            string? server = Environment.GetEnvironmentVariable("POLICYBOT_TEST_POSTGRES") is { Length: > 0 } s ? s : null;
            Skip.If(server is null, "POLICYBOT_TEST_POSTGRES is not set: no PostgreSQL server to test against (scripts/ci-postgres.sh starts one).");
            var database = new TestDatabase(server, "pb_" + Guid.NewGuid().ToString("N"));
            await database.AdminAsync($"CREATE DATABASE \"{database._name}\";");
            return database;
        }

        /// <summary>Gives a replica a store of its own on this database (the last registration of the store wins).</summary>
        public void Use(IServiceCollection services)
        {
            if (ConnectionString is { } connectionString)
            {
                var store = SqlStore.ForPostgres(connectionString);
                _stores.Add(store);
                services.AddSingleton(store);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var store in _stores)
            {
                await store.DisposeAsync();
            }

            if (_name is not null)
            {
                NpgsqlConnection.ClearAllPools();
                await AdminAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE);");
            }
        }

        private async Task AdminAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Pooling = false }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
