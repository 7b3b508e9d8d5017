using System.Globalization;

namespace PolicyBot.Bench.Infrastructure;

/// <summary>Console output helpers: headings, the reproducing command line, number formats.</summary>
internal static class Report
{
    public static void CommandLine(IEnumerable<string> arguments)
    {
        string args = string.Join(' ', arguments.Select(Quote));
        Console.WriteLine($"$ dotnet run -c Release --project bench/Bot.Bench -- {args}");
        Console.WriteLine($"# {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    }

    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine($"## {text}");
        Console.WriteLine();
    }

    public static void Note(string text) => Console.WriteLine(text);

    public static void Progress(string text) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static string Percent(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Percent(double share) => (100.0 * share).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static string Quote(string arg) => arg.Length > 0 && !arg.Any(char.IsWhiteSpace) ? arg : $"\"{arg}\"";
}
