using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Shell;
using PolicyBot.Hosting;
using PolicyBot.TestKit;

namespace PolicyBot.Host.Tests;

public sealed class PolicyBotCliTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public PolicyBotCliTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var all = args.Concat(new[] { "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}" }).ToArray();
        int code = await PolicyBotCli.RunAsync(all, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Ask_Json_WritesTheContractShapeWithAVerbatimQuote()
    {
        var (code, stdout, _) = await Run("ask", "What does Tesla plan to build in Nevada?", "--json");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(new[] { "id", "question", "answered", "answers", "elapsed_ms" }, root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("answered").GetBoolean());
        var answer = root.GetProperty("answers")[0];
        // #14's fields come after the contract's: the part of the article, and the answering words inside the text.
        Assert.Equal(new[] { "text", "article", "paragraph", "score", "part", "span" }, answer.EnumerateObject().Select(p => p.Name));
        Assert.Equal("body", answer.GetProperty("part").GetString());
        Assert.Equal(new[] { "id", "title", "url", "source", "published" }, answer.GetProperty("article").EnumerateObject().Select(p => p.Name));
        string text = answer.GetProperty("text").GetString()!;
        Assert.Contains("cell factory in Nevada", text);
        Assert.Contains(text, File.ReadAllText(Directory.GetFiles(_folder.Articles).Single()));
        Assert.Equal("https://toutiao.com/article/7604339897818546722/", answer.GetProperty("article").GetProperty("url").GetString());
        Assert.Equal(8, answer.GetProperty("paragraph").GetInt32());
        var span = answer.GetProperty("span");
        // A what-question marks the clause that matches it best: the one naming the factory.
        Assert.EndsWith("to build a cell factory in Nevada", text.Substring(span.GetProperty("start").GetInt32(), span.GetProperty("length").GetInt32()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Who wrote this article?", "byline", "Liu Bai")]
    [InlineData("Which outlet published it?", "byline", "Observer Net")]
    [InlineData("What car is in the photo?", "caption", "The BYD Tang model at an auto show")]
    public async Task Ask_Json_QuestionAboutTheArticle_NamesThePartAndMarksTheAnswer(string question, string part, string marked)
    {
        var (code, stdout, _) = await Run("ask", question, "--json");

        Assert.Equal(0, code);
        var answer = JsonDocument.Parse(stdout).RootElement.GetProperty("answers")[0];
        Assert.Equal(part, answer.GetProperty("part").GetString());
        string text = answer.GetProperty("text").GetString()!;
        var span = answer.GetProperty("span");
        Assert.Equal(marked, text.Substring(span.GetProperty("start").GetInt32(), span.GetProperty("length").GetInt32()));
        Assert.Contains(text, File.ReadAllText(Directory.GetFiles(_folder.Articles).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Json_DateTheSeedDoesNotCarry_IsDeclinedSayingSo()
    {
        var (code, stdout, _) = await Run("ask", "When was it published?", "--json");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.False(root.GetProperty("answered").GetBoolean());
        Assert.Equal(0, root.GetProperty("answers").GetArrayLength());
        Assert.Equal("The article does not give the date it was published.", root.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ask_Text_QuestionAboutTheArticle_IsLabelled()
    {
        var (code, stdout, _) = await Run("ask", "Who wrote this article?");

        Assert.Equal(0, code);
        Assert.StartsWith("From the byline:\n“【Wen/Observer Net, Liu Bai】”", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_Text_PrintsQuoteAndCitation()
    {
        var (code, stdout, _) = await Run("ask", "What tariffs will Canada impose on the Chinese EVs it imports?");

        Assert.Equal(0, code);
        Assert.Contains("minimal tariffs", stdout);
        Assert.Contains("paragraph 2", stdout);
    }

    [Fact]
    public async Task Ask_OffTopic_IsDeclinedInJson()
    {
        var (code, stdout, _) = await Run("ask", "Who won the 2024 World Series?", "--json");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.False(root.GetProperty("answered").GetBoolean());
        Assert.Equal("reason", root.EnumerateObject().Last().Name);
        Assert.Equal("The closest passage shares none of the question's key words and is not close in meaning.", root.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Ask_TopThree_ReturnsThreeDistinctPassages()
    {
        var (_, stdout, _) = await Run("ask", "What does Tesla plan to build in Nevada?", "--json", "--top", "3");

        var texts = JsonDocument.Parse(stdout).RootElement.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(3, texts.Count);
        Assert.Equal(3, texts.Distinct().Count());
    }

    [Theory]
    [InlineData(new[] { "ask" }, "give a question in quotes, or --batch FILE")]
    [InlineData(new[] { "ask", "q", "--top", "0" }, "--top must be between 1 and 20")]
    [InlineData(new[] { "ask", "q", "--top", "many" }, "--top")]
    [InlineData(new[] { "summary", "--sentences", "99" }, "--sentences must be between 1 and 20")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public async Task BadUsage_ExitsTwoWithOneLineOnStderr(string[] args, string expected)
    {
        var (code, stdout, stderr) = await Run(args);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.Contains(expected, lines[0]);
    }

    [Fact]
    public async Task Ask_Batch_AnswersEveryLineInOrderKeepingIds()
    {
        string batch = Path.Combine(_folder.Root, "questions.jsonl");
        File.WriteAllLines(batch, new[]
        {
            "{\"id\": \"a\", \"q\": \"What does Tesla plan to build in Nevada?\"}",
            "{\"id\": 7, \"q\": \"What is the tallest mountain in Africa?\"}",
            "not json",
            "",
            "{\"id\": \"c\", \"q\": \"Should blanket tariffs be reconsidered?\"}",
        });

        var (code, stdout, stderr) = await Run("ask", "--batch", batch, "--json");

        Assert.Equal(1, code); // One line was unreadable.
        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("a", lines[0].GetProperty("id").GetString());
        Assert.True(lines[0].GetProperty("answered").GetBoolean());
        Assert.Equal("7", lines[1].GetProperty("id").GetString());
        Assert.False(lines[1].GetProperty("answered").GetBoolean());
        Assert.Equal(3, lines[2].GetProperty("line").GetInt32());
        Assert.Contains("not valid JSON", lines[2].GetProperty("error").GetString());
        Assert.Equal("c", lines[3].GetProperty("id").GetString());
        Assert.Contains("line 3", stderr);
    }

    [Fact]
    public async Task AskJson_WhatDidSomeoneSay_IsAnsweredFromTheirQuotations_AsInChat()
    {
        // One way in: the command line asks the same bot the chats do, so "what did X say" finds X's quotation
        // even where another sentence naming X matches the words better.
        _folder.Write("union.md", "---\ntitle: Union leaders on the new tariffs\n---\nMaria Lopez visited the Ohio plant on Monday with two ministers.\n\n\"Tariffs hurt the workers first,\" said Maria Lopez, the union's president.\n");

        var (code, stdout, _) = await Run("ask", "What did Maria Lopez say?", "--json");

        Assert.Equal(0, code);
        var answer = JsonDocument.Parse(stdout).RootElement;
        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Contains("Tariffs hurt the workers first", answer.GetProperty("answers")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskBatch_QuestionsAboutTheSeedArticle_AreAnsweredWithTheRightSentenceAndAnOffTopicOneIsDeclined()
    {
        // Our own questions over seeds/ (the shared evaluation set is scored by bench quality, never read by tests).
        var cases = new (string Id, string Question, string? Expect)[]
        {
            ("ford-partner", "Which Chinese company might Ford team up with to put its batteries in Ford cars?", "BYD"),
            ("ford-plant", "In which state will Ford build the grid storage batteries?", "Kentucky"),
            ("cancelled", "How much clean tech manufacturing investment was cancelled at the end of 2025?", "$8 billion"),
            ("canada", "Who agreed to let Canada import Chinese electric vehicles with minimal tariffs?", "Trudeau"),
            ("off-topic", "What is the population of the largest city in Brazil?", null),
        };
        string batch = Path.Combine(_folder.Root, "questions.jsonl");
        await File.WriteAllLinesAsync(batch, cases.Select(c => JsonSerializer.Serialize(new { id = c.Id, q = c.Question })));

        var (code, stdout, _) = await Run("ask", "--batch", batch, "--json");

        Assert.Equal(0, code);
        var answers = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(cases.Select(c => c.Id), answers.Select(a => a.GetProperty("id").GetString()));
        var failures = new List<string>();
        foreach (var (expected, answer) in cases.Zip(answers))
        {
            bool answered = answer.GetProperty("answered").GetBoolean();
            string top = answer.GetProperty("answers").GetArrayLength() > 0 ? answer.GetProperty("answers")[0].GetProperty("text").GetString()! : "";
            bool ok = expected.Expect is null ? !answered : answered && top.Contains(expected.Expect, StringComparison.OrdinalIgnoreCase);
            if (!ok)
            {
                failures.Add($"{expected.Id}: answered={answered} top=\"{top}\"");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task ConfigurationOverride_RaisesTheConfidenceBar()
    {
        var (code, stdout, _) = await Run("ask", "What does Tesla plan to build in Nevada?", "--json", "--Answers:MinConfidence=1");

        Assert.Equal(0, code);
        Assert.False(JsonDocument.Parse(stdout).RootElement.GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task InvalidConfiguration_ExitsOneNamingTheSetting()
    {
        var (code, _, stderr) = await Run("articles", "--Answers:MinConfidence=3");

        Assert.Equal(1, code);
        Assert.Contains("MinConfidence", stderr);
    }

    [Fact]
    public async Task Summary_AllJson_WritesOneLinePerArticleWithParagraphs()
    {
        _folder.Write("second.md", "---\ntitle: Second article\nsource: Test Wire\n---\nOne sentence here about tariffs. Another sentence follows it.\n\nA second paragraph closes the piece with a point.\n");

        var (code, stdout, _) = await Run("summary", "--all", "--json");

        Assert.Equal(0, code);
        var lines = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal(new[] { "article", "sentences" }, line.EnumerateObject().Select(p => p.Name));
            Assert.InRange(line.GetProperty("sentences").GetArrayLength(), 1, 3);
            Assert.All(line.GetProperty("sentences").EnumerateArray(), s => Assert.True(s.GetProperty("paragraph").GetInt32() >= 1));
        }

        Assert.Contains(lines, l => l.GetProperty("article").GetProperty("title").GetString() == "Second article");
    }

    [Fact]
    public async Task Summary_ByTitleWords_FindsTheArticle()
    {
        var (code, stdout, _) = await Run("summary", "compete cooperate", "--sentences", "2");

        Assert.Equal(0, code);
        Assert.StartsWith("If the United States wants to compete, it must cooperate with China\n", stdout);
        Assert.Equal(2, stdout.Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Summary_NothingMatches_ExitsOneWithAMessage()
    {
        var (code, _, stderr) = await Run("summary", "volcanoes of iceland");

        Assert.Equal(1, code);
        Assert.Contains("No article title or passage matches", stderr);
    }

    [Fact]
    public async Task Summary_TopicWords_GiveCitedSentencesAcrossArticles()
    {
        _folder.Write("ev.md", "---\ntitle: Brussels and Beijing\nsource: Test Wire\n---\nThe EU agreed minimum prices for Chinese electric vehicles instead of tariffs.\n");

        var (code, stdout, _) = await Run("summary", "electric vehicle tariffs", "--json");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("electric vehicle tariffs", root.GetProperty("topic").GetString());
        var sentences = root.GetProperty("sentences").EnumerateArray().ToList();
        Assert.True(sentences.Count >= 2);
        Assert.Equal(2, sentences.Select(s => s.GetProperty("article").GetProperty("id").GetString()).Distinct().Count());
        Assert.All(sentences, s => Assert.Matches("(?i)tariff|electric vehicle", s.GetProperty("text").GetString()!));
    }

    [Fact]
    public async Task Articles_WithABrokenFile_ListsTheGoodOnesAndReportsTheBrokenPath()
    {
        _folder.Write("broken.md", "---\ntitle: [unclosed\n---\nBody text.\n");

        var (code, stdout, stderr) = await Run("articles", "--json");

        Assert.Equal(0, code);
        var listed = stdout.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Single(listed);
        Assert.Equal("000_b3e87f63fc77f91f", listed[0].GetProperty("id").GetString());
        Assert.Equal("Observer Net", listed[0].GetProperty("source").GetString());
        Assert.Contains("broken.md", stderr);
        Assert.Contains("front matter", stderr);
    }

    [Fact]
    public async Task MissingArticleFolder_ExitsOneWithOneSentence()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = await PolicyBotCli.RunAsync(new[] { "articles", "--articles", Path.Combine(_folder.Root, "nope") }, output, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error.ToString());
        Assert.Single(error.ToString().TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("ask", "--batch")]
    [InlineData("summary", "--sentences")]
    [InlineData("articles", "--json")]
    [InlineData("serve", "--articles")]
    public async Task Help_EveryCommand_ShowsItsOptionsAndAnExample(string command, string option)
    {
        var (code, stdout, _) = await Run(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains(option, stdout);
        Assert.Contains("Example", stdout);
        Assert.Contains("policybot " + command, stdout);
    }

    [Fact]
    public async Task Shell_InTheRealHost_AnswersAScriptedConversationAndStops()
    {
        var output = new StringWriter();
        var script = new StringReader("What does Tesla plan to build in Nevada?\n/quit\n");
        using var host = BotHost.Build(
            new[] { $"--Articles:IndexPath={_folder.IndexPath}" }, _folder.Articles, new HostMode(Shell: true, LogLevel.Warning, LogProgress: false), TextWriter.Null,
            services => services.AddSingleton(new ShellIo(script, output, Interactive: false)));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.RunAsync(timeout.Token);

        Assert.False(timeout.IsCancellationRequested, "the shell did not stop on /quit");
        Assert.Contains("Nevada", output.ToString());
        Assert.EndsWith("Goodbye.\n", output.ToString());
    }
}
