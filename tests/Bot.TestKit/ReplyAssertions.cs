using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;

namespace PolicyBot.TestKit;

/// <summary>What tests read off a reply without caring whether it was confident.</summary>
public static class ReplyAssertions
{
    /// <summary>The passages an answer or a declined answer showed (a "more" below the confidence bar is declined yet shows one); none for other kinds.</summary>
    public static IReadOnlyList<Passage> Shown(this Reply reply) => reply switch
    {
        AnswerReply answer => answer.Passages,
        DeclinedReply declined => declined.Closest,
        _ => Array.Empty<Passage>(),
    };
}
