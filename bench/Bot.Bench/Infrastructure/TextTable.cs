using System.Text;

namespace PolicyBot.Bench.Infrastructure;

/// <summary>A Markdown pipe table with padded columns; cells that look numeric are right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public TextTable Add(params object?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells.Select(c => Clean(c?.ToString() ?? "")).ToArray());
        return this;
    }

    public override string ToString()
    {
        int[] widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        bool[] right = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => IsNumeric(r[i]))).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, headers, widths, right);
        sb.Append('|');
        for (int i = 0; i < widths.Length; i++)
        {
            sb.Append(right[i] ? new string('-', widths[i] + 1) + ":|" : new string('-', widths[i] + 2) + "|");
        }

        sb.Append('\n');
        foreach (var row in _rows)
        {
            AppendRow(sb, row, widths, right);
        }

        return sb.ToString();
    }

    public void Print() => Console.Write(ToString());

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, bool[] right)
    {
        sb.Append('|');
        for (int i = 0; i < cells.Length; i++)
        {
            sb.Append(' ').Append(right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i])).Append(" |");
        }

        sb.Append('\n');
    }

    private static string Clean(string cell) => cell.Replace('\n', ' ').Replace("|", "\\|", StringComparison.Ordinal);

    private static bool IsNumeric(string cell) =>
        cell.Length == 0 || cell is "-" || cell.TrimEnd('%', '*', ' ').Replace(",", "", StringComparison.Ordinal).Split('/').All(p => double.TryParse(p, System.Globalization.CultureInfo.InvariantCulture, out _));
}
