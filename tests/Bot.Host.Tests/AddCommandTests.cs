using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

/// <summary><c>policybot add FILE|URL</c> end to end: the command line, the host's registrations (AddBotFeeds) and a loopback page.</summary>
public sealed class AddCommandTests : IDisposable
{
    private const string PageText =
        "The harbour board approved a new ferry timetable on Monday, adding two evening crossings on weekdays and a " +
        "late return on Saturdays from the first of June. The board said passenger numbers had grown every month this " +
        "year and that the extra crossings would be paid for by the fare rise agreed in the spring budget.";

    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var all = args.Concat(new[] { "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false" }).ToArray();
        int code = await PolicyBotCli.RunAsync(all, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Add_File_CopiesItIntoAddedAndIndexesIt()
    {
        string source = Path.Combine(_folder.Root, "Ferry notes.md");
        File.WriteAllText(source, "---\ntitle: Ferry timetable\n---\n\n" + PageText + "\n");

        var (code, stdout, _) = await Run("add", source);

        Assert.Equal(0, code);
        Assert.Contains("Added “Ferry timetable” (id ", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Articles, "added", "ferry-notes.md")));
    }

    [Fact]
    public async Task Add_LoopbackUrl_IsSavedOnlyWhenPrivateNetworksAreAllowed()
    {
        await using var site = await StartPageAsync();
        string url = site.Urls.First().TrimEnd('/') + "/news/ferries";

        var refused = await Run("add", url);
        var added = await Run("add", url, "--Articles:AllowPrivateNetworks=true");

        Assert.Equal(1, refused.Code);
        Assert.Contains("refused to connect to 127.0.0.1", refused.Err, StringComparison.Ordinal);
        Assert.Equal(0, added.Code);
        Assert.Contains("Added “Evening ferries”", added.Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_folder.Articles, "added", "127-0-0-1"), "*.md"));
    }

    private static async Task<WebApplication> StartPageAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/news/ferries", () => Results.Content($"<html><head><title>Evening ferries</title></head><body><article><h1>Evening ferries</h1><p>{PageText}</p></article></body></html>", "text/html"));
        await app.StartAsync();
        return app;
    }
}
