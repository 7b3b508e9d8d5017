namespace PolicyBot.Bench.Infrastructure;

/// <summary>A fresh folder under the system temp folder, deleted on dispose unless kept.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly bool _keep;

    public TempFolder(string name, bool keep)
    {
        _keep = keep;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"policybot-bench-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A new empty sub-folder.</summary>
    public string Sub(string name)
    {
        string path = System.IO.Path.Combine(Path, name);
        Delete(path);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        if (_keep)
        {
            Console.Error.WriteLine($"Kept {Path}");
            return;
        }

        Delete(Path);
    }

    public static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {path}: {ex.Message}");
        }
    }
}
