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
        var engine = TempArticleFolder.Bot(library);

        var first = Assert.IsType<AnswerReply>(await engine.HandleAsync(TempArticleFolder.Typed("What does Tesla plan to build in Nevada?", "thread-1"), CancellationToken.None));
        var more = await engine.HandleAsync(TempArticleFolder.Typed("more", "thread-1"), CancellationToken.None);
        var evenMore = await engine.HandleAsync(TempArticleFolder.Typed("more", "thread-1"), CancellationToken.None);

        Assert.Single(more.Shown());
        Assert.NotEqual(first.Passages[0].Text, more.Shown()[0].Text);
        Assert.NotEqual(more.Shown()[0].Text, evenMore.Shown()[0].Text);
    }

    [Fact]
    public async Task HandleAsync_FollowUp_IsReadWithTheLastQuestion()
    {
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Bot(library);

        await engine.HandleAsync(TempArticleFolder.Typed("How did the EU avoid additional tariffs on Chinese electric vehicles?", "thread-2"), CancellationToken.None);
        var followUp = Assert.IsType<AnswerReply>(await engine.HandleAsync(TempArticleFolder.Typed("And what about Canada?", "thread-2"), CancellationToken.None));
        var alone = await engine.HandleAsync(TempArticleFolder.Typed("And what about Canada?", "thread-3"), CancellationToken.None);

        Assert.Contains("minimal tariffs", followUp.Passages[0].Text);
        Assert.Equal("And what about Canada?", followUp.Question);
        Assert.NotEqual(followUp.Passages[0].Text, alone is AnswerReply a ? a.Passages[0].Text : null);
    }

    [Fact]
    public async Task HandleAsync_MoreWithoutAnEarlierQuestion_IsNotAContinuation()
    {
        using var library = _folder.OpenLibrary();
        var engine = TempArticleFolder.Bot(library);

        var reply = await engine.HandleAsync(TempArticleFolder.Typed("more", "fresh-thread"), CancellationToken.None);

        Assert.IsNotType<AnswerReply>(reply);
    }
}
