using PolicyBot.Core.Answering;

namespace PolicyBot.Core.Tests.Answering;

public sealed class ArticleFactQuestionsTests
{
    [Theory]
    [InlineData("Who wrote this article?", ArticleFact.Author)]
    [InlineData("who wrote it", ArticleFact.Author)]
    [InlineData("Who's the author?", ArticleFact.Author)]
    [InlineData("who is the author of this piece", ArticleFact.Author)]
    [InlineData("Whose article is this?", ArticleFact.Author)]
    [InlineData("Written by whom?", ArticleFact.Author)]
    [InlineData("author?", ArticleFact.Author)]
    [InlineData("Which outlet published it?", ArticleFact.Source)]
    [InlineData("what paper ran this story", ArticleFact.Source)]
    [InlineData("Who published this?", ArticleFact.Source)]
    [InlineData("Where is this article from?", ArticleFact.Source)]
    [InlineData("What's the source?", ArticleFact.Source)]
    [InlineData("Where can I read the original?", ArticleFact.Link)]
    [InlineData("where can we find the full article", ArticleFact.Link)]
    [InlineData("Link to the original?", ArticleFact.Link)]
    [InlineData("what's the URL", ArticleFact.Link)]
    [InlineData("got a link?", ArticleFact.Link)]
    [InlineData("When was it published?", ArticleFact.Published)]
    [InlineData("when did this story come out", ArticleFact.Published)]
    [InlineData("What date is the article from?", ArticleFact.Published)]
    [InlineData("publication date?", ArticleFact.Published)]
    [InlineData("How old is this article?", ArticleFact.Published)]
    [InlineData("What's the title?", ArticleFact.Title)]
    [InlineData("what is this article called", ArticleFact.Title)]
    [InlineData("headline?", ArticleFact.Title)]
    [InlineData("What are the tags?", ArticleFact.Tags)]
    [InlineData("what is it tagged with", ArticleFact.Tags)]
    [InlineData("What car is in the photo?", ArticleFact.Photo)]
    [InlineData("What does the picture show?", ArticleFact.Photo)]
    [InlineData("who is in the image", ArticleFact.Photo)]
    [InlineData("photo caption?", ArticleFact.Photo)]
    public void Recognise_QuestionsAboutTheArticleItself_InTheWordsPeopleUse(string question, ArticleFact fact)
    {
        Assert.Equal(fact, ArticleFactQuestions.Recognise(question)?.Fact);
    }

    [Theory]
    [InlineData("Who wrote the USMCA?")]
    [InlineData("Which newspaper published an article on February 7?")]
    [InlineData("What did the author say about decoupling?")]
    [InlineData("When was the price floor agreement published?")]
    [InlineData("What is the link between tariffs and jobs?")]
    [InlineData("How did the image of Chinese cars change?")]
    [InlineData("What is the name of the survey institute?")]
    [InlineData("How much clean-tech investment was cancelled last quarter?")]
    public void Recognise_QuestionsAboutWhatTheArticleReports_AreNotAboutTheArticle(string question)
    {
        Assert.Null(ArticleFactQuestions.Recognise(question));
    }

    [Fact]
    public void Recognise_KeepsTheWordsThatSayWhichArticle()
    {
        var asked = ArticleFactQuestions.Recognise("Who wrote the article about EV tariffs?");

        Assert.Equal(ArticleFact.Author, asked?.Fact);
        Assert.Equal("about EV tariffs", asked?.Rest);
    }
}
