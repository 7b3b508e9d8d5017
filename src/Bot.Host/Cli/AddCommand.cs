using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Core.Articles;

namespace PolicyBot.Hosting;

/// <summary><c>policybot add</c>: a file or web page into the article folder.</summary>
public static partial class PolicyBotCli
{
    private static Command AddArticleCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var source = new Argument<string>("source") { Description = "A .txt or .md article file, or the http(s) address of a web page." };
        var command = new Command("add", "Add an article to the collection: a file is copied into the folder, a web page's main text is saved as an article. A running bot indexes it and alerts subscribed channels.\n\nExamples:\n  policybot add ~/Downloads/briefing.md\n  policybot add https://example.org/news/tariffs");
        command.Arguments.Add(source);
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            var result = await services.GetRequiredService<IArticleAdder>().AddAsync(parse.GetValue(source) ?? "", allowLocalFiles: true, token);
            if (result.Added)
            {
                await output.WriteLineAsync(result.Message);
                return Success;
            }

            await error.WriteLineAsync(result.Message);
            return Failure;
        }, ct));
        return command;
    }
}
