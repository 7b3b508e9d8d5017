using PolicyBot.Core.Text;

namespace PolicyBot.Core.Tests.Text;

public class TextPiecesTests
{
    private static int Measure(string piece) => piece.Trim().Length;

    private static string LongPassage(int length)
    {
        var sb = new System.Text.StringBuilder();
        for (int i = 1; sb.Length < length; i++)
        {
            sb.Append("Sentence ").Append(i).Append(" says that clean-tech investment fell again in the quarter. ");
        }

        return sb.ToString().TrimEnd();
    }

    [Fact]
    public void Split_SevenThousandCharacters_PiecesConcatenateToTheOriginalExactly()
    {
        string text = LongPassage(7000).Replace(". Sentence 5 ", ".  Sentence 5 ", StringComparison.Ordinal).Replace(". Sentence 40 ", ".\nSentence 40 ", StringComparison.Ordinal);

        var pieces = TextPieces.Split(text, 3000, Measure);

        Assert.Equal(text, string.Concat(pieces));
        Assert.InRange(pieces.Count, 3, 4);
        Assert.All(pieces, p => Assert.True(Measure(p) <= 3000, $"{Measure(p)}"));
        Assert.All(pieces, p => Assert.EndsWith("quarter.", p.TrimEnd(), StringComparison.Ordinal));
    }

    [Fact]
    public void Split_ShortText_IsOnePiece()
    {
        Assert.Equal(new[] { "One. Two." }, TextPieces.Split("One. Two.", 3000, Measure));
    }

    [Fact]
    public void Split_SingleSentenceLongerThanTheLimit_CutsAtSpaces()
    {
        string sentence = string.Join(' ', Enumerable.Range(1, 1000).Select(i => $"word{i}")) + ".";

        var pieces = TextPieces.Split(sentence, 3000, Measure);

        Assert.Equal(sentence, string.Concat(pieces));
        Assert.True(pieces.Count >= 3);
        Assert.All(pieces, p => Assert.True(Measure(p) <= 3000));
        Assert.All(pieces.SkipLast(1), p => Assert.EndsWith(" ", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Split_WordLongerThanTheLimit_CutsBetweenCharactersNeverInsideASurrogatePair()
    {
        string word = string.Concat(Enumerable.Repeat("😀", 100));

        var pieces = TextPieces.Split(word, 31, Measure);

        Assert.Equal(word, string.Concat(pieces));
        Assert.All(pieces, p => Assert.False(char.IsLowSurrogate(p[0]), "piece starts inside a surrogate pair"));
        Assert.All(pieces, p => Assert.True(Measure(p) <= 31));
    }
}
