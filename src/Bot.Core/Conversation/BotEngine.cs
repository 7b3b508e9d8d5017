using PolicyBot.Core.Answering;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Facts;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Conversation;

/// <summary>Carries out a command against the article library and returns the neutral reply.</summary>
public sealed class BotEngine
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
        _summarizer = new Summarizer(library.Analyzer);
        _resolver = new ArticleResolver(library);
    }

    public ArticleLibrary Library => _library;

    public Task<Reply> HandleAsync(string input, CancellationToken ct) => HandleAsync(CommandParser.Parse(input), ct);

    public Task<Reply> HandleAsync(BotCommand command, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Reply reply = command switch
        {
            AskCommand ask => Reply.FromAnswer(_answerer.Answer(ask.Question, ask.Top, ct)),
            SummaryCommand summary => Summarize(summary),
            FactsCommand facts => Facts(facts),
            ArticlesCommand => new Reply(ReplyKind.ArticleList) { Articles = _library.Articles },
            HelpCommand => new Reply(ReplyKind.Help) { Commands = CommandParser.Commands },
            QuitCommand => new Reply(ReplyKind.Goodbye) { Message = "Goodbye." },
            InvalidCommand invalid => Reply.Usage(invalid.Message),
            _ => Reply.Error("That command is not supported here."),
        };
        return Task.FromResult(reply);
    }

    private Reply Summarize(SummaryCommand command)
    {
        if (command.Sentences is < 1 or > MaxSummarySentences)
        {
            return Reply.Usage($"A summary has 1 to {MaxSummarySentences} sentences.");
        }

        if (_library.Articles.Count == 0)
        {
            return Reply.Error("There are no articles yet.");
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

        return new Reply(ReplyKind.Summary)
        {
            Article = info,
            Sentences = _summarizer.Summarize(article, command.Sentences),
        };
    }

    /// <summary>
    /// "/summary EV tariffs" names no article: the most relevant sentences on the topic across the
    /// collection, each cited, best first — or a clear "nothing matches" when none is confident.
    /// </summary>
    private Reply SummarizeTopic(SummaryCommand command)
    {
        var result = _answerer.Answer(command.Article!, top: Math.Max(command.Sentences, SummaryCommand.DefaultSentences + 2));
        var relevant = result.Answered ? result.Passages.Where(p => p.Score >= _answerer.MinConfidence).Take(Math.Max(command.Sentences, SummaryCommand.DefaultSentences + 2)).ToList() : new List<Passage>();
        if (relevant.Count == 0)
        {
            return Reply.Error($"No article title or passage matches \"{command.Article}\". Type /articles to list the articles.");
        }

        return new Reply(ReplyKind.TopicSummary)
        {
            Message = command.Article,
            Passages = relevant,
            Articles = relevant.Select(p => p.Article).DistinctBy(a => a.Id).ToList(),
        };
    }

    private Reply Facts(FactsCommand command)
    {
        if (_library.Articles.Count == 0)
        {
            return Reply.Error("There are no articles yet.");
        }

        var match = _resolver.Resolve(command.Article);
        if (!TryLoad(match, command.Article, out var info, out var article, out var failure))
        {
            return failure;
        }

        var facts = FactFinder.Find(article, MaxFacts);
        if (facts.Count == 0)
        {
            return new Reply(ReplyKind.Facts) { Article = info, Message = "This article has no sentence with figures, dates, places or organisations." };
        }

        return new Reply(ReplyKind.Facts)
        {
            Article = info,
            Passages = facts.Select(f => new Passage(f.Text, info, f.Paragraph, f.Score)).ToList(),
        };
    }

    /// <summary>The article a command names, loaded; or the reply that explains why not (a choice, or no match).</summary>
    private bool TryLoad(ArticleMatch match, string? query, out ArticleInfo info, out Article article, out Reply failure)
    {
        info = null!;
        article = null!;
        if (match.IsAmbiguous)
        {
            failure = new Reply(ReplyKind.Choice)
            {
                Message = $"Several articles match \"{query}\"; which one? Use its id.",
                Articles = match.Candidates,
            };
            return false;
        }

        if (match.Article is null)
        {
            failure = Reply.Error($"No article matches \"{query}\". Type /articles to list them.");
            return false;
        }

        if (_library.LoadArticle(match.Article.Id) is not { } loaded)
        {
            failure = Reply.Error($"The article \"{match.Article.Title}\" can no longer be read from its file.");
            return false;
        }

        info = match.Article;
        article = loaded;
        failure = null!;
        return true;
    }
}
