namespace PolicyBot.Core.Text;

/// <summary>
/// Cuts text that is too long for one message part (a Slack section, a Discord embed) into consecutive pieces at sentence boundaries
/// (<see cref="SentenceSplitter"/>). Only a single sentence longer than the limit is cut inside: at spaces, and a
/// single word longer than that at characters (never inside a surrogate pair). The pieces, concatenated, are
/// exactly the input: white space between sentences stays at the end of the piece before.
/// </summary>
public static class TextPieces
{
    /// <param name="text">The text to cut.</param>
    /// <param name="maxLength">The most a piece may measure.</param>
    /// <param name="measure">The rendered length of a piece as it will be shown (trimmed, escaped).</param>
    public static IReadOnlyList<string> Split(string text, int maxLength, Func<string, int> measure)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (text.Length == 0 || measure(text) <= maxLength)
        {
            return new[] { text };
        }

        var atoms = new List<string>();
        foreach (string sentence in Sentences(text))
        {
            if (measure(sentence) <= maxLength)
            {
                atoms.Add(sentence);
                continue;
            }

            foreach (string word in Words(sentence))
            {
                if (measure(word) <= maxLength)
                {
                    atoms.Add(word);
                }
                else
                {
                    atoms.AddRange(Characters(word, maxLength, measure));
                }
            }
        }

        var pieces = new List<string>();
        string current = "";
        foreach (string atom in atoms)
        {
            if (current.Length > 0 && measure(current + atom) > maxLength)
            {
                pieces.Add(current);
                current = "";
            }

            current += atom;
        }

        if (current.Length > 0)
        {
            pieces.Add(current);
        }

        return pieces;
    }

    /// <summary>The sentences of <paramref name="text"/>, each with the white space that follows it; together exactly the text.</summary>
    public static IReadOnlyList<string> Sentences(string text)
    {
        var spans = SentenceSplitter.Split(text, 0, text.Length);
        var result = new List<string>(spans.Count);
        for (int i = 0; i < spans.Count; i++)
        {
            int start = i == 0 ? 0 : spans[i].Start;
            int end = i == spans.Count - 1 ? text.Length : spans[i + 1].Start;
            result.Add(text[start..end]);
        }

        return result.Count == 0 ? new[] { text } : result;
    }

    private static IEnumerable<string> Words(string sentence)
    {
        int start = 0;
        for (int i = 1; i < sentence.Length; i++)
        {
            if (char.IsWhiteSpace(sentence[i - 1]) && !char.IsWhiteSpace(sentence[i]))
            {
                yield return sentence[start..i];
                start = i;
            }
        }

        yield return sentence[start..];
    }

    private static IEnumerable<string> Characters(string word, int maxLength, Func<string, int> measure)
    {
        int start = 0;
        int used = 0;
        for (int i = 0; i < word.Length; i++)
        {
            int width = char.IsHighSurrogate(word[i]) && i + 1 < word.Length ? 2 : 1;
            int length = measure(word.Substring(i, width));
            if (used > 0 && used + length > maxLength - 1)
            {
                yield return word[start..i];
                start = i;
                used = 0;
            }

            used += length;
            i += width - 1;
        }

        yield return word[start..];
    }
}
