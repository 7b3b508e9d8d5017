namespace PolicyBot.Storage;

/// <summary>
/// Makes sure a store's schema is checked and migrated once per store instance: the first connection does it while
/// later ones wait, and afterwards nobody waits. (Across processes the database's own locking takes over.)
/// </summary>
internal sealed class SchemaOnce : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _done;

    public async Task EnsureAsync(Func<CancellationToken, Task> ensure, CancellationToken ct)
    {
        if (_done)
        {
            return;
        }

        await _lock.WaitAsync(ct);
        try
        {
            if (!_done)
            {
                await ensure(ct);
                _done = true;
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
