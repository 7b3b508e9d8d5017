using System.Threading.Channels;
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
/// Told of every library refresh, it encodes new and changed articles the same way; until then they
/// are answered by words (the index never pairs an old vector with new text).
/// </summary>
public sealed class SemanticIndexBuilder : BackgroundService, ILibraryChangeListener
{
    private readonly LibraryStartup _startup;
    private readonly Func<SemanticIndex> _semantic;
    private readonly IOptions<AnswerOptions> _options;
    private readonly ILogger<SemanticIndexBuilder> _logger;

    // Any number of refreshes while encoding mean one more pass afterwards.
    private readonly Channel<bool> _changed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <param name="startup">The opened library, whose size decides whether meanings are computed at all.</param>
    /// <param name="semantic">
    /// The meaning index, asked for only when meanings are computed: creating it reads the saved vectors, which a
    /// collection answered by words alone never needs.
    /// </param>
    public SemanticIndexBuilder(LibraryStartup startup, Func<SemanticIndex> semantic, IOptions<AnswerOptions> options, ILogger<SemanticIndexBuilder> logger)
    {
        _startup = startup;
        _semantic = semantic;
        _options = options;
        _logger = logger;
    }

    /// <summary>Returns at once: encoding a changed article can take seconds and must not hold up the other listeners.</summary>
    public Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct)
    {
        _changed.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (!_options.Value.UseSemanticFor(_startup.Library.SentenceCount))
        {
            return;
        }

        var semantic = _semantic();
        try
        {
            await BuildMissingAsync(semantic, first: true, stoppingToken);
            while (await _changed.Reader.WaitToReadAsync(stoppingToken))
            {
                _changed.Reader.TryRead(out _);
                await BuildMissingAsync(semantic, first: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what was computed is saved; the rest resumes at the next start.
        }
    }

    private async Task BuildMissingAsync(SemanticIndex semantic, bool first, CancellationToken ct)
    {
        int missing = semantic.MissingArticles;
        if (missing == 0)
        {
            // Still called after a refresh that only removed articles, so their vectors are dropped from the saved file.
            if (!first)
            {
                await semantic.BuildAsync(null, ct);
            }

            return;
        }

        if (first)
        {
            _logger.LogInformation("Computing sentence meanings for {Missing} articles in the background; answers use words alone for those until then.", missing);
            await semantic.BuildAsync(new LoggingProgress(_logger, TimeSpan.FromSeconds(30), "Sentence meanings for"), ct);
            _logger.LogInformation("Sentence meanings are ready for every article.");
        }
        else
        {
            await semantic.BuildAsync(null, ct);
            _logger.LogInformation("Sentence meanings computed for {Missing} new or changed articles.", missing);
        }
    }
}
