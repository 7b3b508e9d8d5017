using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Feedback;
using PolicyBot.Core.Search;

namespace PolicyBot.TestKit;

/// <summary>A throwaway article folder (and index folder) for one test; deleted on dispose.</summary>
public sealed class TempArticleFolder : IDisposable
{
    public TempArticleFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "policybot-test-" + Guid.NewGuid().ToString("N")[..12]);
        Articles = Path.Combine(Root, "articles");
        IndexPath = Path.Combine(Root, "index");
        Directory.CreateDirectory(Articles);
    }

    public string Root { get; }

    public string Articles { get; }

    public string IndexPath { get; }

    public string Write(string relativePath, string text)
    {
        string path = Path.Combine(Articles, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        string path = Path.Combine(Articles, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Copies the repository's seed article into the folder.</summary>
    public string AddSeed()
    {
        string seed = Directory.GetFiles(RepositoryPaths.Seeds).Single();
        string target = Path.Combine(Articles, Path.GetFileName(seed));
        File.Copy(seed, target);
        return target;
    }

    public ArticleLibrary OpenLibrary(bool persistent = false) =>
        ArticleLibrary.Open(Articles, persistent ? IndexPath : null, null, NullLogger.Instance, CancellationToken.None);

    public static BotEngine Engine(ArticleLibrary library, double minConfidence = 0.5) =>
        new(library, new QuestionAnswerer(library, new AnswerOptions { MinConfidence = minConfidence }));

    /// <summary>The real bot over <paramref name="library"/>: in-process conversation memory unless one is given, feedback in memory unless a store is given.</summary>
    public static ChatBot Bot(ArticleLibrary library, AlertCommands? alerts = null, IConversationStore? conversations = null, IFeedbackStore? feedback = null) =>
        new(Engine(library), conversations ?? new ConversationMemory(), feedback ?? new MemoryFeedbackStore(), TimeProvider.System, NullLogger<ChatBot>.Instance, alerts: alerts);

    /// <summary>Text typed in <paramref name="conversation"/> as a shell-like turn (for tests that talk to the bot directly).</summary>
    public static ChatTurn Typed(string text, string conversation, string platform = "shell", bool mayManage = true) =>
        new(platform, new ChannelRef(platform, conversation), "tester", conversation, "m1", new TypedText(text)) { MayManage = mayManage };

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a failed test; the OS temp cleaner takes it.
        }
    }
}

/// <summary>Finds the repository from the test's output directory (tests never read anything outside it).</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seeds => Path.Combine(Root, "seeds");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PolicyBot.sln was not found above " + AppContext.BaseDirectory);
    }
}
