namespace PolicyBot.Core.Answering;

/// <summary>
/// Marks around a passage's answering words that survive a renderer's flattening, escaping, wrapping and cutting
/// (private-use characters no article holds) and become its bold at the very end, or vanish for plain text.
/// </summary>
public static class AnswerMarks
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';

    /// <summary>The passage's text with its answering words between <see cref="Open"/> and <see cref="Close"/>.</summary>
    public static string Mark(Passage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        string text = passage.Text.Replace(Open.ToString(), "", StringComparison.Ordinal).Replace(Close.ToString(), "", StringComparison.Ordinal);
        return text.Length == passage.Text.Length ? passage.Marked(Open.ToString(), Close.ToString()) : passage.Text;
    }

    /// <summary>The marks replaced by <paramref name="on"/> and <paramref name="off"/>.</summary>
    public static string Apply(string text, string on, string off)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace(Open.ToString(), on, StringComparison.Ordinal).Replace(Close.ToString(), off, StringComparison.Ordinal);
    }

    /// <summary>Text cut into pieces (one per message block), each with its own marks closed and reopened, then applied.</summary>
    public static List<string> Apply(IEnumerable<string> pieces, string on, string off)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var result = new List<string>();
        bool inside = false;
        foreach (string piece in pieces)
        {
            string p = inside ? Open + piece : piece;
            inside = p.LastIndexOf(Open) > p.LastIndexOf(Close);
            result.Add(Apply(inside ? p + Close : p, on, off));
        }

        return result;
    }

    /// <summary>Plain text: the marks removed.</summary>
    public static string Strip(string text) => Apply(text, "", "");

    /// <summary>How many characters of <paramref name="text"/> are marks (they take no room once applied as nothing).</summary>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Count(c => c is Open or Close);
    }
}
