using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Hosting;

/// <summary>
/// Computes sentence-meaning vectors in the background for the long-running bot, so a large
/// collection is answerable by words at once and by meaning as soon as its vectors are ready.
/// </summary>
public sealed class SemanticIndexBuilder : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly IOptions<AnswerOptions> _options;
    private readonly ILogger<SemanticIndexBuilder> _logger;

    public SemanticIndexBuilder(IServiceProvider services, IOptions<AnswerOptions> options, ILogger<SemanticIndexBuilder> logger)
    {
        _services = services;
        _options = options;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!_options.Value.UseSemanticFor(_services.GetRequiredService<ArticleLibrary>().SentenceCount))
        {
            return;
        }

        var semantic = _services.GetRequiredService<SemanticIndex>();
        int missing = semantic.MissingArticles;
        if (missing == 0)
        {
            return;
        }

        _logger.LogInformation("Computing sentence meanings for {Missing} articles in the background; answers use words alone for those until then.", missing);
        try
        {
            await semantic.BuildAsync(new LoggingProgress(_logger, TimeSpan.FromSeconds(30), "Sentence meanings for"), stoppingToken);
            _logger.LogInformation("Sentence meanings are ready for every article.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what was computed is saved; the rest resumes at the next start.
        }
    }
}
