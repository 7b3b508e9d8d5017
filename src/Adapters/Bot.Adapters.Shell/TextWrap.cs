using PolicyBot.Core.Answering;
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
            int visible = Visible(word);
            if (column == 0)
            {
                sb.Append(prefix).Append(word);
                column = prefix.Length + visible;
                prefix = indent;
            }
            else if (column + 1 + visible > width)
            {
                sb.Append('\n').Append(indent).Append(word);
                column = indent.Length + visible;
            }
            else
            {
                sb.Append(' ').Append(word);
                column += 1 + visible;
            }
        }

        return sb.ToString();
    }

    // The marks around answering words become terminal bold or nothing: they take no column.
    private static int Visible(string word) => word.Length - AnswerMarks.Count(word);
}
