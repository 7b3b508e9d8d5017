using System.ComponentModel.DataAnnotations;
using PolicyBot.Adapters.Slack;

namespace PolicyBot.Adapters.Slack.Tests;

public class SlackOptionsTests
{
    private static List<ValidationResult> Validate(SlackOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Validate_Disabled_NeedsNoSecrets()
    {
        Assert.Empty(Validate(new SlackOptions { Enabled = false }));
    }

    [Fact]
    public void Validate_EnabledHttpWithoutSecrets_NamesBothSettings()
    {
        var errors = Validate(new SlackOptions { Enabled = true, Mode = SlackMode.Http }).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(errors, e => e!.Contains("Slack:BotToken", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("Slack:SigningSecret", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e!.Contains("Slack:AppToken", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_EnabledSocketWithoutAppToken_NamesIt()
    {
        var errors = Validate(new SlackOptions { Enabled = true, Mode = SlackMode.Socket, BotToken = "xoxb-1" }).Select(r => r.ErrorMessage).ToList();

        Assert.Single(errors);
        Assert.Contains("Slack:AppToken", errors[0]);
    }

    [Fact]
    public void ToString_NeverShowsSecrets()
    {
        var options = new SlackOptions { Enabled = true, BotToken = "xoxb-secret-token", SigningSecret = "shh-signing", AppToken = "xapp-secret" };

        string text = options.ToString();

        Assert.DoesNotContain("secret", text);
        Assert.DoesNotContain("shh", text);
    }
}
