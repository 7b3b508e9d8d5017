using PolicyBot.TestKit;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Tests.Support;

namespace PolicyBot.Adapters.Slack.Tests.Inbound;

public class SlackDeduplicatorTests
{
    private const string Channel = "C06RQ7P4LMB";
    private const string Ts = "1733215821.459199";

    private readonly ManualTimeProvider _clock = ManualTimeProvider.AtUnixSeconds(1733215821);

    private SlackDeduplicator Create(TimeSpan? window = null, int capacity = SlackDeduplicator.DefaultCapacity) => new(_clock, window, capacity);

    [Fact]
    public void TryClaimEvent_SameEventIdTwice_OnlyFirstWins()
    {
        var dedup = Create();

        Assert.True(dedup.TryClaimEvent("Ev084ZJ8KQ7N"));
        Assert.False(dedup.TryClaimEvent("Ev084ZJ8KQ7N"));
    }

    [Fact]
    public void TryClaim_SlackRetriesOfTheSameDelivery_OnlyFirstWins()
    {
        var dedup = Create();
        var message = Parse("app_mention_channel.json");

        Assert.True(dedup.TryClaim(message));
        _clock.Advance(TimeSpan.FromSeconds(3));   // X-Slack-Retry-Num: 1 (http_timeout)
        Assert.False(dedup.TryClaim(message));
        _clock.Advance(TimeSpan.FromMinutes(1));   // X-Slack-Retry-Num: 2
        Assert.False(dedup.TryClaim(message));
        _clock.Advance(TimeSpan.FromMinutes(5));   // X-Slack-Retry-Num: 3
        Assert.False(dedup.TryClaim(message));
    }

    [Fact]
    public void TryClaim_SameMessageUnderNewEventId_IsDuplicate()
    {
        var dedup = Create();

        Assert.True(dedup.TryClaim("Ev0001", Channel, Ts));
        Assert.False(dedup.TryClaim("Ev0002", Channel, Ts));
    }

    [Fact]
    public void TryClaim_MentionDeliveredAsMessageAndAppMention_AnswersOnce()
    {
        var dedup = Create();
        var asMessage = Parse("message_channel_mention.json");
        var asAppMention = Parse("app_mention_channel.json");

        Assert.True(dedup.TryClaim(asMessage));
        Assert.False(dedup.TryClaim(asAppMention));
    }

    [Fact]
    public void TryClaim_RetryOfADuplicate_IsStillDuplicate()
    {
        var dedup = Create();

        Assert.True(dedup.TryClaim("Ev0001", Channel, Ts));
        Assert.False(dedup.TryClaim("Ev0002", Channel, Ts));
        Assert.False(dedup.TryClaimEvent("Ev0002"));
        Assert.False(dedup.TryClaim("Ev0002", "C0OTHER0001", "1733215999.000100"));
    }

    [Fact]
    public void TryClaim_DifferentMessages_AllWin()
    {
        var dedup = Create();

        Assert.True(dedup.TryClaim(Parse("app_mention_channel.json")));
        Assert.True(dedup.TryClaim(Parse("app_mention_thread.json")));
        Assert.True(dedup.TryClaim(Parse("message_thread_followup.json")));
        Assert.True(dedup.TryClaim(Parse("message_im.json")));
        Assert.True(dedup.TryClaim("Ev0009", "C0OTHER0001", Ts)); // same ts in another channel is another message
    }

    [Fact]
    public void TryClaim_KeyKinds_DoNotCollide()
    {
        var dedup = Create();

        Assert.True(dedup.TryClaim("Ev0001"));
        Assert.True(dedup.TryClaimEvent("Ev0001"));
        Assert.True(dedup.TryClaim("Ev0002", "C1", "1.2"));
        Assert.True(dedup.TryClaim("Ev0003", "C1 1", "2"));
    }

    [Fact]
    public void TryClaim_JustBeforeWindowEnds_IsStillDuplicate()
    {
        var dedup = Create(TimeSpan.FromHours(1));
        Assert.True(dedup.TryClaim("Ev0001", Channel, Ts));

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));

        Assert.False(dedup.TryClaim("Ev0001", Channel, Ts));
    }

    [Fact]
    public void TryClaim_AfterWindowEnds_ClaimsAgain()
    {
        var dedup = Create(TimeSpan.FromHours(1));
        Assert.True(dedup.TryClaim("Ev0001", Channel, Ts));

        _clock.Advance(TimeSpan.FromHours(1));

        Assert.True(dedup.TryClaim("Ev0001", Channel, Ts));
        Assert.False(dedup.TryClaim("Ev0001", Channel, Ts));
    }

    [Fact]
    public void TryClaim_AfterWindow_ForgetsExpiredKeys()
    {
        var dedup = Create(TimeSpan.FromMinutes(10));
        for (int i = 0; i < 100; i++)
        {
            dedup.TryClaimEvent("Ev" + i);
        }

        Assert.Equal(100, dedup.Count);
        _clock.Advance(TimeSpan.FromMinutes(11));
        dedup.TryClaimEvent("EvNew");

        Assert.Equal(1, dedup.Count);
    }

    [Fact]
    public void TryClaim_BeyondCapacity_DropsOldestAndStaysBounded()
    {
        var dedup = Create(capacity: 100);
        for (int i = 0; i < 1000; i++)
        {
            Assert.True(dedup.TryClaimEvent("Ev" + i));
            Assert.True(dedup.Count <= 100);
        }

        Assert.False(dedup.TryClaimEvent("Ev999"));  // recent ones are remembered
        Assert.True(dedup.TryClaimEvent("Ev0"));     // the oldest were forgotten first
    }

    [Fact]
    public void TryClaim_ConcurrentSameEvent_ExactlyOneWins()
    {
        var dedup = Create();
        int wins = 0;

        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, _ =>
        {
            if (dedup.TryClaimEvent("Ev084ZJ8KQ7N"))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    [Fact]
    public void TryClaim_ConcurrentDuplicatesUnderDifferentEventIds_ExactlyOneWins()
    {
        var dedup = Create();
        int wins = 0;

        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            if (dedup.TryClaim("Ev" + (i % 7), Channel, Ts))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(1, wins);
    }

    [Fact]
    public void TryClaim_ThreadsRacingRoundAfterRound_ExactlyOneWinsEachRound()
    {
        // Threads spin (rather than block) between rounds so that they hit each new key at the same moment.
        int threads = Math.Max(4, Environment.ProcessorCount);
        const int rounds = 20_000;
        var dedup = Create();
        var winsPerRound = new int[rounds];
        int arrived = 0;

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int round = 0; round < rounds; round++)
            {
                Interlocked.Increment(ref arrived);
                var spin = default(SpinWait);
                while (Volatile.Read(ref arrived) < (round + 1) * threads)
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }

                if (dedup.TryClaim("Ev" + round + "-" + t, Channel, "1733215821." + round))
                {
                    Interlocked.Increment(ref winsPerRound[round]);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.All(winsPerRound, wins => Assert.Equal(1, wins));
    }

    [Fact]
    public void TryClaim_ConcurrentDistinctKeys_AllWin()
    {
        var dedup = Create();
        int wins = 0;

        Parallel.For(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            if (dedup.TryClaim("Ev" + i, Channel, "1733215821." + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)))
            {
                Interlocked.Increment(ref wins);
            }
        });

        Assert.Equal(10_000, wins);
        Assert.Equal(20_000, dedup.Count);
    }

    [Fact]
    public void Constructor_NonPositiveWindowOrTinyCapacity_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlackDeduplicator(_clock, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlackDeduplicator(_clock, capacity: 1));
    }

    [Fact]
    public void TryClaim_EmptyKey_Throws()
    {
        var dedup = Create();

        Assert.ThrowsAny<ArgumentException>(() => dedup.TryClaimEvent(""));
        Assert.ThrowsAny<ArgumentException>(() => dedup.TryClaim("Ev1", "", Ts));
    }

    private static SlackMessage Parse(string file) =>
        Assert.IsType<SlackMessage>(SlackEventParser.Parse(RecordedPayload.Bytes("Events/" + file), "U07PBOT9XYZ"));
}
