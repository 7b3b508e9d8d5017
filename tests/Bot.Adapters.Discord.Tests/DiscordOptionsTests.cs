using System.ComponentModel.DataAnnotations;

namespace PolicyBot.Adapters.Discord.Tests;

public class DiscordOptionsTests
{
    private static List<ValidationResult> Validate(DiscordOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Disabled_NeedsNothing()
    {
        Assert.Empty(Validate(new DiscordOptions()));
    }

    [Fact]
    public void Enabled_WithoutSecrets_NamesEachMissingSetting()
    {
        var messages = Validate(new DiscordOptions { Enabled = true }).Select(r => r.ErrorMessage).ToList();

        Assert.Contains(messages, m => m!.Contains("Discord__ApplicationId", StringComparison.Ordinal));
        Assert.Contains(messages, m => m!.Contains("Discord__PublicKey", StringComparison.Ordinal));
        Assert.Contains(messages, m => m!.Contains("Discord__BotToken", StringComparison.Ordinal));
    }

    [Fact]
    public void Enabled_WithMalformedPublicKey_SaysWhatAKeyLooksLike()
    {
        var results = Validate(new DiscordOptions { Enabled = true, ApplicationId = "1", BotToken = "t", PublicKey = "abc" });

        var only = Assert.Single(results);
        Assert.Contains("64 hexadecimal", only.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:03")]
    [InlineData("-00:00:01")]
    public void Enabled_WithAnInlineBudgetDiscordWouldNotWaitFor_NamesTheSetting(string budget)
    {
        var results = Validate(new DiscordOptions { Enabled = true, ApplicationId = "1", BotToken = "t", PublicKey = new string('a', 64), InlineBudget = TimeSpan.Parse(budget, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains("Discord:InlineBudget", Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheSecrets()
    {
        var options = new DiscordOptions { Enabled = true, ApplicationId = "1", BotToken = "secret-token-value", PublicKey = new string('a', 64) };

        Assert.DoesNotContain("secret-token-value", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('a', 64), options.ToString(), StringComparison.Ordinal);
    }
}
