using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary><c>policybot summary</c>: an article (or every one) in its own sentences.</summary>
public static partial class PolicyBotCli
{
    private static Command SummaryCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var article = new Argument<string?>("article") { Description = "An article id, words from its title, or 'latest' (default).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"article\": {...}, \"sentences\": [{\"text\": \"...\", \"paragraph\": 3}]}." };
        var sentences = new Option<int>("--sentences") { Description = $"How many sentences (1-{BotEngine.MaxSummarySentences}).", DefaultValueFactory = _ => Core.Conversation.SummaryCommand.DefaultSentences, HelpName = "N" };
        var all = new Option<bool>("--all") { Description = "Summarise every article (one JSON line each with --json)." };
        var command = new Command("summary",
            "Summarise an article with its own sentences, each with its paragraph number.\n\n" +
            "Examples:\n  policybot summary latest\n  policybot summary \"cooperate with China\" --sentences 5\n  policybot summary --all --json > summaries.jsonl");
        sentences.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n is < 1 or > BotEngine.MaxSummarySentences)
            {
                r.AddError($"--sentences must be between 1 and {BotEngine.MaxSummarySentences}");
            }
        });
        command.Arguments.Add(article);
        command.Options.Add(json);
        command.Options.Add(sentences);
        command.Options.Add(all);
        command.Validators.Add(result =>
        {
            if (result.GetValue(all) && result.GetValue(article) is not null)
            {
                result.AddError("give an article or --all, not both");
            }
        });
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var library = services.GetRequiredService<ArticleLibrary>();
            bool asJson = parse.GetValue(json);
            int n = parse.GetValue(sentences);
            var targets = parse.GetValue(all)
                ? library.Articles.Select(a => (string?)a.Id).ToList()
                : new List<string?> { parse.GetValue(article) };
            int status = Success;
            foreach (string? target in targets)
            {
                var reply = await AskBotAsync(services, new Core.Conversation.SummaryCommand(target, n), token);
                if (JsonOutput.SummaryOf(reply) is not { } json)
                {
                    await error.WriteAsync(ShellRenderer.Render(reply));
                    status = Failure;
                    continue;
                }

                await output.WriteAsync(asJson ? json + "\n" : ShellRenderer.Render(reply) + (targets.Count > 1 ? "\n" : ""));
            }

            return status;
        }, ct));
        return command;
    }
}
