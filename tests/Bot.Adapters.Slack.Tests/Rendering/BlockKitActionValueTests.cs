using PolicyBot.Adapters.Slack.Rendering;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

public class BlockKitActionValueTests
{
    [Fact]
    public void Encode_QuestionAndPassages_RoundTripsThroughTryParse()
    {
        var value = new BlockKitActionValue("what about \"Canada\" & <!here>?", new[] { new BlockKitPassageRef("ev-tariffs", 2), new BlockKitPassageRef("steel", 11) });

        Assert.True(BlockKitActionValue.TryParse(value.Encode(), out var parsed));

        Assert.Equal(value.Question, parsed.Question);
        Assert.Equal(value.Passages, parsed.Passages);
    }

    [Fact]
    public void Encode_VeryLongQuestion_ShortensQuestionKeepsPassagesAndFits()
    {
        string question = string.Concat(Enumerable.Repeat("Is the 😀 tariff \"high\"? ", 200));
        var passages = Enumerable.Range(1, 5).Select(i => new BlockKitPassageRef($"article-{i}", i)).ToList();

        string encoded = new BlockKitActionValue(question, passages).Encode();

        Assert.True(encoded.Length <= BlockKitLimits.MaxButtonValue, $"{encoded.Length} characters");
        Assert.True(BlockKitActionValue.TryParse(encoded, out var parsed));
        Assert.Equal(passages, parsed.Passages);
        Assert.StartsWith(parsed.Question, question, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(parsed.Question[^1]), "a surrogate pair was cut");
    }

    [Fact]
    public void Encode_TooManyPassagesForTheLimit_DropsTrailingPassagesOnly()
    {
        var passages = Enumerable.Range(1, 300).Select(i => new BlockKitPassageRef($"article-with-a-long-identifier-{i}", i)).ToList();

        string encoded = new BlockKitActionValue("q", passages).Encode();

        Assert.True(encoded.Length <= BlockKitLimits.MaxButtonValue, $"{encoded.Length} characters");
        Assert.True(BlockKitActionValue.TryParse(encoded, out var parsed));
        Assert.InRange(parsed.Passages.Count, 1, 299);
        Assert.Equal(passages.Take(parsed.Passages.Count), parsed.Passages);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("share")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("{\"q\":1,\"p\":[]}")]
    [InlineData("{\"q\":\"x\",\"p\":[[\"a\",\"b\"]]}")]
    [InlineData("{\"q\":\"x\",\"p\":[[\"a\"]]}")]
    public void TryParse_NotAnActionValue_ReturnsFalse(string? value)
    {
        Assert.False(BlockKitActionValue.TryParse(value, out var parsed));
        Assert.Null(parsed);
    }
}
