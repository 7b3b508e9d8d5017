using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Answering;

/// <summary>Questions about the article itself, through the engine, on the seed article and on Markdown fixtures.</summary>
public sealed class ArticleFactAnswersTests : IDisposable
{
    private const string Report = "---\ntitle: Battery makers expand in Europe\nauthor: Jane Doe\nsource: Example Wire\n"
        + "url: https://example.com/batteries\npublished: 2026-02-08\ntags: [batteries, trade]\n---\n"
        + "Battery makers are opening plants across Europe this year.\n\n![Workers on the assembly line at the Debrecen plant](plant.jpg)\n\n"
        + "The largest plant will employ 9,000 people.\n";

    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private AnswerResult Ask(string question)
    {
        using var library = _folder.OpenLibrary();
        var reply = TempArticleFolder.Engine(library, minConfidence: 0.4).Handle(new AskCommand(question), CancellationToken.None);
        return reply switch
        {
            AnswerReply a => new AnswerResult(a.Question, true, a.Passages, TimeSpan.Zero),
            DeclinedReply d => new AnswerResult(d.Question, false, d.Closest, TimeSpan.Zero) { Reason = d.Reason },
            _ => throw new InvalidOperationException(reply.GetType().Name),
        };
    }

    private static string Marked(Passage p) => p.Span is { } s ? p.Text.Substring(s.Start, s.Length) : "";

    [Fact]
    public void Seed_WhoWroteIt_IsTheBylineWithTheAuthorMarked()
    {
        _folder.AddSeed();

        var result = Ask("Who wrote this article?");

        var passage = Assert.Single(result.Passages);
        Assert.True(result.Answered);
        Assert.Equal(PassagePart.Byline, passage.Part);
        Assert.Equal("【Wen/Observer Net, Liu Bai】", passage.Text);
        Assert.Equal("Liu Bai", Marked(passage));
    }

    [Theory]
    [InlineData("Which outlet published it?", "Observer Net")]
    [InlineData("Where can I read the original?", "toutiao.com/article/7604339897818546722/")]
    public void Seed_OutletAndOriginal_ComeFromTheBylineAndTheNotice(string question, string marked)
    {
        _folder.AddSeed();

        var passage = Assert.Single(Ask(question).Passages);

        Assert.Equal(PassagePart.Byline, passage.Part);
        Assert.Equal(marked, Marked(passage));
    }

    [Fact]
    public void Seed_WhatIsInThePhoto_IsTheCaptionWithoutItsCredit()
    {
        _folder.AddSeed();

        var passage = Assert.Single(Ask("What car is in the photo?").Passages);

        Assert.Equal(PassagePart.Caption, passage.Part);
        Assert.Equal("The BYD Tang model at an auto show IC Photo", passage.Text);
        Assert.Equal("The BYD Tang model at an auto show", Marked(passage));
    }

    [Theory]
    [InlineData("When was it published?", "date")]
    [InlineData("What are the tags?", "tags")]
    public void Seed_FactTheArticleDoesNotCarry_IsDeclinedSayingSo_WithNoBodySentence(string question, string named)
    {
        _folder.AddSeed();

        var result = Ask(question);

        Assert.False(result.Answered);
        Assert.Empty(result.Passages);
        Assert.Contains(named, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Who is the author?", "Jane Doe")]
    [InlineData("which site published this?", "Example Wire")]
    [InlineData("When was this article published?", "2026-02-08")]
    [InlineData("link to the article?", "https://example.com/batteries")]
    [InlineData("What is it tagged with?", "batteries, trade")]
    public void FrontMatter_Facts_AreOneReadableLineWithTheAskedValueMarked(string question, string marked)
    {
        _folder.Write("report.md", Report);

        var passage = Assert.Single(Ask(question).Passages);

        Assert.Equal(PassagePart.Byline, passage.Part);
        Assert.Equal("Author: Jane Doe · Source: Example Wire · Published: 2026-02-08 · Link: https://example.com/batteries · Tags: batteries, trade", passage.Text);
        Assert.Equal(marked, Marked(passage));
    }

    [Fact]
    public void FrontMatter_ImageAltText_IsTheCaption_AndTheTitleIsItsOwnPart()
    {
        _folder.Write("report.md", Report);

        var photo = Assert.Single(Ask("What does the picture show?").Passages);
        var title = Assert.Single(Ask("What's the headline?").Passages);

        Assert.Equal(PassagePart.Caption, photo.Part);
        Assert.Equal("Workers on the assembly line at the Debrecen plant", photo.Text);
        Assert.Equal(1, photo.Paragraph);
        Assert.Equal(PassagePart.Title, title.Part);
        Assert.Equal("Battery makers expand in Europe", title.Text);
    }

    [Fact]
    public void NoPhoto_IsDeclinedSayingSo()
    {
        _folder.Write("plain.md", "---\ntitle: Plain\nauthor: A. Writer\n---\nThe plant opened in March.\n");

        var result = Ask("What does the photo show?");

        Assert.False(result.Answered);
        Assert.Equal("The article has no photo captions.", result.Reason);
    }

    [Fact]
    public void SeveralArticles_TheQuestionNamesWhichOne()
    {
        _folder.Write("report.md", Report);
        _folder.Write("ports.md", "---\ntitle: Port strike ends\nauthor: Sam Reed\n---\nDock workers in Rotterdam ended their strike on Monday.\n");

        var passage = Assert.Single(Ask("Who wrote the article about the Rotterdam dock strike?").Passages);
        var unnamed = Ask("Who wrote it?");

        Assert.Equal("Sam Reed", Marked(passage));
        Assert.False(unnamed.Answered);
        Assert.Equal(BotText.WhichArticleIsMeant, unnamed.Reason);
    }

    [Fact]
    public async Task InAConversation_WhoWroteIt_IsAboutTheArticleJustQuoted()
    {
        _folder.Write("report.md", Report);
        _folder.Write("ports.md", "---\ntitle: Port strike ends\nauthor: Sam Reed\n---\nDock workers in Rotterdam ended their strike on Monday.\n");
        using var library = _folder.OpenLibrary();
        var bot = TempArticleFolder.Bot(library);

        await bot.HandleAsync(TempArticleFolder.Typed("When did the Rotterdam dock workers end their strike?", "t1"), CancellationToken.None);
        var reply = Assert.IsType<AnswerReply>(await bot.HandleAsync(TempArticleFolder.Typed("who wrote it?", "t1"), CancellationToken.None));

        Assert.Equal("Sam Reed", Marked(reply.Passages[0]));
    }
}
