using System.Text.Json.Nodes;
using PolicyBot.Adapters.Discord.Interactions;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Adapters.Discord.Tests.Rendering;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord.Tests.Interactions;

public class DiscordAnswerContextTests
{
    [Fact]
    public void Read_RecordedButtonMessage_FindsQuestionAndDistinctPassages()
    {
        var message = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "Interactions", "button-more-ephemeral.json")))!["message"]!.AsObject();

        var context = DiscordAnswerContext.Read(message)!;

        Assert.Equal("what did *Trudeau* agree to?", context.Question);
        Assert.Equal(new[] { new ShownPassage("Canada and the EU rethink tariffs", 2), new ShownPassage("Steel quotas tighten", 5) }, context.Shown);
    }

    [Fact]
    public void Read_WhatTheRendererWrote_RoundTripsAHostileQuestion()
    {
        string question = DiscordSamples.HostileQuestion;
        var reply = new AnswerReply(question, new[] { new Passage(DiscordSamples.Quote, DiscordSamples.Hostile, 2, 0.9), new Passage("Another.", DiscordSamples.Article, 7, 0.8) });
        var message = DiscordRenderer.Render(reply).Single().ToJson();

        var context = DiscordAnswerContext.Read(message)!;

        Assert.Equal(question, context.Question);
        Assert.Equal(2, context.Shown.Count);
        Assert.True(context.WasShown(reply.Passages[0]));
        Assert.True(context.WasShown(reply.Passages[1]));
        Assert.False(context.WasShown(reply.Passages[1] with { Paragraph = 8 }));
    }

    [Theory]
    [InlineData("""{"content":"Just a message"}""")]
    [InlineData("""{"embeds":[]}""")]
    [InlineData("""{"content":"**Q:**   "}""")]
    public void Read_NotAnAnswer_IsNull(string json)
    {
        Assert.Null(DiscordAnswerContext.Read(JsonNode.Parse(json)!.AsObject()));
    }
}
