using PolicyBot.Core.Answering;

namespace PolicyBot.Core.Tests.Answering;

public sealed class AnswerSpansTests
{
    private static string? Marked(string question, string text) =>
        AnswerSpans.Find(question, text) is { } s ? text.Substring(s.Start, s.Length) : null;

    [Fact]
    public void Find_HowMuch_MarksTheAmountNotTheDate()
    {
        const string text = "It directly led to record $8 billion in clean technology investments being canceled in the last three months of 2025.";

        Assert.Equal("$8 billion", Marked("How much clean-tech investment was cancelled last quarter?", text));
    }

    [Fact]
    public void Find_WhatShare_MarksTheShare()
    {
        Assert.Equal("over half", Marked("What share of Americans support buying Chinese clean tech?",
            "A survey shows that over half of Americans now support government procurement of Chinese clean technology."));
    }

    [Fact]
    public void Find_When_MarksTheDate()
    {
        Assert.Equal("January this year", Marked("When did Trudeau agree to import Chinese EVs?",
            "The article noted that in January this year, Canadian Prime Minister Trudeau agreed to import a certain number of Chinese electric vehicles."));
    }

    [Fact]
    public void Find_Who_MarksTheNameTheQuestionDoesNotGive_NotAPlaceOrANationality()
    {
        const string text = "Tesla's batteries are assembled using cells produced by CATL, and it is investing in equipment from this Chinese company to build a cell factory in Nevada.";

        Assert.Equal("CATL", Marked("Which company makes the cells in Tesla's batteries?", text));
    }

    [Fact]
    public void Find_Who_SkipsTheLongFormOfANameTheQuestionAbbreviates()
    {
        const string text = "In December last year, Ford announced that it would rely on its existing licensing agreement with Contemporary Amperex Technology Co., Ltd. (CATL) to produce batteries.";

        Assert.Equal("Ford", Marked("Who has a licensing agreement with CATL?", text));
    }

    [Fact]
    public void Find_Where_MarksThePlace()
    {
        Assert.Equal("Nevada", Marked("Where will Tesla build a cell factory?", "Tesla is buying equipment to build a cell factory in Nevada."));
    }

    [Fact]
    public void Find_Why_MarksTheReason()
    {
        Assert.Equal("under the pretext of security and industrial protection", Marked("Why did the US block Chinese electric vehicles?",
            "In contrast, the United States, under the pretext of security and industrial protection, has almost completely blocked Chinese electric vehicles."));
    }

    [Fact]
    public void Find_WordsBeforeAColon_MarkWhatFollowsIt()
    {
        Assert.Equal("one seeks strict conditions, while the other prioritizes incentives", Marked("What two paths did the EU and Canada show?",
            "The EU and Canada no longer debate whether to cooperate. They have demonstrated two different paths: one seeks strict conditions, while the other prioritizes incentives."));
    }

    [Fact]
    public void Find_OtherQuestions_MarkTheClauseSharingMostOfTheirWords()
    {
        Assert.Equal("Tesla reported record sales of its utility-scale megapacks", Marked("What did Tesla report record sales of?",
            "While electric vehicle sales declined, Tesla reported record sales of its utility-scale megapacks."));
    }

    [Fact]
    public void Find_NothingStandsOut_NoSpan()
    {
        Assert.Null(AnswerSpans.Find("When did the port reopen?", "The port reopened after the strike."));
        Assert.Null(AnswerSpans.Find("Is the bridge open?", "The bridge is open."));
    }
}
