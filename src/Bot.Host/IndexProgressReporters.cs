using Microsoft.Extensions.Logging;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>A progress bar with counts and rate, redrawn in place on an interactive terminal (stderr).</summary>
public sealed class TerminalProgressBar : IProgress<IndexProgress>
{
    private const int MinimumToShow = 50;
    private readonly TextWriter _output;
    private readonly string _label;
    private readonly object _gate = new();

    public TerminalProgressBar(TextWriter output, string label = "Indexing")
    {
        _output = output;
        _label = label;
    }

    public void Report(IndexProgress value)
    {
        if (value.Total < MinimumToShow)
        {
            return; // A handful of files index faster than a bar can be read.
        }

        lock (_gate)
        {
            const int barWidth = 30;
            int filled = value.Total == 0 ? barWidth : (int)((long)value.Done * barWidth / value.Total);
            string bar = new string('█', filled) + new string('░', barWidth - filled);
            _output.Write($"\r{_label} {bar} {value.Done:N0}/{value.Total:N0} articles · {value.Rate:N0}/s   ");
            if (value.Done >= value.Total)
            {
                _output.WriteLine();
            }

            _output.Flush();
        }
    }
}

/// <summary>Periodic log lines for indexing when no terminal is watching (services, CI, pipes).</summary>
public sealed class LoggingProgress : IProgress<IndexProgress>
{
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly string _what;
    private TimeSpan? _last;

    public LoggingProgress(ILogger<LoggingProgress> logger)
        : this(logger, TimeSpan.FromSeconds(5))
    {
    }

    public LoggingProgress(ILogger logger, TimeSpan interval, string what = "Indexed")
    {
        _logger = logger;
        _interval = interval;
        _what = what;
    }

    public void Report(IndexProgress value)
    {
        bool finished = value.Done >= value.Total;
        if (value.Total == 0 || (!finished && _last is { } last && value.Elapsed - last < _interval))
        {
            return;
        }

        _last = value.Elapsed;
        _logger.LogInformation("{What} {Done}/{Total} articles ({Rate:F1}/s)", _what, value.Done, value.Total, value.Rate);
    }
}
