using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// Writes interaction bodies the way no JSON library would: uneven spaces around colons and commas,
/// <c>\/</c> for slashes, and non-ASCII characters alternately kept raw and escaped as <c>\uXXXX</c>.
/// The result is valid JSON whose bytes a bot cannot reproduce by re-serializing, so a verifier that
/// signs anything but the raw bytes it received fails (protocols.md §7.3).
/// </summary>
internal static class FakeDiscordJsonWriter
{
    public static string Write(JsonNode? node)
    {
        var sb = new StringBuilder();
        int nonAscii = 0;
        Write(sb, node, ref nonAscii);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, ref int nonAscii)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{ }");
                    break;
                }

                sb.Append("{ ");
                int i = 0;
                foreach (var (key, value) in obj)
                {
                    if (i > 0)
                    {
                        sb.Append(i % 2 == 0 ? ",  " : " ,");
                    }

                    String(sb, key, ref nonAscii);
                    sb.Append(i % 2 == 0 ? " : " : ":");
                    Write(sb, value, ref nonAscii);
                    i++;
                }

                sb.Append(" }");
                break;
            case JsonArray array:
                sb.Append('[');
                for (int j = 0; j < array.Count; j++)
                {
                    sb.Append(j == 0 ? " " : " , ");
                    Write(sb, array[j], ref nonAscii);
                }

                sb.Append(array.Count == 0 ? "]" : " ]");
                break;
            default:
                if (node.GetValueKind() == JsonValueKind.String)
                {
                    String(sb, node.GetValue<string>(), ref nonAscii);
                }
                else
                {
                    sb.Append(node.ToJsonString());
                }

                break;
        }
    }

    private static void String(StringBuilder sb, string value, ref int nonAscii)
    {
        sb.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '/':
                    sb.Append("\\/");
                    break;
                case < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case > '~':
                    // Surrogate pairs stay together: both halves raw or both escaped.
                    bool escape = char.IsLowSurrogate(c) ? nonAscii % 2 == 0 : nonAscii++ % 2 == 1;
                    if (escape)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        sb.Append('"');
    }
}
