using System.Text.Json.Nodes;
using PolicyBot.TestKit.FakeDiscord;
using static PolicyBot.Adapters.Discord.Tests.FakeDiscord.FakeDiscordHttp;

namespace PolicyBot.Adapters.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordCommandTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private FakeDiscordApi _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscordApi.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private string Global => $"applications/{_discord.ApplicationId}/commands";

    private static JsonObject Option(string name, bool required, int type = 3) =>
        new() { ["type"] = type, ["name"] = name, ["description"] = "The " + name, ["required"] = required };

    private static JsonObject Command(string name, params JsonObject[] options) => new()
    {
        ["name"] = name,
        ["type"] = 1,
        ["description"] = "Ask about a policy",
        ["default_member_permissions"] = null,
        ["contexts"] = new JsonArray(0, 1),
        ["options"] = new JsonArray(options.Select(o => (JsonNode)o).ToArray()),
    };

    private static string FirstErrorCode(JsonNode? body, params string[] path)
    {
        JsonNode? node = body!["errors"];
        foreach (string part in path)
        {
            node = node?[part];
        }

        return node?["_errors"]?[0]?["code"]?.GetValue<string>() ?? $"no error at {string.Join('.', path)} in {body.ToJsonString()}";
    }

    [Fact]
    public async Task Put_GoodDefinition_Returns200WithIdsAndIsListedByGet()
    {
        var commands = new JsonArray(Command("policy", Option("question", true), Option("topic", false)), new JsonObject { ["name"] = "Explain this", ["type"] = 3 });

        var (put, putBody) = await SendAsync(_http, _discord, HttpMethod.Put, Global, commands);
        var (get, getBody) = await SendAsync(_http, _discord, HttpMethod.Get, Global);

        Assert.Equal(200, (int)put.StatusCode);
        var stored = putBody!.AsArray();
        Assert.Equal(2, stored.Count);
        Assert.Matches("^[0-9]+$", stored[0]!["id"]!.GetValue<string>());
        Assert.Equal(_discord.ApplicationId, stored[0]!["application_id"]!.GetValue<string>());
        Assert.NotNull(stored[0]!["version"]);
        Assert.Equal(200, (int)get.StatusCode);
        Assert.Equal(["policy", "Explain this"], getBody!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal(1, _discord.CommandPuts());
        Assert.Equal(2, _discord.GlobalCommands.Count);
    }

    [Fact]
    public async Task Put_Twice_ReplacesAllAndKeepsIdsOfSameName()
    {
        var (_, first) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("policy"), Command("help")));
        var (_, second) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("policy")));

        Assert.Equal(first![0]!["id"]!.GetValue<string>(), second![0]!["id"]!.GetValue<string>());
        Assert.Single(_discord.GlobalCommands);
        Assert.Equal(2, _discord.CommandPuts());
    }

    [Fact]
    public async Task Put_GuildScope_IsStoredSeparately()
    {
        var (put, body) = await SendAsync(_http, _discord, HttpMethod.Put, $"applications/{_discord.ApplicationId}/guilds/1200000000000000001/commands", new JsonArray(Command("policy")));

        Assert.Equal(200, (int)put.StatusCode);
        Assert.Equal("1200000000000000001", body![0]!["guild_id"]!.GetValue<string>());
        Assert.Single(_discord.GuildCommands("1200000000000000001"));
        Assert.Empty(_discord.GlobalCommands);
        Assert.Equal(1, _discord.CommandPuts("1200000000000000001"));
        Assert.Equal(0, _discord.CommandPuts());
    }

    [Theory]
    [InlineData("Policy")]
    [InlineData("policy bot")]
    [InlineData("")]
    [InlineData("a-name-that-is-much-longer-than-32-chars")]
    public async Task Put_BadName_Is50035OnName(string name)
    {
        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("ok"), Command(name)));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
        Assert.Equal("Invalid Form Body", body!["message"]!.GetValue<string>());
        Assert.StartsWith("APPLICATION_COMMAND_INVALID_NAME", FirstErrorCode(body, "1", "name"), StringComparison.Ordinal);
        Assert.Equal(0, _discord.CommandPuts());
    }

    [Fact]
    public async Task Put_NonLatinLowercaseName_IsAccepted()
    {
        var (response, _) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("règle"), Command("नीति")));

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Put_RequiredAfterOptional_Is50035()
    {
        var (_, body) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("policy", Option("topic", false), Option("question", true))));

        Assert.Equal(50035, Code(body));
        Assert.Equal("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", FirstErrorCode(body, "0", "options", "1", "required"));
    }

    [Fact]
    public async Task Put_26Choices_Is50035()
    {
        var option = Option("topic", false);
        option["choices"] = new JsonArray(Enumerable.Range(0, 26).Select(i => (JsonNode)new JsonObject { ["name"] = "c" + i, ["value"] = "v" + i }).ToArray());

        var (_, body) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(Command("policy", option)));

        Assert.Equal(50035, Code(body));
        Assert.Equal("BASE_TYPE_MAX_LENGTH", FirstErrorCode(body, "0", "options", "0", "choices"));
    }

    [Fact]
    public async Task Put_OtherRuleBreaks_Are50035AtTheirPaths()
    {
        var autocompleteWithChoices = Option("topic", false);
        autocompleteWithChoices["autocomplete"] = true;
        autocompleteWithChoices["choices"] = new JsonArray(new JsonObject { ["name"] = "a", ["value"] = "a" });
        var numericPermissions = Command("perm");
        numericPermissions["default_member_permissions"] = 8;
        var tooLong = Command("big", Enumerable.Range(0, 20).Select(i => new JsonObject
        {
            ["type"] = 3, ["name"] = "o" + i, ["description"] = new string('d', 100),
            ["choices"] = new JsonArray(Enumerable.Range(0, 4).Select(j => (JsonNode)new JsonObject { ["name"] = new string('n', 100), ["value"] = "v" }).ToArray()),
        }).ToArray());

        var (_, body) = await SendAsync(_http, _discord, HttpMethod.Put, Global, new JsonArray(
            Command("policy", autocompleteWithChoices), numericPermissions, Command("policy"), tooLong, new JsonObject { ["name"] = "nodesc" }));

        Assert.Equal(50035, Code(body));
        Assert.NotNull(body!["errors"]!["0"]!["options"]!["0"]!["autocomplete"]);
        Assert.NotNull(body["errors"]!["1"]!["default_member_permissions"]);
        Assert.Equal("APPLICATION_COMMANDS_DUPLICATE_NAME", FirstErrorCode(body, "2", "name"));
        Assert.Equal("APPLICATION_COMMAND_TOO_LARGE", FirstErrorCode(body, "3"));
        Assert.Equal("BASE_TYPE_REQUIRED", FirstErrorCode(body, "4", "description"));
    }

    [Fact]
    public async Task Put_101ChatInputCommands_Is50035()
    {
        var commands = new JsonArray(Enumerable.Range(0, 101).Select(i => (JsonNode)Command("c" + i)).ToArray());

        var (_, body) = await SendAsync(_http, _discord, HttpMethod.Put, Global, commands);

        Assert.Equal(50035, Code(body));
        Assert.Equal("APPLICATION_COMMANDS_TOO_MANY", body!["errors"]!["_errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_OtherApplication_Is404()
    {
        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Put, "applications/1/commands", new JsonArray(Command("policy")));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(10002, Code(body));
    }
}
