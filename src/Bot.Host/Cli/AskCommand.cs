using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Adapters.Shell;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Hosting;

/// <summary><c>policybot ask</c>: one question, or a JSON Lines batch of them.</summary>
public static partial class PolicyBotCli
{
    private static Command AskCommand(IReadOnlyList<string> configArgs, Option<string?> articles, TextWriter output, TextWriter error)
    {
        var question = new Argument<string?>("question") { Description = "The question, in quotes.", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON (one object per line)." };
        var top = new Option<int>("--top") { Description = "How many passages to return (1-20).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var batch = new Option<FileInfo?>("--batch") { Description = "Answer every question of a JSON Lines file of {\"id\": \"...\", \"q\": \"...\"}, in order.", HelpName = "FILE" };
        var command = new Command("ask",
            "Answer one question (or a batch of questions) and exit.\n\n" +
            "Examples:\n  policybot ask \"What tariffs will Canada impose on Chinese EVs?\"\n  policybot ask \"Who is buying equipment from CATL?\" --json --top 3\n  policybot ask --batch questions.jsonl --json > answers.jsonl");
        top.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, out int n) && n is < 1 or > 20)
            {
                r.AddError("--top must be between 1 and 20");
            }
        });
        command.Arguments.Add(question);
        command.Options.Add(json);
        command.Options.Add(top);
        command.Options.Add(batch);
        command.Validators.Add(result =>
        {
            bool hasQuestion = !string.IsNullOrWhiteSpace(result.GetValue(question));
            bool hasBatch = result.GetValue(batch) is not null;
            if (hasQuestion == hasBatch)
            {
                result.AddError(hasQuestion ? "give either a question or --batch FILE, not both" : "give a question in quotes, or --batch FILE");
            }
        });
        command.SetAction((parse, ct) => RunWithLibraryAsync(configArgs, parse.GetValue(articles), error, async (services, token) =>
        {
            bool asJson = parse.GetValue(json);
            int count = parse.GetValue(top);
            if (parse.GetValue(batch) is { } file)
            {
                return await AnswerBatchAsync(services, file, asJson, count, output, error, token);
            }

            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = await AskBotAsync(services, new AskCommand(parse.GetValue(question)!, count), token);
            if (JsonOutput.Answer(null, reply, System.Diagnostics.Stopwatch.GetElapsedTime(started)) is not { } line)
            {
                await error.WriteAsync(ShellRenderer.Render(reply)); // A fault, already logged by the bot.
                return Failure;
            }

            // Bold answering words only on a terminal; a pipe or a file gets plain text.
            bool bold = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            await output.WriteAsync(asJson ? line + "\n" : ShellRenderer.Render(reply, bold: bold));
            return Success;
        }, ct));
        return command;
    }

    private static async Task<int> AnswerBatchAsync(IServiceProvider services, FileInfo file, bool asJson, int top, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"The batch file '{file.FullName}' does not exist.");
            return Failure;
        }

        int lineNumber = 0, failed = 0;
        using var reader = file.OpenText();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var (id, q, problem) = ReadBatchLine(line);
            if (problem is not null)
            {
                failed++;
                await error.WriteLineAsync($"{file.Name} line {lineNumber}: {problem}.");
                await output.WriteLineAsync(asJson ? JsonOutput.BatchError(id, lineNumber, problem) : $"[{id ?? $"line {lineNumber}"}] error: {problem}");
                continue;
            }

            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = await AskBotAsync(services, new AskCommand(q!, top), ct);
            if (JsonOutput.Answer(id, reply, System.Diagnostics.Stopwatch.GetElapsedTime(started)) is not { } answer)
            {
                failed++;
                string fault = ShellRenderer.Render(reply).Trim();
                await error.WriteLineAsync($"{file.Name} line {lineNumber}: {fault}");
                await output.WriteLineAsync(asJson ? JsonOutput.BatchError(id, lineNumber, fault) : $"[{id}] error: {fault}");
                continue;
            }

            if (asJson)
            {
                await output.WriteLineAsync(answer);
            }
            else
            {
                await output.WriteLineAsync($"[{id}] {q}");
                await output.WriteLineAsync(ShellRenderer.Render(reply));
            }
        }

        await output.FlushAsync(ct);
        return failed == 0 ? Success : Failure;
    }

    /// <summary>Reads one batch line: {"id": "...", "q": "..."}; ids may be strings or numbers.</summary>
    internal static (string? Id, string? Question, string? Problem) ReadBatchLine(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, null, "expected a JSON object like {\"id\": \"1\", \"q\": \"...\"}");
            }

            string? id = doc.RootElement.TryGetProperty("id", out var idElement)
                ? idElement.ValueKind switch
                {
                    JsonValueKind.String => idElement.GetString(),
                    JsonValueKind.Number => idElement.GetRawText(),
                    _ => null,
                }
                : null;
            if (id is null)
            {
                return (null, null, "the line has no \"id\" (a string or number)");
            }

            string? q = doc.RootElement.TryGetProperty("q", out var qElement) && qElement.ValueKind == JsonValueKind.String ? qElement.GetString() : null;
            return string.IsNullOrWhiteSpace(q) ? (id, null, "the line has no question in \"q\"") : (id, q, null);
        }
        catch (JsonException ex)
        {
            return (null, null, $"the line is not valid JSON ({ex.Message.Split('.')[0]})");
        }
    }
}
