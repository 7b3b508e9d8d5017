using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// Sends the outbox. Each pass claims the due alerts (Pending → Sending, in the store), posts them channel by channel
/// and records the outcome: Sent; Pending again with backoff after a rate limit, 5xx or timeout; the channel paused
/// when the bot lost access to it (its alerts wait); Failed when the platform refuses the message for good or the alert
/// is too old. A channel gets at most one alert message per <see cref="AlertOptions.ChannelInterval"/>, and several
/// waiting alerts become one digest.
/// <para>Exactly once across crashes: an alert claimed but not recorded (the process died between posting and
/// recording) is "in doubt" at the next start. The platform is asked whether it was posted (Slack: the channel's recent
/// messages carry the alert key); where it cannot tell, it is posted again with the same key, which Discord's
/// <c>enforce_nonce</c> turns into the original message.</para>
/// </summary>
public sealed class AlertDispatcher : IDisposable
{
    private readonly IOutboxStore _store;
    private readonly ISubscriptionStore _subscriptions;
    private readonly AlertComposer _composer;
    private readonly Dictionary<string, IAlertSender> _senders;
    private readonly AlertOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertDispatcher> _logger;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly ConcurrentDictionary<ChannelRef, DateTimeOffset> _lastPost = new();
    private readonly ConcurrentDictionary<ChannelRef, int> _failures = new();
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly PolicyBotMetrics? _metrics;

    /// <param name="metrics">Where sent, retried and failed alerts are counted (by platform); none in tests that do not look.</param>
    public AlertDispatcher(IOutboxStore store, ISubscriptionStore subscriptions, AlertComposer composer, IEnumerable<IAlertSender> senders, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertDispatcher> logger, PolicyBotMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(senders);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _subscriptions = subscriptions;
        _composer = composer;
        _senders = senders.ToDictionary(s => s.Platform, StringComparer.Ordinal);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Alerts were written to the outbox: send them now rather than at the next poll.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Settles alerts in doubt and sends the outbox until <paramref name="stoppingToken"/> ends (the host runs this).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RecoverInDoubtAsync(stoppingToken);
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be briefly unavailable (locked file, full disk): the outbox keeps the alerts.
                    _logger.LogError(ex, "Sending alerts failed; trying again shortly");
                }

                await _wake.WaitAsync(_options.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: what was not sent stays in the outbox.
        }
    }

    /// <summary>
    /// Settles alerts left "in doubt" (claimed more than <see cref="AlertOptions.InDoubtAfter"/> ago without an outcome: a
    /// crash, a restart, a replica killed mid-delivery). Each is taken over atomically by one replica, recorded as sent
    /// when the platform shows it, else sent again with the same key. One by one, never as a digest: a digest's other
    /// alerts have keys of their own, and repeating an item is better than losing one.
    /// </summary>
    public async Task RecoverInDoubtAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var now = _time.GetUtcNow();
            var stale = await _store.ReclaimStaleAsync(now - _options.InDoubtAfter, now, _options.BatchSize, ct);
            foreach (var alert in stale)
            {
                if (!_senders.TryGetValue(alert.Channel.Platform, out var sender))
                {
                    await RetryLaterAsync(new[] { alert }, "platform not enabled", TimeSpan.FromHours(1), ct);
                    continue;
                }

                if (await sender.WasDeliveredAsync(alert.Channel, alert.Key, alert.CreatedAt, ct) == true)
                {
                    await _store.MarkSentAsync(alert.Id, null, _time.GetUtcNow(), ct);
                    _metrics?.AlertsDelivered(alert.Channel.Platform, 1);
                    _logger.LogInformation("Alert {Key} in {Channel} had been posted before its sender stopped; recorded as sent", alert.Key, alert.Channel);
                    continue;
                }

                if (_composer.Compose(alert) is not { } reply)
                {
                    await FailAsync(new[] { alert }, "the article is no longer in the collection", ct);
                    continue;
                }

                await SendAndRecordAsync(alert.Channel, sender, new[] { alert }, reply, alert.Key, ct);
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>One pass over the due alerts; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var claimed = await _store.ClaimDueAsync(_time.GetUtcNow(), _options.BatchSize, ct);
            foreach (var group in claimed.GroupBy(a => a.Channel))
            {
                var alerts = group.ToList();
                if (!_senders.TryGetValue(group.Key.Platform, out var sender))
                {
                    await RetryLaterAsync(alerts, $"the {group.Key.Platform} platform is not enabled", TimeSpan.FromHours(1), ct);
                    continue;
                }

                var now = _time.GetUtcNow();
                if (_lastPost.TryGetValue(group.Key, out var last) && last + _options.ChannelInterval > now)
                {
                    // Paced: these wait and join whatever else arrives meanwhile, in one digest.
                    await RetryAtAsync(alerts, last + _options.ChannelInterval, "waiting for the channel's alert interval", ct);
                    continue;
                }

                await DeliverAsync(group.Key, sender, alerts, ct);
            }

            return claimed.Count;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task DeliverAsync(ChannelRef channel, IAlertSender sender, List<OutboxAlert> alerts, CancellationToken ct)
    {
        if (alerts.Count >= _options.DigestThreshold)
        {
            var digest = _composer.ComposeDigest(alerts);
            if (digest is null)
            {
                await FailAsync(alerts, "the articles are no longer in the collection", ct);
                return;
            }

            await SendAndRecordAsync(channel, sender, alerts, digest, alerts[0].Key, ct);
            return;
        }

        foreach (var alert in alerts)
        {
            // A failed earlier attempt may have posted after all (a lost answer): ask before posting again.
            if (alert.Attempts > 1 && await sender.WasDeliveredAsync(channel, alert.Key, alert.CreatedAt, ct) == true)
            {
                await _store.MarkSentAsync(alert.Id, null, _time.GetUtcNow(), ct);
                _metrics?.AlertsDelivered(channel.Platform, 1);
                _lastPost[channel] = _time.GetUtcNow();
                continue;
            }

            if (_composer.Compose(alert) is not { } reply)
            {
                await FailAsync(new[] { alert }, "the article is no longer in the collection", ct);
                continue;
            }

            if (!await SendAndRecordAsync(channel, sender, new[] { alert }, reply, alert.Key, ct))
            {
                // The channel failed or is gone: the rest of its alerts wait with their retry time.
                var rest = alerts.SkipWhile(a => a.Id != alert.Id).Skip(1).ToList();
                await RetryLaterAsync(rest, "an earlier alert to this channel failed", _options.RetryBase, ct);
                return;
            }
        }
    }

    /// <returns>True when the message was posted.</returns>
    private async Task<bool> SendAndRecordAsync(ChannelRef channel, IAlertSender sender, IReadOnlyList<OutboxAlert> alerts, Reply reply, string key, CancellationToken ct)
    {
        AlertDelivery outcome;
        try
        {
            outcome = await sender.SendAsync(channel, reply, key, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new AlertDelivery.Retry(ex.Message);
        }

        var now = _time.GetUtcNow();
        switch (outcome)
        {
            case AlertDelivery.Sent sent:
                foreach (var alert in alerts)
                {
                    await _store.MarkSentAsync(alert.Id, sent.MessageId, now, ct);
                }

                _metrics?.AlertsDelivered(channel.Platform, alerts.Count);
                _lastPost[channel] = now;
                _failures.TryRemove(channel, out _);
                _logger.LogInformation("Posted {Count} alert(s) in {Channel}", alerts.Count, channel);
                return true;
            case AlertDelivery.ChannelGone gone:
                await _subscriptions.PauseChannelAsync(channel, gone.Reason, now, ct);
                await RetryAtAsync(alerts, now, gone.Reason, ct);
                _metrics?.AlertsRetrying(channel.Platform, alerts.Count);
                _logger.LogError("Paused alerts to {Channel}: {Reason}. They are kept and sent when someone subscribes there again.", channel, gone.Reason);
                return false;
            case AlertDelivery.Rejected rejected:
                await FailAsync(alerts, rejected.Error, ct);
                return true;
            case AlertDelivery.Retry retry:
                int failures = _failures.AddOrUpdate(channel, 1, (_, n) => n + 1);
                foreach (var alert in alerts)
                {
                    if (now - alert.CreatedAt > _options.GiveUpAfter)
                    {
                        await _store.MarkFailedAsync(alert.Id, $"gave up after {alert.Attempts} attempts: {retry.Error}", ct);
                        _metrics?.AlertsGivenUp(channel.Platform, 1);
                        _logger.LogError("Gave up alert {Key} to {Channel} after {Attempts} attempts: {Error}", alert.Key, channel, alert.Attempts, retry.Error);
                        continue;
                    }

                    var backoff = Backoff(alert.Attempts);
                    var wait = retry.After is { } after && after > backoff ? after : backoff;
                    await _store.MarkRetryAsync(alert.Id, now + wait, retry.Error, ct);
                    _metrics?.AlertsRetrying(channel.Platform, 1);
                }

                if (failures >= _options.ReportChannelAfter)
                {
                    _logger.LogError("Alerts to {Channel} keep failing ({Failures} in a row): {Error}", channel, failures, retry.Error);
                }
                else
                {
                    _logger.LogWarning("Posting an alert in {Channel} failed ({Error}); it will be retried", channel, retry.Error);
                }

                return false;
            default:
                throw new InvalidOperationException("Unknown delivery outcome " + outcome);
        }
    }

    // Doubling from Alerts:RetryBase (the fixed half of each step, the jitter adds up to as much again) to at most
    // Alerts:RetryMax, so that the channels of one outage do not all retry at once.
    private TimeSpan Backoff(int attempts)
    {
        var firstStep = _options.RetryBase * 2;
        return Retry.Backoff.Delay(Math.Max(attempts, 1), firstStep, _options.RetryMax < firstStep ? firstStep : _options.RetryMax, Random.Shared);
    }

    private Task RetryLaterAsync(IEnumerable<OutboxAlert> alerts, string why, TimeSpan after, CancellationToken ct) =>
        RetryAtAsync(alerts, _time.GetUtcNow() + after, why, ct);

    private async Task RetryAtAsync(IEnumerable<OutboxAlert> alerts, DateTimeOffset at, string why, CancellationToken ct)
    {
        foreach (var alert in alerts)
        {
            await _store.MarkRetryAsync(alert.Id, at, why, ct);
        }
    }

    private async Task FailAsync(IEnumerable<OutboxAlert> alerts, string why, CancellationToken ct)
    {
        foreach (var alert in alerts)
        {
            await _store.MarkFailedAsync(alert.Id, why, ct);
            _metrics?.AlertsGivenUp(alert.Channel.Platform, 1);
            _logger.LogError("Alert {Key} to {Channel} failed for good: {Why}", alert.Key, alert.Channel, why);
        }
    }

    public void Dispose()
    {
        _wake.Dispose();
        _pass.Dispose();
    }
}
