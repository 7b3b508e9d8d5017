using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using static PolicyBot.Adapters.Slack.Tests.Rendering.BlockKitSamples;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

/// <summary>
/// Rendered messages kept as JSON under Payloads/rendered/, reviewed by eye once and compared ever after. To re-record
/// after an intended change, run the tests with POLICYBOT_RECORD_RENDERED=1 and review the diff.
/// </summary>
public class BlockKitRecordedTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<object[]> Recorded()
    {
        yield return new object[]
        {
            "answer.json",
            new AnswerReply("Will Canada cut tariffs on Chinese EVs?", new[] { new Passage(Quote, Article, 2, 0.91) }),
            new BlockKitRenderOptions { ShareInChannel = true },
        };
        yield return new object[]
        {
            "no-answer.json",
            new DeclinedReply("What did <!channel> say about *steel*?", "The closest passage only shares the word 'steel' with the question.", new[] { new Passage("Quotas on steel & aluminium were cut by ~10% <@U1>.", Other, 1, 0.21) }),
            BlockKitRenderOptions.Default,
        };
    }

    [Theory]
    [MemberData(nameof(Recorded))]
    public void Render_KnownReply_MatchesRecordedJson(string file, Reply reply, BlockKitRenderOptions options)
    {
        var actual = BlockKitRenderer.Render(reply, options).ToJsonObject();
        string actualJson = actual.ToJsonString(Indented);
        if (Environment.GetEnvironmentVariable("POLICYBOT_RECORD_RENDERED") == "1")
        {
            File.WriteAllText(Path.Combine(ProjectDirectory(), "Payloads", "rendered", file), actualJson + "\n");
        }

        string path = Path.Combine(AppContext.BaseDirectory, "Payloads", "rendered", file);
        Assert.True(File.Exists(path), $"missing {path}; actual:\n{actualJson}");
        var expected = JsonNode.Parse(File.ReadAllText(path));

        Assert.True(JsonNode.DeepEquals(expected, actual), $"{file} differs; actual:\n{actualJson}");
        Assert.Empty(BlockKitShape.Validate(actualJson));
    }

    private static string ProjectDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && dir.GetFiles("Bot.Adapters.Slack.Tests.csproj").Length == 0)
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("test project directory not found");
    }
}
