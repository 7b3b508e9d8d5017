using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>
/// Which adapters run is decided from the configuration the host builds: an environment's settings file and user
/// secrets can switch a platform on. Each test starts the real policybot in a child process, since the environment,
/// the content root and the secrets folder are process-wide.
/// </summary>
public sealed class HostConfigurationTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public HostConfigurationTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task NoCommand_DevelopmentSettingsFileEnablesSlack_ServesInsteadOfTheShell()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        string contentRoot = WriteFile(Path.Combine(_folder.Root, "content", "appsettings.Development.json"), SlackSettings(slack, port));

        bool served = await ServesAsync(port, new() { ["DOTNET_ENVIRONMENT"] = "Development", ["DOTNET_CONTENTROOT"] = Path.GetDirectoryName(contentRoot)! });

        Assert.True(served, "policybot ran the shell although appsettings.Development.json enables Slack");
    }

    [Fact]
    public async Task NoCommand_SettingsFileOfAnotherEnvironment_RunsTheShell()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        string contentRoot = WriteFile(Path.Combine(_folder.Root, "content", "appsettings.Development.json"), SlackSettings(slack, port));

        bool served = await ServesAsync(port, new() { ["DOTNET_ENVIRONMENT"] = "Production", ["DOTNET_CONTENTROOT"] = Path.GetDirectoryName(contentRoot)! });

        Assert.False(served, "policybot served although only the Development file enables Slack");
    }

    [Fact]
    public async Task NoCommand_UserSecretsEnableSlack_ServesInsteadOfTheShell()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        string appData = Path.Combine(_folder.Root, "appdata");
        string id = typeof(BotHost).Assembly.GetCustomAttribute<UserSecretsIdAttribute>()!.UserSecretsId;
        // Where `dotnet user-secrets set` writes when APPDATA is set (PathHelper.GetSecretsPathFromSecretsId).
        WriteFile(Path.Combine(appData, "Microsoft", "UserSecrets", id, "secrets.json"), SlackSettings(slack, port));

        // No environment set, as with `dotnet run`: the secrets are read all the same.
        bool served = await ServesAsync(port, new() { ["APPDATA"] = appData, ["DOTNET_ENVIRONMENT"] = null });

        Assert.True(served, "policybot ran the shell although the user secrets enable Slack");
    }

    private static string WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static string SlackSettings(FakeSlackWebApi slack, int port) => new JsonObject
    {
        ["Slack"] = new JsonObject
        {
            ["Enabled"] = true,
            ["BotToken"] = slack.BotToken,
            ["SigningSecret"] = "host-configuration-test-secret",
            ["ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
        },
        ["Http"] = new JsonObject { ["Urls"] = $"http://127.0.0.1:{port}" },
    }.ToJsonString();

    /// <summary>
    /// Runs `policybot` with no command and stdin closed: the shell ends at once on end of input, the served bot answers
    /// /healthz. True when it served (the child is then stopped), false when it exited without serving.
    /// </summary>
    private async Task<bool> ServesAsync(int port, Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.Root,
        };
        foreach (string arg in new[] { "exec", typeof(BotHost).Assembly.Location, "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var bot = Process.Start(start)!;
        bot.StandardInput.Close();
        var output = bot.StandardOutput.ReadToEndAsync();
        var error = bot.StandardError.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ServeOpsSupport.Wait;
        try
        {
            while (DateTime.UtcNow < deadline && !bot.HasExited)
            {
                try
                {
                    using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                    if (health.IsSuccessStatusCode)
                    {
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening (yet).
                }

                await Task.Delay(100);
            }

            Assert.True(bot.HasExited, $"policybot neither served nor exited within {ServeOpsSupport.Wait}");
            await bot.WaitForExitAsync();
            Assert.True(bot.ExitCode == 0, $"policybot exited {bot.ExitCode}: {await error}");
            return false;
        }
        finally
        {
            if (!bot.HasExited)
            {
                bot.Kill(entireProcessTree: true);
                await bot.WaitForExitAsync();
            }

            await Task.WhenAll(output, error);
        }
    }
}
