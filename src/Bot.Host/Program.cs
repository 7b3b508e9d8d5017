using PolicyBot.Hosting;

return await PolicyBotCli.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
