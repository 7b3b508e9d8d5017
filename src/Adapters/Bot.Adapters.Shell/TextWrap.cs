using System.Text;

namespace PolicyBot.Adapters.Shell;

/// <summary>Word wrapping for a fixed-width terminal.</summary>
public static class TextWrap
{
    /// <summary>Wraps <paramref name="text"/> to <paramref name="width"/> columns; continuation lines get <paramref name="indent"/>.</summary>
    public static string Wrap(string text, int width, string firstIndent = "", string? indent = null)
    {
        indent ??= firstIndent;
        var sb = new StringBuilder();
        int column = 0;
        string prefix = firstIndent;
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (column == 0)
            {
                sb.Append(prefix).Append(word);
                column = prefix.Length + word.Length;
                prefix = indent;
            }
            else if (column + 1 + word.Length > width)
            {
                sb.Append('\n').Append(indent).Append(word);
                column = indent.Length + word.Length;
            }
            else
            {
                sb.Append(' ').Append(word);
                column += 1 + word.Length;
            }
        }

        return sb.ToString();
    }
}
