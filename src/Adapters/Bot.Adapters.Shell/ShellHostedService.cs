using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PolicyBot.Adapters.Shell;

/// <summary>Runs the shell on the process's console and stops the application when the person leaves.</summary>
public sealed class ShellHostedService : BackgroundService
{
    private readonly ShellSession _session;
    private readonly ShellIo _io;
    private readonly IHostApplicationLifetime _lifetime;

    /// <summary>Created when the host starts, after its start step opened the library the session answers from.</summary>
    public ShellHostedService(ShellSession session, ShellIo io, IHostApplicationLifetime lifetime)
    {
        _session = session;
        _io = io;
        _lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Let the host finish starting before the shell takes the console.
        try
        {
            await _session.RunAsync(_io.Input, _io.Output, _io.Interactive, _io.Bold, stoppingToken);
        }
        finally
        {
            _lifetime.StopApplication();
        }
    }
}

/// <summary>Where the shell reads and writes: the console by default, a script in tests.</summary>
public sealed record ShellIo(TextReader Input, TextWriter Output, bool Interactive)
{
    /// <summary>Whether the output is a terminal, which shows the answering words in bold (a pipe gets plain text).</summary>
    public bool Bold { get; init; }
}

public static class ShellServiceCollectionExtensions
{
    /// <summary>Registers the local shell. It needs the Core services (AddBotCore).</summary>
    public static IServiceCollection AddShellAdapter(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new ShellIo(Console.In, Console.Out, Interactive: !Console.IsInputRedirected) { Bold = !Console.IsOutputRedirected });
        services.AddSingleton<ShellSession>();
        services.AddSingleton<PolicyBot.Core.Alerts.IAlertSender>(sp => new ShellAlertSender(sp.GetRequiredService<ShellIo>().Output));
        services.AddHostedService<ShellHostedService>();
        return services;
    }
}
