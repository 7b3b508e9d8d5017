using Microsoft.Extensions.Logging;
using Moq;
using PolicyBot.Core.Search;
using PolicyBot.Hosting;

namespace PolicyBot.Host.Tests;

public class IndexProgressReportersTests
{
    [Fact]
    public void TerminalProgressBar_LargeRun_RedrawsInPlaceWithCountsAndRateThenEndsTheLine()
    {
        var output = new StringWriter();
        var bar = new TerminalProgressBar(output);

        bar.Report(new IndexProgress(500, 1000, TimeSpan.FromSeconds(2)));
        bar.Report(new IndexProgress(1000, 1000, TimeSpan.FromSeconds(4)));

        string text = output.ToString();
        Assert.StartsWith("\rIndexing ", text);
        Assert.Contains("500/1,000 articles · 250/s", text);
        Assert.Contains("1,000/1,000 articles", text);
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void TerminalProgressBar_SmallRun_StaysQuiet()
    {
        var output = new StringWriter();

        new TerminalProgressBar(output).Report(new IndexProgress(3, 3, TimeSpan.FromMilliseconds(5)));

        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void LoggingProgress_ReportsAtMostOncePerIntervalAndAlwaysTheEnd()
    {
        var logger = new Mock<ILogger>();
        logger.Setup(l => l.IsEnabled(It.IsAny<LogLevel>())).Returns(true);
        var progress = new LoggingProgress(logger.Object, TimeSpan.FromSeconds(5));

        progress.Report(new IndexProgress(0, 100, TimeSpan.Zero));
        progress.Report(new IndexProgress(10, 100, TimeSpan.FromSeconds(1)));
        progress.Report(new IndexProgress(60, 100, TimeSpan.FromSeconds(6)));
        progress.Report(new IndexProgress(100, 100, TimeSpan.FromSeconds(7)));

        logger.Verify(
            l => l.Log(LogLevel.Information, It.IsAny<EventId>(), It.IsAny<It.IsAnyType>(), null, It.IsAny<Func<It.IsAnyType, Exception?, string>>()),
            Times.Exactly(3));
    }
}
