using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>A passage as the buttons refer to it: the article and the paragraph quoted.</summary>
public sealed record BlockKitPassageRef(string ArticleId, int Paragraph);

/// <summary>
/// What the answer buttons carry back in their <c>value</c>: the question and the passages shown, so "More"
/// can skip them and "Helpful" / "Not helpful" can be recorded with the question and the answer. Encoded as
/// compact JSON <c>{"q":"…","p":[["article-id",3],…]}</c> of at most 2000 characters: when it would be longer
/// the question is shortened first (the thread still holds it in full), then trailing passages are dropped.
/// </summary>
public sealed record BlockKitActionValue(string Question, IReadOnlyList<BlockKitPassageRef> Passages)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON for a button's <c>value</c>, never longer than <see cref="BlockKitLimits.MaxButtonValue"/>.</summary>
    public string Encode()
    {
        string full = Write(Question, Passages.Count);
        if (full.Length <= BlockKitLimits.MaxButtonValue)
        {
            return full;
        }

        // The longest prefix of the question that fits with every passage (escaping makes lengths uneven: search).
        int low = 0;
        int high = Question.Length;
        while (low < high)
        {
            int mid = (low + high + 1) / 2;
            if (Write(Shorten(Question, mid), Passages.Count).Length <= BlockKitLimits.MaxButtonValue)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        string question = Shorten(Question, low);
        int passages = Passages.Count;
        string json = Write(question, passages);
        while (json.Length > BlockKitLimits.MaxButtonValue && passages > 0)
        {
            json = Write(question, --passages);
        }

        return json;
    }

    /// <summary>Reads a value written by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out BlockKitActionValue? result)
    {
        result = null;
        if (string.IsNullOrEmpty(value) || value.Length > BlockKitLimits.MaxButtonValue)
        {
            return false;
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("q", out var q) || q.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("p", out var p) || p.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var refs = new List<BlockKitPassageRef>();
            foreach (var item in p.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Array || item.GetArrayLength() != 2
                    || item[0].ValueKind != JsonValueKind.String || item[1].ValueKind != JsonValueKind.Number
                    || !item[1].TryGetInt32(out int paragraph))
                {
                    return false;
                }

                refs.Add(new BlockKitPassageRef(item[0].GetString()!, paragraph));
            }

            result = new BlockKitActionValue(q.GetString()!, refs);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private string Write(string question, int passages)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("q", question);
            writer.WriteStartArray("p");
            foreach (var passage in Passages.Take(passages))
            {
                writer.WriteStartArray();
                writer.WriteStringValue(passage.ArticleId);
                writer.WriteNumberValue(passage.Paragraph);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The first <paramref name="length"/> characters, or fewer so that no surrogate pair is cut.</summary>
    private static string Shorten(string text, int length)
    {
        if (length <= 0)
        {
            return "";
        }

        int end = Math.Min(length, text.Length);
        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end--;
        }

        return text[..end];
    }
}
