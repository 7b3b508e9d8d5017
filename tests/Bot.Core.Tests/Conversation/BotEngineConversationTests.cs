using PolicyBot.Core.Conversation;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Conversation;

public sealed class BotEngineConversationTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public BotEngineConversationTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task HandleAsync_More_GivesTheNextPassageForTheLastQuestion()
    {
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Engine(library);

        var first = await engine.HandleAsync("What does Tesla plan to build in Nevada?", "thread-1", CancellationToken.None);
        var more = await engine.HandleAsync("more", "thread-1", CancellationToken.None);
        var evenMore = await engine.HandleAsync("more", "thread-1", CancellationToken.None);

        Assert.Equal(ReplyKind.Answer, first.Kind);
        Assert.Single(more.Passages);
        Assert.NotEqual(first.Passages[0].Text, more.Passages[0].Text);
        Assert.NotEqual(more.Passages[0].Text, evenMore.Passages[0].Text);
    }

    [Fact]
    public async Task HandleAsync_FollowUp_IsReadWithTheLastQuestion()
    {
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Engine(library);

        await engine.HandleAsync("How did the EU avoid additional tariffs on Chinese electric vehicles?", "thread-2", CancellationToken.None);
        var followUp = await engine.HandleAsync("And what about Canada?", "thread-2", CancellationToken.None);
        var alone = await engine.HandleAsync("And what about Canada?", "thread-3", CancellationToken.None);

        Assert.Equal(ReplyKind.Answer, followUp.Kind);
        Assert.Contains("minimal tariffs", followUp.Passages[0].Text);
        Assert.Equal("And what about Canada?", followUp.Question);
        Assert.NotEqual(followUp.Passages[0].Text, alone.Passages.Count > 0 ? alone.Passages[0].Text : null);
    }

    [Fact]
    public async Task HandleAsync_MoreWithoutAnEarlierQuestion_IsNotAContinuation()
    {
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Engine(library);

        var reply = await engine.HandleAsync("more", "fresh-thread", CancellationToken.None);

        Assert.NotEqual(ReplyKind.Answer, reply.Kind);
    }
}
