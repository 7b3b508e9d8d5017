using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary><c>policybot articles</c>: the collection, as text or JSON Lines.</summary>
public static partial class PolicyBotCli
{
    private static Command ArticlesCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "One JSON object per line: id, title, source, author, url, published, paragraphs, tags." };
        var command = new Command("articles", "List the articles with id, title, source, date and paragraph count.\n\nExamples:\n  policybot articles\n  policybot articles --json --articles ~/news");
        command.Options.Add(json);
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var library = services.GetRequiredService<ArticleLibrary>();
            if (parse.GetValue(json))
            {
                foreach (var a in library.Articles)
                {
                    await output.WriteLineAsync(JsonOutput.ArticleListing(a));
                }
            }
            else
            {
                await output.WriteAsync(ShellRenderer.Render(new ArticleListReply(library.Articles)));
            }

            return Success;
        }, ct));
        return command;
    }
}
