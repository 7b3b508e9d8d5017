using PolicyBot.Core.Articles;
using PolicyBot.Core.Tests.TestSupport;
using PolicyBot.Core.Text;

namespace PolicyBot.Core.Tests.Text;

public class SentenceSplitterTests
{
    [Theory]
    [InlineData("The U.K. and the U.S. agreed on a deal.", "The U.K. and the U.S. agreed on a deal.")]
    [InlineData("Mr. Smith met Dr. Li at Acme Inc. on Monday.", "Mr. Smith met Dr. Li at Acme Inc. on Monday.")]
    [InlineData("Mrs. Chen and Prof. Wang spoke. They agreed.", "Mrs. Chen and Prof. Wang spoke.", "They agreed.")]
    [InlineData("Contemporary Amperex Technology Co., Ltd. (CATL) makes cells.", "Contemporary Amperex Technology Co., Ltd. (CATL) makes cells.")]
    [InlineData("Apple Inc. reported results. Shares rose.", "Apple Inc. reported results.", "Shares rose.")]
    [InlineData("J. K. Rowling wrote it. She is rich.", "J. K. Rowling wrote it.", "She is rich.")]
    [InlineData("Analysts such as John F. Kennedy Jr. disagreed.", "Analysts such as John F. Kennedy Jr. disagreed.")]
    [InlineData("The rapper P. Diddy and the writer C. S. Lewis met.", "The rapper P. Diddy and the writer C. S. Lewis met.")]
    [InlineData("Use cheap inputs, e.g. steel and copper. Then sell.", "Use cheap inputs, e.g. steel and copper.", "Then sell.")]
    [InlineData("Several outlets, e.g. The Hill, reported it.", "Several outlets, e.g. The Hill, reported it.")]
    [InlineData("Some costs, i.e. The fixed ones, stay.", "Some costs, i.e. The fixed ones, stay.")]
    [InlineData("Tools, e.g., hammers, are cheap.", "Tools, e.g., hammers, are cheap.")]
    [InlineData("We met at 10 a.m. on Monday.", "We met at 10 a.m. on Monday.")]
    public void SplitText_Abbreviations_DoNotEndSentences(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("He works for Acme Inc. The firm is big.", "He works for Acme Inc.", "The firm is big.")]
    [InlineData("The meeting ended at 5 p.m. The talks resume today.", "The meeting ended at 5 p.m.", "The talks resume today.")]
    [InlineData("He was Martin Luther King Jr. The crowd cheered.", "He was Martin Luther King Jr.", "The crowd cheered.")]
    [InlineData("The shop is on Main St. The owner is Mr. Lee.", "The shop is on Main St.", "The owner is Mr. Lee.")]
    [InlineData("It makes pens, pencils, etc. However, sales are flat.", "It makes pens, pencils, etc.", "However, sales are flat.")]
    public void SplitText_AbbreviationFollowedBySentenceStarter_Splits(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("He loves modern art. The museum opened in May.", "He loves modern art.", "The museum opened in May.")]
    [InlineData("She bought a fig. The price was high.", "She bought a fig.", "The price was high.")]
    [InlineData("Wait a sec. The train is here.", "Wait a sec.", "The train is here.")]
    [InlineData("The answer is no. The vote failed.", "The answer is no.", "The vote failed.")]
    public void SplitText_WordThatIsAlsoAnAbbreviation_SplitsWhenNotBeforeNumber(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("He is ranked No. 5 in the world. Good.", "He is ranked No. 5 in the world.", "Good.")]
    [InlineData("See Fig. 3 for details. It shows growth.", "See Fig. 3 for details.", "It shows growth.")]
    [InlineData("He read p. 12 carefully. Then he slept.", "He read p. 12 carefully.", "Then he slept.")]
    [InlineData("Under Art. 5 of the treaty, members help. That is key.", "Under Art. 5 of the treaty, members help.", "That is key.")]
    public void SplitText_NumberAbbreviationBeforeNumber_DoesNotSplit(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("The drug helps patients with MS. Final approval is near.", "The drug helps patients with MS.", "Final approval is near.")]
    [InlineData("Output rose in the DR. Exports grew.", "Output rose in the DR.", "Exports grew.")]
    public void SplitText_AcronymLookingLikeAbbreviation_Splits(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Fact]
    public void SplitText_USAtSentenceEndFollowedByHowever_Splits()
    {
        const string text = "It blocked investment in building factories in the U.S. However, U.S. companies still want the technology.";

        Assert.Equal(
            new[] { "It blocked investment in building factories in the U.S.", "However, U.S. companies still want the technology." },
            SentenceSplitter.SplitText(text));
    }

    [Fact]
    public void SplitText_USCompaniesMidSentence_DoesNotSplit()
    {
        const string text = "Despite the numerous barriers, U.S. companies are still actively seeking Chinese technology.";

        Assert.Equal(new[] { text }, SentenceSplitter.SplitText(text));
    }

    [Fact]
    public void SplitText_USFollowedByQuotedName_DoesNotSplit()
    {
        const string text = "The U.S. \"The Hill\" newspaper published an article. It was long.";

        Assert.Equal(
            new[] { "The U.S. \"The Hill\" newspaper published an article.", "It was long." },
            SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("He lived in the U.S. \"It was great,\" he said.", "He lived in the U.S.", "\"It was great,\" he said.")]
    [InlineData("He lived in the U.S. “It was great,” he said.", "He lived in the U.S.", "“It was great,” he said.")]
    public void SplitText_USFollowedByQuotedSentence_Splits(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("It cost $8 billion. Then it cost more.", "It cost $8 billion.", "Then it cost more.")]
    [InlineData("Sales hit $1.13bn in 2024, up 3.5%. Profits fell.", "Sales hit $1.13bn in 2024, up 3.5%.", "Profits fell.")]
    [InlineData("Prices rose 3.5 per cent. In 2024, they fell 0.5%.", "Prices rose 3.5 per cent.", "In 2024, they fell 0.5%.")]
    [InlineData("The index was 1,234.56 points. Traders cheered.", "The index was 1,234.56 points.", "Traders cheered.")]
    public void SplitText_DecimalsAndMoney_SplitOnlyAtSentenceEnd(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Fact]
    public void SplitText_SentenceEndingInYear_Splits()
    {
        const string text = "Investments were canceled in the last three months of 2025. The trend continued.";

        Assert.Equal(
            new[] { "Investments were canceled in the last three months of 2025.", "The trend continued." },
            SentenceSplitter.SplitText(text));
    }

    [Fact]
    public void SplitText_SentenceStartingWithNumber_Splits()
    {
        Assert.Equal(
            new[] { "The plant opened.", "2025 was a record year." },
            SentenceSplitter.SplitText("The plant opened. 2025 was a record year."));
    }

    [Theory]
    [InlineData("He said \"Stop.\" Then he left.", "He said \"Stop.\"", "Then he left.")]
    [InlineData("She said “Stop.” Then he left.", "She said “Stop.”", "Then he left.")]
    [InlineData("He said ‘Stop.’ Then he left.", "He said ‘Stop.’", "Then he left.")]
    [InlineData("(This is bracketed.) Next sentence.", "(This is bracketed.)", "Next sentence.")]
    [InlineData("He agreed [twice.] Then he left.", "He agreed [twice.]", "Then he left.")]
    public void SplitText_TerminatorInsideClosingQuoteOrBracket_SplitsAfterIt(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("\"Is it?\" he asked.")]
    [InlineData("“Is it?” he asked.")]
    [InlineData("\"Stop!\" she shouted at them.")]
    [InlineData("He asked (why?) and left.")]
    [InlineData("The \"trout effect.\" is one idea.")]
    public void SplitText_TerminatorInQuoteFollowedByLowerCase_DoesNotSplit(string text)
    {
        Assert.Equal(new[] { text }, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("Wait... What happened? Nothing!", "Wait...", "What happened?", "Nothing!")]
    [InlineData("He waited… Then he left.", "He waited…", "Then he left.")]
    [InlineData("He paused... and then left.", "He paused... and then left.")]
    [InlineData("Stop!! Go?! Now.", "Stop!!", "Go?!", "Now.")]
    [InlineData("... Then it ended.", "... Then it ended.")]
    public void SplitText_EllipsesAndRepeatedTerminators_StayWithTheirSentence(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("中国很大。美国也很大！真的吗？是的。", "中国很大。", "美国也很大！", "真的吗？", "是的。")]
    [InlineData("这是第一句。 这是第二句。", "这是第一句。", "这是第二句。")]
    [InlineData("他说：「好。」然后走了。", "他说：「好。」", "然后走了。")]
    public void SplitText_CjkTerminators_SplitWithoutWhitespace(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("The deal covers U.S.-China trade.")]
    [InlineData("Visit example.com.cn for details.")]
    [InlineData("It was the 3.5.1 release.")]
    public void SplitText_PeriodWithoutFollowingSpace_DoesNotSplit(string text)
    {
        Assert.Equal(new[] { text }, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("   Leading space. Trailing space.   ", "Leading space.", "Trailing space.")]
    [InlineData("\tTabs.\t\tMore tabs.\t", "Tabs.", "More tabs.")]
    [InlineData("One.\u00A0Two.", "One.", "Two.")]
    [InlineData("No terminator at the end", "No terminator at the end")]
    public void SplitText_Whitespace_IsTrimmed(string text, params string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.SplitText(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void Split_EmptyOrWhitespace_ReturnsNoSpans(string text)
    {
        Assert.Empty(SentenceSplitter.Split(text, 0, text.Length));
    }

    [Fact]
    public void Split_Range_ReturnsOffsetsIntoWholeText()
    {
        const string before = "Ignore this. And this! ";
        const string paragraph = "  First one. Second one?  Third one!  ";
        const string after = "Not this. Nor this.";
        string text = before + paragraph + after;

        var spans = SentenceSplitter.Split(text, before.Length, paragraph.Length);

        Assert.Equal(
            new[] { "First one.", "Second one?", "Third one!" },
            spans.Select(s => text.Substring(s.Start, s.Length)));
        Assert.Equal(before.Length + 2, spans[0].Start);
        Assert.All(spans, s => Assert.InRange(s.End, before.Length, before.Length + paragraph.Length));
    }

    [Fact]
    public void Split_RangeEndingMidSentence_StopsAtRangeEnd()
    {
        const string text = "First one. Second one continues here.";
        int length = text.IndexOf("continues", StringComparison.Ordinal);

        var spans = SentenceSplitter.Split(text, 0, length);

        Assert.Equal(new[] { "First one.", "Second one" }, spans.Select(s => text.Substring(s.Start, s.Length)));
    }

    [Theory]
    [MemberData(nameof(InvariantCases))]
    public void Split_AnyText_SpansAreOrderedTrimmedAndCoverEveryWord(string text)
    {
        var spans = SentenceSplitter.Split(text, 0, text.Length);

        AssertWellFormed(text, 0, text.Length, spans);
    }

    public static TheoryData<string> InvariantCases() => new()
    {
        "He said \"Stop.\" Then... \"Is it?\" he asked. The U.S. economy grew 3.5%. Mr. Li left.",
        "  ... ?! 。 “”  ",
        "a. b. c. D. E. F.",
        "Line one\nline two. Next one.\n\nAnother.",
        "中国很大。美国也很大！ Yes. No. 5 is fine.",
        "$8 billion. $1.13bn. 3.5%. (A.) [B.] {C.}",
    };

    [Fact]
    public void Split_SeedParagraphs_MatchCountsReadFromTheText()
    {
        // Body lines of the seed (byline, blank line and the three trailing notices excluded); the
        // fifth is the photo caption, a single "sentence" without a terminator.
        var lines = RepoFiles.SeedText().Split('\n');
        var body = lines.Skip(1).Where(l => l.Trim().Length > 0).ToList();
        body = body.Take(body.Count - 3).ToList();
        int[] expected = { 4, 2, 2, 1, 1, 3, 1, 2, 4, 2, 1, 2, 2, 2, 2, 3, 4, 2 };

        var counts = body.Select(l => SentenceSplitter.Split(l, 0, l.Length).Count).ToArray();

        Assert.Equal(expected, counts);
        Assert.Equal(40, counts.Sum());
        foreach (string line in body)
        {
            AssertWellFormed(line, 0, line.Length, SentenceSplitter.Split(line, 0, line.Length));
        }
    }

    [Fact]
    public void SplitText_SeedFirstParagraph_KeepsQuotedTitleWithItsSentence()
    {
        string line = RepoFiles.SeedText().Split('\n')[1];

        var sentences = SentenceSplitter.SplitText(line);

        Assert.Equal("\"If the United States wants to compete, it must cooperate with China.\"", sentences[0]);
        Assert.StartsWith("The U.S. \"The Hill\" newspaper published an article on February 7", sentences[1], StringComparison.Ordinal);
        Assert.EndsWith("rethinking its tough stance toward China.", sentences[1], StringComparison.Ordinal);
        Assert.StartsWith("In contrast, the United States", sentences[2], StringComparison.Ordinal);
        Assert.StartsWith("The author directly stated", sentences[3], StringComparison.Ordinal);
    }

    [Fact]
    public void SplitText_SeedParagraphs_SplitAtVerifiedBoundaries()
    {
        var lines = RepoFiles.SeedText().Split('\n');
        string Line(string start) => lines.Single(l => l.StartsWith(start, StringComparison.Ordinal));

        var third = SentenceSplitter.SplitText(Line("However, in the United States"));
        Assert.EndsWith("hindered Chinese investment in building factories in the U.S.", third[0], StringComparison.Ordinal);
        Assert.Equal("However, U.S. companies eager to enhance their competitiveness still urgently want to leverage China's leading technology.", third[1]);

        var jobs = SentenceSplitter.SplitText(Line("The article wrote that"));
        Assert.Equal("The article wrote that the number of manufacturing jobs in the U.S. fell for the eighth consecutive month in December last year.", jobs[0]);
        Assert.EndsWith("record $8 billion in clean technology manufacturing investments being canceled in the last three months of 2025.", jobs[1], StringComparison.Ordinal);

        var ford = SentenceSplitter.SplitText(Line("In December last year, Ford"));
        Assert.Contains("Contemporary Amperex Technology Co., Ltd. (CATL) to produce", ford[0], StringComparison.Ordinal);
        Assert.Equal("The company is also considering collaborating with BYD to install BYD batteries in Ford models.", ford[1]);

        var trudeau = SentenceSplitter.SplitText(Line("After the electric vehicle trade agreement"));
        Assert.EndsWith("investment by China in Canada's automotive industry.\"", trudeau[0], StringComparison.Ordinal);
        Assert.StartsWith("Canada has just announced", trudeau[1], StringComparison.Ordinal);

        var paths = SentenceSplitter.SplitText(Line("The EU and Canada no longer debate"));
        Assert.Equal("The EU and Canada no longer debate \"whether\" to cooperate with China, but rather \"how\" to do so.", paths[0]);
        Assert.EndsWith("known as the \"trout effect.\"", paths[3], StringComparison.Ordinal);
    }

    /// <summary>Spans are non-empty, trimmed, ordered, inside the range, and together hold every non-space character.</summary>
    private static void AssertWellFormed(string text, int start, int length, IReadOnlyList<TextSpan> spans)
    {
        int previousEnd = start;
        foreach (var span in spans)
        {
            Assert.True(span.Length > 0, "empty span");
            Assert.True(span.Start >= previousEnd, "spans overlap or are out of order");
            Assert.True(span.End <= start + length, "span beyond the range");
            Assert.False(char.IsWhiteSpace(text[span.Start]), $"span starts with whitespace: '{text.Substring(span.Start, span.Length)}'");
            Assert.False(char.IsWhiteSpace(text[span.End - 1]), $"span ends with whitespace: '{text.Substring(span.Start, span.Length)}'");
            Assert.True(text[previousEnd..span.Start].All(char.IsWhiteSpace), "text between spans was dropped");
            previousEnd = span.End;
        }

        Assert.True(text[previousEnd..(start + length)].All(char.IsWhiteSpace), "text after the last span was dropped");
    }
}
