namespace PolicyBot.Adapters.Slack.Tests.Rendering;

/// <summary>The shape checker must itself catch bad messages, or the rendering tests prove nothing.</summary>
public class BlockKitShapeTests
{
    [Theory]
    [InlineData("""{"text":"t","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"ok","verbatim":true}}]}""", null)]
    [InlineData("""{"blocks":[]}""", "top-level text")]
    [InlineData("""{"text":"t","blocks":[{"type":"sektion","text":{"type":"mrkdwn","text":"x"}}]}""", "unknown block type")]
    [InlineData("""{"text":"t","blocks":[{"type":"section","txt":{"type":"mrkdwn","text":"x"}}]}""", "not allowed")]
    [InlineData("""{"text":"t","blocks":[{"type":"section","text":{"type":"markdown","text":"x"}}]}""", "type 'markdown'")]
    [InlineData("""{"text":"t","blocks":[{"type":"section","text":{"type":"mrkdwn","text":""}}]}""", "0 characters")]
    [InlineData("""{"text":"t","blocks":[{"type":"header","text":{"type":"mrkdwn","text":"x"}}]}""", "plain_text")]
    [InlineData("""{"text":"t","blocks":[{"type":"context","elements":[]}]}""", "1–10 elements")]
    [InlineData("""{"text":"t","blocks":[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"x"},"actionId":"a"}]}]}""", "action_id")]
    [InlineData("""{"text":"t","blocks":[{"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"x"},"action_id":"a","style":"green"}]}]}""", "style")]
    [InlineData("""{"text":"t","blocks":[{"type":"divider","block_id":"a"},{"type":"divider","block_id":"a"}]}""", "duplicate block_id")]
    public void Validate_Message_ReportsEachViolation(string json, string? expected)
    {
        var errors = BlockKitShape.Validate(json);

        if (expected is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_SectionOver3000AndFiftyOneBlocks_ReportsBoth()
    {
        string section = $$$"""{"type":"section","text":{"type":"mrkdwn","text":"{{{new string('x', 3001)}}}"}}""";
        string divider = """{"type":"divider"}""";
        string json = $$"""{"text":"t","blocks":[{{section}},{{string.Join(',', Enumerable.Repeat(divider, 50))}}]}""";

        var errors = BlockKitShape.Validate(json);

        Assert.Contains(errors, e => e.Contains("3001 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("51 blocks", StringComparison.Ordinal));
    }

    [Fact]
    public void Visible_TokensLinksAndEntities_ShowWhatTheReaderSees()
    {
        Assert.Equal("a*b <c> & d label", BlockKitShape.Visible("a<!date^00000000^{_}|*>b &lt;c&gt; &amp; d <https://x.example/|label>"));
    }
}
