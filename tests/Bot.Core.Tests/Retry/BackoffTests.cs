using PolicyBot.Core.Retry;

namespace PolicyBot.Core.Tests.Retry;

public class BackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(6, 16, 32)]
    [InlineData(7, 30, 60)]
    [InlineData(40, 30, 60)]
    public void Delay_EveryAttempt_LiesBetweenHalfItsStepAndTheStep(int attempt, double lowSeconds, double highSeconds)
    {
        var random = new Random(12);
        for (int i = 0; i < 200; i++)
        {
            Assert.InRange(Backoff.Delay(attempt, Base, Max, random), TimeSpan.FromSeconds(lowSeconds), TimeSpan.FromSeconds(highSeconds));
        }

        Assert.Equal(TimeSpan.FromSeconds(lowSeconds), Backoff.Delay(attempt, Base, Max, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(highSeconds), Backoff.Delay(attempt, Base, Max, 1.0));
    }

    [Fact]
    public void Delay_ManyAttempts_NeverExceedsTheCap()
    {
        Assert.Equal(Max, Backoff.Delay(int.MaxValue, Base, Max, 1.0));
        Assert.Equal(Max / 2, Backoff.Delay(1000, Base, Max, 0.0));
    }

    [Fact]
    public void Delay_SuccessiveAttempts_GrowUntilTheCapWhateverTheJitter()
    {
        var random = new Random(7);
        for (int run = 0; run < 50; run++)
        {
            var delays = Enumerable.Range(1, 6).Select(a => Backoff.Delay(a, Base, Max, random)).ToList();
            for (int i = 1; i < delays.Count; i++)
            {
                Assert.True(delays[i] >= delays[i - 1], $"attempt {i + 1} ({delays[i]}) came before attempt {i} ({delays[i - 1]})");
            }
        }
    }

    [Fact]
    public void Delay_AFleetFailingTogether_SpreadsItsRetries()
    {
        var random = new Random(3);

        var firstRetries = Enumerable.Range(0, 20).Select(_ => Backoff.Delay(1, Base, Max, random)).Distinct().Count();

        Assert.True(firstRetries > 15, $"only {firstRetries} distinct delays among 20 replicas");
    }

    [Fact]
    public void Delay_SameSeed_SameDelays()
    {
        Assert.Equal(
            Enumerable.Range(1, 5).Select(a => Backoff.Delay(a, Base, Max, new Random(42))),
            Enumerable.Range(1, 5).Select(a => Backoff.Delay(a, Base, Max, new Random(42))));
    }
}
