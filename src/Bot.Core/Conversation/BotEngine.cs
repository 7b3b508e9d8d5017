using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Summaries;

namespace PolicyBot.Core.Conversation;

/// <summary>Carries out a command against the article library and returns the neutral reply.</summary>
public sealed class BotEngine
{
    public const int MaxSummarySentences = 20;

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
        if (match.IsAmbiguous)
        {
            return new Reply(ReplyKind.Choice)
            {
                Message = $"Several articles match \"{command.Article}\"; which one? Use its id.",
                Articles = match.Candidates,
            };
        }

        if (match.Article is null)
        {
            return SummarizeTopic(command);
        }

        var article = _library.LoadArticle(match.Article.Id);
        if (article is null)
        {
            return Reply.Error($"The article \"{match.Article.Title}\" can no longer be read from its file.");
        }

        return new Reply(ReplyKind.Summary)
        {
            Article = match.Article,
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
}
