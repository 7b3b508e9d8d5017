using System.Text.RegularExpressions;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Facts;
using PolicyBot.Core.Quotes;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Conversation;

/// <summary>A conversation's reply and what the conversation remembers after it (null: nothing changes).</summary>
public sealed record ConversationStep(Reply Reply, ConversationState? Remember);

/// <summary>Carries out a command against the article library and returns the neutral reply.</summary>
public sealed partial class BotEngine
{
    public const int MaxSummarySentences = 20;
    public const int MaxFacts = 8;

    private readonly ArticleLibrary _library;
    private readonly QuestionAnswerer _answerer;
    private readonly Summarizer _summarizer;
    private readonly ArticleResolver _resolver;

    public BotEngine(ArticleLibrary library, QuestionAnswerer answerer)
    {
        _library = library;
        _answerer = answerer;
        _summarizer = new Summarizer(library);
        _resolver = new ArticleResolver(library);
    }

    public ArticleLibrary Library => _library;

    [GeneratedRegex(@"^\s*(?:/more|more|more please|next|another|anything else|go on)\s*[.!?]*\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AskingForMore();

    [GeneratedRegex(@"^\s*(?:and|what about|how about|also|and what about|and how about|what of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUpOpener();

    /// <summary>
    /// A message within a conversation (a Slack thread, a DM, the shell), given what the conversation last asked and
    /// was shown: "more" gives the next passage for the last question; a follow-up ("and what about Canada?") is read
    /// together with the last question and answered from the same articles first, then from all. Returns the reply and
    /// the conversation's new state to remember (none for commands).
    /// </summary>
    public ConversationStep Converse(string input, BotCommand command, ConversationState? state, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (state is not null && AskingForMore().IsMatch(input))
        {
            var reply = More(state.Question, state.Shown.Count, p => state.Shown.Contains(new ShownText(p.Article.Id, p.Text)), ct);
            return reply is UsageReply
                ? new ConversationStep(reply, null)
                : new ConversationStep(reply, Remember(state.Question, state.Shown.Concat(Shown(reply)), now));
        }

        if (command is not AskCommand ask)
        {
            return new ConversationStep(Handle(command, ct), null);
        }

        if (AboutTheArticle(ask.Question, state?.Shown.Select(s => s.ArticleId).Distinct().ToList(), ct) is { } aboutArticle)
        {
            // "Who wrote it?" in a thread is about the article the thread is reading; the thread's question stays the same.
            var factReply = Reply.FromAnswer(aboutArticle);
            return new ConversationStep(factReply, state ?? Remember(ask.Question, Shown(factReply), now));
        }

        AnswerResult answer;
        string remembered = ask.Question;
        if (state is not null && (FollowUpOpener().IsMatch(ask.Question) || ask.Question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 4))
        {
            // The new words count twice: they say what changed ("Canada" instead of "the EU").
            string combined = $"{state.Question} {ask.Question} {ask.Question}";
            // What the conversation has already seen is not news: the answer is weighed among the passages it has not.
            bool Seen(Passage p) => state.Shown.Any(s => s.ArticleId == p.Article.Id && s.Text.Contains(p.Text, StringComparison.Ordinal));
            answer = _answerer.Answer(combined, ask.Top, state.Articles, Seen, ct);
            if (!answer.Answered)
            {
                answer = _answerer.Answer(combined, ask.Top, articles: null, Seen, ct);
            }

            answer = answer with { Question = ask.Question };
            remembered = combined;
        }
        else
        {
            answer = Ask(ask, ct);
        }

        var answered = Reply.FromAnswer(answer);
        return new ConversationStep(answered, Remember(remembered, Shown(answered), now));
    }

    /// <summary>
    /// "More" (typed, or the button): the best passage for <paramref name="question"/> not yet shown, as an answer, or
    /// "there is no other passage".
    /// </summary>
    public Reply More(string question, int shownCount, Func<Passage, bool> wasShown, CancellationToken ct) =>
        _answerer.NextPassage(question, shownCount, wasShown, ct) is { } next
            ? Reply.FromAnswer(next)
            : new UsageReply(BotText.NoMorePassages);

    private static IEnumerable<ShownText> Shown(Reply reply) => reply switch
    {
        AnswerReply answer => answer.Passages.Select(p => new ShownText(p.Article.Id, p.Text)),
        DeclinedReply declined => declined.Closest.Select(p => new ShownText(p.Article.Id, p.Text)),
        _ => Enumerable.Empty<ShownText>(),
    };

    private static ConversationState Remember(string question, IEnumerable<ShownText> shown, DateTimeOffset now)
    {
        var list = shown.ToList();
        return new ConversationState(question, list.Select(s => s.ArticleId).ToHashSet(StringComparer.Ordinal), list, now);
    }

    public Task<Reply> HandleAsync(BotCommand command, CancellationToken ct) => Task.FromResult(Handle(command, ct));

    /// <summary>Carries out <paramref name="command"/> (the library answers synchronously; the async form is for callers' convenience).</summary>
    public Reply Handle(BotCommand command, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Reply reply = command switch
        {
            AskCommand ask => Reply.FromAnswer(Ask(ask, ct)),
            SummaryCommand summary => Summarize(summary),
            FactsCommand facts => Facts(facts),
            QuotesCommand quotes => Quotes(quotes),
            ArticlesCommand => new ArticleListReply(_library.Articles),
            HelpCommand => new HelpReply(CommandParser.Commands),
            QuitCommand => new GoodbyeReply(),
            InvalidCommand invalid => new UsageReply(invalid.Message),
            ChannelCommand => new UsageReply(BotText.ChannelCommandsElsewhere),
            _ => new ErrorReply(BotText.NotSupportedHere),
        };
        return reply;
    }

    [GeneratedRegex(@"^\s*(?:and\s+)?what\s+(?:did|does|has|have|do)\s+(?<who>.+?)\s+(?:say|said|tell|told|think|thought|write|wrote|declare|declared|state|stated)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhatDidSomeoneSay();

    /// <summary>
    /// Answers a question; "What did Trudeau say (about X)?" is answered from Trudeau's quotations
    /// when the articles attribute any to him — by construction those are answers (score 1), best
    /// matching the rest of the question first.
    /// </summary>
    private AnswerResult Ask(AskCommand ask, CancellationToken ct)
    {
        if (AboutTheArticle(ask.Question, conversation: null, ct) is { } aboutArticle)
        {
            return aboutArticle;
        }

        var result = _answerer.Answer(ask.Question, ask.Top, ct);
        var m = WhatDidSomeoneSay().Match(ask.Question);
        if (!m.Success)
        {
            return result;
        }

        string speaker = m.Groups["who"].Value.Trim();
        var quoted = new List<Passage>();
        foreach (var info in ArticlesMentioning(speaker))
        {
            if (_library.LoadArticle(info.Id) is not { } article)
            {
                continue;
            }

            foreach (var q in QuoteExtractor.BySpeaker(QuoteExtractor.Extract(article), speaker))
            {
                // Cite the whole sentences of the quote's first paragraph: verbatim, attribution included.
                var sentences = q.Parts[0].Sentences;
                var span = new TextSpan(sentences[0].Start, sentences[^1].End - sentences[0].Start);
                quoted.Add(new Passage(article.TextOf(span), info, q.Paragraph, 1.0));
            }
        }

        if (quoted.Count == 0 || result.Passages.Take(1).Any(p => quoted.Any(q => p.Text.Contains(q.Text, StringComparison.Ordinal) || q.Text.Contains(p.Text, StringComparison.Ordinal))))
        {
            return result; // Nothing attributed to that name, or the answer already is the quotation.
        }

        // Order the quotations by how well they match the rest of the question, as the answerer ranked them.
        var order = result.Passages.Select((p, i) => (p, i)).ToList();
        var ranked = quoted
            .OrderBy(q => order.FirstOrDefault(o => q.Text.Contains(o.p.Text, StringComparison.Ordinal)) is { p: not null } hit ? hit.i : int.MaxValue)
            .Take(Math.Max(1, ask.Top))
            .ToList();
        return result with { Answered = true, Passages = ranked, Reason = null };
    }

    /// <summary>
    /// A question about an article itself (who wrote it, when it was published, what its photo shows), answered from
    /// the article's byline, front matter, notices and captions; null for a question about what the articles report.
    /// The article is the one the question names ("the article about EV tariffs"), else the one the conversation is
    /// reading, else the only one there is.
    /// </summary>
    private AnswerResult? AboutTheArticle(string question, IReadOnlyList<string>? conversation, CancellationToken ct)
    {
        if (ArticleFactQuestions.Recognise(question) is not { } asked)
        {
            return null;
        }

        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        // The rest of a photo question says which caption ("what car"); of any other, which article ("… about EV tariffs").
        string? named = asked.Fact != ArticleFact.Photo && NamesSomething(asked.Rest) ? TopicArticle(asked.Rest, ct) : null;
        string? id = named
            ?? conversation?.FirstOrDefault(a => _library.Find(a) is not null)
            ?? (_library.Articles.Count == 1 ? _library.Articles[0].Id : null)
            ?? (NamesSomething(asked.Rest) ? TopicArticle(asked.Rest, ct) : null);
        if (id is null || _library.LoadArticle(id) is not { } article)
        {
            string reason = _library.Articles.Count == 0 ? BotText.NoArticles : BotText.WhichArticleIsMeant;
            return new AnswerResult(question, false, Array.Empty<Passage>(), System.Diagnostics.Stopwatch.GetElapsedTime(started)) { Reason = reason };
        }

        return ArticleFactAnswers.Answer(asked, article, question, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    [GeneratedRegex(@"^(?:(?:about|on|regarding|concerning|titled|called|the|a|an|of|in|is|was|what|which|who|does|did|do|show|shows|there|that)\b\s*)*(?<words>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingLinkWords();

    private static bool NamesSomething(string rest) => LeadingLinkWords().Match(rest).Groups["words"].Value.Trim().Length >= 3;

    /// <summary>The article most about <paramref name="words"/> ("EV tariffs"), or null when none is.</summary>
    private string? TopicArticle(string words, CancellationToken ct)
    {
        var about = _answerer.AboutTopic(LeadingLinkWords().Match(words).Groups["words"].Value, top: 1, ct: ct);
        return about.Answered && about.Passages.Count > 0 ? about.Passages[0].Article.Id : null;
    }

    private Reply Summarize(SummaryCommand command)
    {
        if (command.Sentences is < 1 or > MaxSummarySentences)
        {
            return new UsageReply($"A summary has 1 to {MaxSummarySentences} sentences.");
        }

        if (_library.Articles.Count == 0)
        {
            return new ErrorReply(BotText.NoArticles);
        }

        var match = _resolver.Resolve(command.Article);
        if (match.Article is null && !match.IsAmbiguous)
        {
            return SummarizeTopic(command);
        }

        if (!TryLoad(match, command.Article, out var info, out var article, out var failure))
        {
            return failure;
        }

        return new SummaryReply(info, _summarizer.Summarize(article, command.Sentences));
    }

    /// <summary>
    /// "/summary EV tariffs" names no article: the most relevant sentences on the topic across the
    /// collection, each cited, best first — or a clear "nothing matches" when none is confident.
    /// </summary>
    private Reply SummarizeTopic(SummaryCommand command)
    {
        var result = _answerer.AboutTopic(command.Article!, top: Math.Max(command.Sentences, SummaryCommand.DefaultSentences + 2));
        var relevant = result.Answered ? result.Passages.Where(p => p.Score >= QuestionAnswerer.MinRelevance).Take(Math.Max(command.Sentences, SummaryCommand.DefaultSentences + 2)).ToList() : new List<Passage>();
        if (relevant.Count == 0)
        {
            return new ErrorReply($"No article title or passage matches \"{command.Article}\". Type /articles to list the articles.");
        }

        return new TopicSummaryReply(command.Article!, relevant);
    }

    private Reply Facts(FactsCommand command)
    {
        if (_library.Articles.Count == 0)
        {
            return new ErrorReply(BotText.NoArticles);
        }

        var match = _resolver.Resolve(command.Article);
        if (!TryLoad(match, command.Article, out var info, out var article, out var failure))
        {
            return failure;
        }

        var facts = FactFinder.Find(article, MaxFacts);
        return new FactsReply(info, facts.Select(f => new Passage(f.Text, info, f.Paragraph, f.Score)).ToList());
    }

    /// <summary>
    /// /quotes: with no target, the latest article's quotations; a target that names an article
    /// (id or title words), that article's; otherwise the target is a speaker, and every quotation
    /// by that speaker in the articles that mention the name.
    /// </summary>
    private Reply Quotes(QuotesCommand command)
    {
        if (_library.Articles.Count == 0)
        {
            return new ErrorReply(BotText.NoArticles);
        }

        var match = _resolver.Resolve(command.Target);
        if (match.Article is not null || match.IsAmbiguous || command.Target is null)
        {
            if (!TryLoad(match, command.Target, out var info, out var article, out var failure))
            {
                return failure;
            }

            var quotes = QuoteExtractor.Extract(article).Select(q => new QuoteItem(q.Text, q.Speaker, info, q.Paragraph)).ToList();
            return new ArticleQuotesReply(info, quotes);
        }

        var bySpeaker = new List<QuoteItem>();
        foreach (var info in ArticlesMentioning(command.Target))
        {
            if (_library.LoadArticle(info.Id) is { } article)
            {
                bySpeaker.AddRange(QuoteExtractor.BySpeaker(QuoteExtractor.Extract(article), command.Target)
                    .Select(q => new QuoteItem(q.Text, q.Speaker, info, q.Paragraph)));
            }
        }

        if (bySpeaker.Count == 0)
        {
            return new ErrorReply($"No article title matches \"{command.Target}\", and no article quotes anyone of that name.");
        }

        return new SpeakerQuotesReply(command.Target, bySpeaker);
    }

    private IReadOnlyList<ArticleInfo> ArticlesMentioning(string words) => _library.ArticlesMentioning(words);

    /// <summary>The article a command names, loaded; or the reply that explains why not (a choice, or no match).</summary>
    private bool TryLoad(ArticleMatch match, string? query, out ArticleInfo info, out Article article, out Reply failure)
    {
        info = null!;
        article = null!;
        if (match.IsAmbiguous)
        {
            failure = new ChoiceReply(query, match.Candidates);
            return false;
        }

        if (match.Article is null)
        {
            failure = new ErrorReply($"No article matches \"{query}\". Type /articles to list them.");
            return false;
        }

        if (_library.LoadArticle(match.Article.Id) is not { } loaded)
        {
            failure = new ErrorReply($"The article \"{match.Article.Title}\" can no longer be read from its file.");
            return false;
        }

        info = match.Article;
        article = loaded;
        failure = null!;
        return true;
    }
}
