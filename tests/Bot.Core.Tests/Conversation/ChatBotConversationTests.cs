using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Conversation;

/// <summary>Conversations with the real bot in the real container, through the test adapter.</summary>
public sealed class ChatBotConversationTests
{
    private const string Tesla = "What does Tesla plan to build in Nevada?";
    private const string EuTariffs = "How did the EU avoid additional tariffs on Chinese electric vehicles?";

    [Fact]
    public async Task Send_Question_IsAnsweredWithACitedPassage()
    {
        await using var chat = TestChat.Start();

        var answer = Assert.IsType<AnswerReply>(await chat.Send(Tesla));

        Assert.Equal(Tesla, answer.Question);
        Assert.Contains("Nevada", answer.Passages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CommandsAndNonsense_AreRoutedToTheirReplies()
    {
        await using var chat = TestChat.Start();

        Assert.IsType<HelpReply>(await chat.Send("/help"));
        Assert.IsType<HelpReply>(await chat.Send("   "));
        Assert.Single(Assert.IsType<ArticleListReply>(await chat.Send("/articles")).Articles);
        Assert.IsType<SummaryReply>(await chat.Send("/summary latest"));
        Assert.StartsWith("Unknown command /frobnicate", Assert.IsType<UsageReply>(await chat.Send("/frobnicate")).Message, StringComparison.Ordinal);
        Assert.IsType<SummaryReply>(await chat.Command(new SummaryCommand(null)));
    }

    [Fact]
    public async Task More_TypedThenPressed_EachGivesAPassageNotShownBefore()
    {
        await using var chat = TestChat.Start();

        var first = Assert.IsType<AnswerReply>(await chat.Send(Tesla));
        var typed = await chat.Send("more");
        var pressed = await chat.Press(ButtonAction.More);

        Assert.NotEqual(first.Passages[0].Text, Assert.Single(typed.Shown()).Text);
        Assert.NotEqual(typed.Shown()[0].Text, Assert.Single(pressed.Shown()).Text);
    }

    [Fact]
    public async Task More_WithoutAnEarlierQuestion_IsAskedAsAQuestion()
    {
        await using var chat = TestChat.Start();

        var reply = await chat.Send("more");

        Assert.IsNotType<AnswerReply>(reply);
        Assert.Equal("more", Assert.IsType<DeclinedReply>(reply).Question);
    }

    [Fact]
    public async Task FollowUp_IsReadWithTheLastQuestion()
    {
        await using var chat = TestChat.Start();

        await chat.Send(EuTariffs);
        var followUp = Assert.IsType<AnswerReply>(await chat.Send("and what about Canada?"));

        Assert.Equal("and what about Canada?", followUp.Question);
        Assert.Contains("minimal tariffs", followUp.Passages[0].Text, StringComparison.Ordinal);
        Assert.True(await chat.Bot.IsInConversationAsync(chat.Conversation, CancellationToken.None));
        Assert.False(await chat.Bot.IsInConversationAsync("test:another-thread", CancellationToken.None));
    }

    [Theory]
    [InlineData(ButtonAction.Helpful, true)]
    [InlineData(ButtonAction.NotHelpful, false)]
    public async Task Press_Feedback_IsRecordedWithTheQuestionAndPassagesAndThanked(ButtonAction action, bool helpful)
    {
        await using var chat = TestChat.Start();
        var answer = Assert.IsType<AnswerReply>(await chat.Send(Tesla));

        var thanks = Assert.IsType<FeedbackThanksReply>(await chat.Press(action));

        Assert.Equal(helpful, thanks.Helpful);
        var entry = Assert.Single(await chat.Services.GetRequiredService<IFeedbackStore>().ReadAllAsync(CancellationToken.None));
        Assert.Equal((Tesla, helpful, "test", "U-tester"), (entry.Question, entry.Helpful, entry.Platform, entry.User));
        Assert.Equal(answer.Passages.Select(p => new FeedbackPassage(p.Article.Id, p.Paragraph)), entry.Passages);
    }

    [Fact]
    public async Task Press_Share_AnswersTheQuestionAfresh()
    {
        await using var chat = TestChat.Start();
        var answer = Assert.IsType<AnswerReply>(await chat.Send(Tesla));

        var shared = Assert.IsType<AnswerReply>(await chat.Press(ButtonAction.Share));

        Assert.Equal(answer.Passages[0].Text, shared.Passages[0].Text);
    }

    [Fact]
    public async Task ChannelCommands_FollowMayManage_AndAnyoneMayList()
    {
        await using var chat = TestChat.Start(alerts: true);

        var subscribed = Assert.IsType<ConfirmationReply>(await chat.Send("/subscribe steel quotas"));
        chat.MayManage = false;
        var refused = Assert.IsType<UsageReply>(await chat.Send("/unsubscribe"));
        var listed = Assert.IsType<ConfirmationReply>(await chat.Send("/subscriptions"));

        Assert.Contains("steel quotas", subscribed.Message, StringComparison.Ordinal);
        Assert.Equal(AlertCommands.Refusal, refused.Message);
        Assert.Contains("\"steel quotas\"", listed.Message, StringComparison.Ordinal);
        var store = chat.Services.GetRequiredService<ISubscriptionStore>();
        Assert.Equal("steel quotas", Assert.Single(await store.SubscriptionsAsync(chat.Channel, CancellationToken.None)).Topic);
    }

    [Fact]
    public async Task ChannelCommand_WithoutAlerts_SaysItIsNotAvailableHere()
    {
        await using var chat = TestChat.Start();

        Assert.Equal(BotText.ChannelCommandsElsewhere, Assert.IsType<UsageReply>(await chat.Send("/subscribe")).Message);
    }

    [Fact]
    public async Task ErrorBoundary_AFailingPart_IsAnsweredPolitelyAndTheConversationCarriesOn()
    {
        await using var chat = TestChat.Start(configure: services => services.AddSingleton<IFeedbackStore>(new BrokenFeedbackStore()));
        await chat.Send(Tesla);

        var failed = await chat.Press(ButtonAction.Helpful);
        var next = await chat.Send(EuTariffs);

        Assert.Equal(BotText.Failed, Assert.IsType<ErrorReply>(failed).Message);
        Assert.IsType<AnswerReply>(next);
    }

    [Fact]
    public async Task ErrorBoundary_Cancellation_IsNotAnErrorButPropagates()
    {
        await using var chat = TestChat.Start();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chat.Send(Tesla, cancelled.Token));
    }

    [Fact]
    public async Task Fleet_FollowUpLandingOnAnotherReplica_IsAnsweredFromTheSharedMemory()
    {
        using var folder = new TempArticleFolder();
        folder.AddSeed();
        var shared = new ConversationMemory(); // Stands for the fleet's shared store; one instance, two containers.
        await using var first = TestChat.Start(folder, shared);
        await using var second = TestChat.Start(folder, shared);

        Assert.IsType<AnswerReply>(await first.Send(EuTariffs));
        bool known = await second.Bot.IsInConversationAsync(second.Conversation, CancellationToken.None);
        var followUp = Assert.IsType<AnswerReply>(await second.Send("and what about Canada?"));
        var more = await first.Send("more");

        Assert.True(known, "the other replica must know the thread, or Slack's unmentioned follow-up is acknowledged and dropped");
        Assert.Contains("minimal tariffs", followUp.Passages[0].Text, StringComparison.Ordinal);
        Assert.NotEqual(followUp.Passages[0].Text, Assert.Single(more.Shown()).Text); // and back on the first, "more" continues the follow-up
    }

    private sealed class BrokenFeedbackStore : IFeedbackStore
    {
        public Task RecordAsync(FeedbackEntry entry, CancellationToken ct) => throw new IOException("disk full");

        public Task<IReadOnlyList<FeedbackEntry>> ReadAllAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<FeedbackEntry>>(Array.Empty<FeedbackEntry>());
    }
}
