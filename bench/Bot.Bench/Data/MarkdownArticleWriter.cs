using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PolicyBot.Bench.Data;

/// <summary>Writes an article as a <c>.md</c> file: YAML front matter with the title, then one paragraph per block.</summary>
internal static class MarkdownArticleWriter
{
    private static readonly JsonSerializerOptions YamlString = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, string title, IEnumerable<string> paragraphs, string? source = null)
    {
        File.WriteAllText(path, Render(title, paragraphs, source), Utf8);
    }

    public static string Render(string title, IEnumerable<string> paragraphs, string? source = null)
    {
        var sb = new StringBuilder();
        sb.Append("---\n");
        // A JSON string is a valid YAML double-quoted scalar, so any title survives quoting.
        sb.Append("title: ").Append(JsonSerializer.Serialize(title, YamlString)).Append('\n');
        if (source is not null)
        {
            sb.Append("source: ").Append(JsonSerializer.Serialize(source, YamlString)).Append('\n');
        }

        sb.Append("---\n");
        foreach (string p in paragraphs)
        {
            string text = p.Replace('\n', ' ').Trim();
            if (text.Length > 0)
            {
                sb.Append('\n').Append(text).Append('\n');
            }
        }

        return sb.ToString();
    }
}
