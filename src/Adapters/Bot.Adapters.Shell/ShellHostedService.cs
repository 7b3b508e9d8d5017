using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace PolicyBot.Adapters.Shell;

/// <summary>Runs the shell on the process's console and stops the application when the person leaves.</summary>
public sealed class ShellHostedService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly IHostApplicationLifetime _lifetime;

    public ShellHostedService(IServiceProvider services, IHostApplicationLifetime lifetime)
    {
        _services = services;
        _lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Let the host finish starting before the index is opened.
        try
        {
            var session = _services.GetRequiredService<ShellSession>();
            var io = _services.GetRequiredService<ShellIo>();
            await session.RunAsync(io.Input, io.Output, io.Interactive, stoppingToken);
        }
        finally
        {
            _lifetime.StopApplication();
        }
    }
}

/// <summary>Where the shell reads and writes: the console by default, a script in tests.</summary>
public sealed record ShellIo(TextReader Input, TextWriter Output, bool Interactive);

public static class ShellServiceCollectionExtensions
{
    /// <summary>Registers the local shell. It needs the Core services (AddBotCore).</summary>
    public static IServiceCollection AddShellAdapter(this IServiceCollection services)
    {
        services.TryAddSingleton(_ => new ShellIo(Console.In, Console.Out, Interactive: !Console.IsInputRedirected));
        services.AddSingleton<ShellSession>();
        services.AddSingleton<PolicyBot.Core.Alerts.IAlertSender>(sp => new ShellAlertSender(sp.GetRequiredService<ShellIo>().Output));
        services.AddHostedService<ShellHostedService>();
        return services;
    }
}
