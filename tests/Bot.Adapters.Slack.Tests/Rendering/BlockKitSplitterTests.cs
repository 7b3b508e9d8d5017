using PolicyBot.Adapters.Slack.Rendering;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

public class BlockKitSplitterTests
{
    [Fact]
    public void TrimAtSentence_TooLong_KeepsWholeSentencesAndAddsEllipsis()
    {
        string text = "First sentence here. Second sentence here. Third sentence here.";

        string trimmed = BlockKitSplitter.TrimAtSentence(text, 45);

        Assert.Equal("First sentence here. Second sentence here. …", trimmed);
    }
}
