using PolicyBot.Core.Conversation;

namespace PolicyBot.Core.Tests.Conversation;

public class ReplyLimitsTests
{
    private static readonly string[] Sentences = { new('a', 40), new('b', 40), new('c', 40), new('d', 40) };

    [Fact]
    public void Fit_EverythingFits_KeepsAllAndOmitsNone()
    {
        var (kept, omitted) = ReplyLimits.Fit(Sentences, s => s.Length, 1000);

        Assert.Equal(Sentences, kept);
        Assert.Equal(0, omitted);
    }

    [Fact]
    public void Fit_TooLong_KeepsWholeItemsAndLeavesRoomForTheMoreLine()
    {
        // 3 × 40 = 120 fits in 125 only without the "…and 1 more" line (13 chars + newline).
        var (kept, omitted) = ReplyLimits.Fit(Sentences, s => s.Length, 125);

        Assert.Equal(Sentences[..2], kept);
        Assert.Equal(2, omitted);
        Assert.Equal("…and 2 more", ReplyLimits.MoreLine(omitted));
    }

    [Fact]
    public void Fit_ItemCap_StopsAtTheCap()
    {
        var (kept, omitted) = ReplyLimits.Fit(Sentences, s => s.Length, 10_000, maxItems: 3);

        Assert.Equal(3, kept.Count);
        Assert.Equal(1, omitted);
    }

    [Fact]
    public void Fit_FirstItemAloneTooLong_IsStillKeptWhole()
    {
        var (kept, omitted) = ReplyLimits.Fit(Sentences, s => s.Length, 10);

        Assert.Equal(new[] { Sentences[0] }, kept);
        Assert.Equal(3, omitted);
    }
}
