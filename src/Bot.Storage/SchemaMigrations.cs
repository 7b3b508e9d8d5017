namespace PolicyBot.Storage;

/// <summary>The order both databases migrate in; how a step runs and is recorded is each schema's own.</summary>
internal static class SchemaMigrations
{
    /// <summary>
    /// Runs <paramref name="apply"/> for each of <paramref name="migrations"/> (in order, a new version a new entry)
    /// newer than <paramref name="current"/>, the version found in the database. A database newer than the last one
    /// is refused: a newer build migrated it, and this one would misread it rather than guess.
    /// </summary>
    public static async Task ApplyAsync(
        long current, IReadOnlyList<(int Version, string Sql)> migrations, Func<int, string, CancellationToken, Task> apply, CancellationToken ct)
    {
        int known = migrations[^1].Version;
        if (current > known)
        {
            throw new InvalidOperationException(
                $"The store's database is at schema version {current}; this build knows version {known} at most.");
        }

        foreach (var (version, sql) in migrations)
        {
            if (version > current)
            {
                await apply(version, sql, ct);
            }
        }
    }
}
