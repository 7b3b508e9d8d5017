using PolicyBot.Core.Answering;

namespace PolicyBot.Core.Tests.Answering;

public class AnswerTypesTests
{
    [Theory]
    [InlineData("Who has Tesla been buying equipment from?", AnswerType.Person)]
    [InlineData("When did Ford announce the deal?", AnswerType.Time)]
    [InlineData("In what year was the agreement reached?", AnswerType.Time)]
    [InlineData("Where will the factory be built?", AnswerType.Place)]
    [InlineData("Which countries relaxed restrictions?", AnswerType.Place)]
    [InlineData("How much investment was cancelled?", AnswerType.Quantity)]
    [InlineData("How many months did jobs fall?", AnswerType.Quantity)]
    [InlineData("What percentage of Americans agree?", AnswerType.Quantity)]
    [InlineData("Why are the protections complex?", AnswerType.Reason)]
    [InlineData("What is Canada's approach focused on?", AnswerType.Any)]
    public void Classify_ReadsWhatTheQuestionAsksFor(string question, AnswerType expected)
    {
        Assert.Equal(expected, AnswerTypes.Classify(question));
    }

    [Theory]
    [InlineData(AnswerType.Time, "Jobs fell in December last year.", true)]
    [InlineData(AnswerType.Time, "Jobs fell sharply.", false)]
    [InlineData(AnswerType.Quantity, "Investments worth $8 billion were cancelled.", true)]
    [InlineData(AnswerType.Quantity, "Investments were cancelled.", false)]
    [InlineData(AnswerType.Reason, "Imports were banned due to security concerns.", true)]
    [InlineData(AnswerType.Reason, "Imports were banned.", false)]
    [InlineData(AnswerType.Person, "The deal was signed by Prime Minister Trudeau.", true)]
    [InlineData(AnswerType.Place, "The plant will be built in Nevada.", true)]
    public void Holds_RecognisesSentencesWithTheAskedKindOfThing(AnswerType type, string sentence, bool expected)
    {
        Assert.Equal(expected, AnswerTypes.Holds(type, sentence, "question"));
    }

    [Fact]
    public void Holds_WhatTheQuestionAlreadyNames_DoesNotCount()
    {
        Assert.False(AnswerTypes.Holds(AnswerType.Time, "The law passed in 2025.", "What happened in 2025?"));
        Assert.True(AnswerTypes.Holds(AnswerType.Time, "The law passed in 2025, effective March.", "What happened in 2025?"));
    }
}
