using System.Text.Json;
using System.Text.RegularExpressions;

namespace PolicyBot.Adapters.Slack.Tests.Rendering;

/// <summary>
/// Checks a rendered message against the Block Kit shapes and limits (docs.slack.dev block reference;
/// protocols.md §5.4, §5.6): field names, types, required fields, lengths, counts.
/// </summary>
internal static partial class BlockKitShape
{
    private static readonly HashSet<string> TextObjectKeys = new(StringComparer.Ordinal) { "type", "text", "emoji", "verbatim" };
    private static readonly HashSet<string> ButtonKeys = new(StringComparer.Ordinal) { "type", "text", "action_id", "value", "style", "url", "confirm", "accessibility_label" };

    private static readonly Dictionary<string, HashSet<string>> BlockKeys = new(StringComparer.Ordinal)
    {
        ["section"] = new(StringComparer.Ordinal) { "type", "block_id", "text", "fields", "accessory", "expand" },
        ["context"] = new(StringComparer.Ordinal) { "type", "block_id", "elements" },
        ["header"] = new(StringComparer.Ordinal) { "type", "block_id", "text" },
        ["actions"] = new(StringComparer.Ordinal) { "type", "block_id", "elements" },
        ["divider"] = new(StringComparer.Ordinal) { "type", "block_id" },
    };

    /// <summary>Every problem found in <c>{"text":…,"blocks":[…]}</c>; empty when the message is valid.</summary>
    public static List<string> Validate(string messageJson)
    {
        var errors = new List<string>();
        using var doc = JsonDocument.Parse(messageJson);
        var root = doc.RootElement;
        if (!root.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String || text.GetString()!.Trim().Length == 0)
        {
            errors.Add("top-level text missing or empty");
        }
        else if (text.GetString()!.Length > 4000)
        {
            errors.Add($"top-level text has {text.GetString()!.Length} characters (> 4000)");
        }

        if (!root.TryGetProperty("blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            errors.Add("blocks missing or not an array");
            return errors;
        }

        if (blocks.GetArrayLength() > 50)
        {
            errors.Add($"{blocks.GetArrayLength()} blocks (> 50)");
        }

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        int totalText = 0;
        int index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            string at = $"blocks[{index++}]";
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                errors.Add($"{at}: not an object with a string type");
                continue;
            }

            string type = typeElement.GetString()!;
            if (!BlockKeys.TryGetValue(type, out var allowed))
            {
                errors.Add($"{at}: unknown block type '{type}'");
                continue;
            }

            foreach (var property in block.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
            {
                errors.Add($"{at}: field '{property.Name}' is not allowed in a {type} block");
            }

            if (block.TryGetProperty("block_id", out var blockId))
            {
                if (blockId.ValueKind != JsonValueKind.String || blockId.GetString()!.Length is 0 or > 255)
                {
                    errors.Add($"{at}: block_id must be a string of 1–255 characters");
                }
                else if (!blockIds.Add(blockId.GetString()!))
                {
                    errors.Add($"{at}: duplicate block_id '{blockId.GetString()}'");
                }
            }

            switch (type)
            {
                case "section":
                    if (!block.TryGetProperty("text", out var sectionText))
                    {
                        errors.Add($"{at}: section without text");
                        break;
                    }

                    totalText += ValidateTextObject(sectionText, $"{at}.text", 3000, plainOnly: false, errors);
                    break;
                case "header":
                    if (!block.TryGetProperty("text", out var headerText))
                    {
                        errors.Add($"{at}: header without text");
                        break;
                    }

                    totalText += ValidateTextObject(headerText, $"{at}.text", 150, plainOnly: true, errors);
                    break;
                case "context":
                    if (!block.TryGetProperty("elements", out var contextElements) || contextElements.ValueKind != JsonValueKind.Array || contextElements.GetArrayLength() is 0 or > 10)
                    {
                        errors.Add($"{at}: context needs 1–10 elements");
                        break;
                    }

                    int e = 0;
                    foreach (var element in contextElements.EnumerateArray())
                    {
                        totalText += ValidateTextObject(element, $"{at}.elements[{e++}]", 3000, plainOnly: false, errors);
                    }

                    break;
                case "actions":
                    if (!block.TryGetProperty("elements", out var actionElements) || actionElements.ValueKind != JsonValueKind.Array || actionElements.GetArrayLength() is 0 or > 25)
                    {
                        errors.Add($"{at}: actions needs 1–25 elements");
                        break;
                    }

                    var actionIds = new HashSet<string>(StringComparer.Ordinal);
                    int b = 0;
                    foreach (var button in actionElements.EnumerateArray())
                    {
                        ValidateButton(button, $"{at}.elements[{b++}]", actionIds, errors);
                    }

                    break;
            }
        }

        if (totalText > 12000)
        {
            errors.Add($"{totalText} characters of block text (> 12000)");
        }

        return errors;
    }

    /// <summary>Every mrkdwn or plain text shown in the blocks, in order.</summary>
    public static List<string> Texts(string messageJson)
    {
        using var doc = JsonDocument.Parse(messageJson);
        var texts = new List<string>();
        Collect(doc.RootElement.GetProperty("blocks"), texts);
        return texts;
    }

    /// <summary>
    /// The text a reader sees for a piece of mrkdwn: date tokens shown as their fallback, links as their label, the
    /// three entities decoded, soft hyphens invisible.
    /// </summary>
    public static string Visible(string mrkdwn)
    {
        string text = DateToken().Replace(mrkdwn, m => m.Groups[1].Value);
        text = LinkToken().Replace(text, m => m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value);
        return text.Replace("\u00AD", "", StringComparison.Ordinal).Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    /// <summary>Every <c>&lt;…&gt;</c> control sequence in <paramref name="mrkdwn"/>.</summary>
    public static IEnumerable<string> ControlSequences(string mrkdwn) => AngleToken().Matches(mrkdwn).Select(m => m.Value);

    /// <summary>True for a date token that shows one formatting character.</summary>
    public static bool IsPlainCharacterToken(string sequence) => DateToken().Match(sequence) is { Success: true } m && m.Length == sequence.Length;

    private static int ValidateTextObject(JsonElement textObject, string at, int maxLength, bool plainOnly, List<string> errors)
    {
        if (textObject.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{at}: text object is not an object");
            return 0;
        }

        foreach (var property in textObject.EnumerateObject().Where(p => !TextObjectKeys.Contains(p.Name)))
        {
            errors.Add($"{at}: field '{property.Name}' is not allowed in a text object");
        }

        string? type = textObject.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text"))
        {
            errors.Add($"{at}: type '{type}' is not {(plainOnly ? "plain_text" : "plain_text or mrkdwn")}");
        }

        if (textObject.TryGetProperty("verbatim", out var verbatim) && (type != "mrkdwn" || verbatim.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
        {
            errors.Add($"{at}: verbatim must be a boolean on mrkdwn only");
        }

        if (textObject.TryGetProperty("emoji", out var emoji) && (type != "plain_text" || emoji.ValueKind is not (JsonValueKind.True or JsonValueKind.False)))
        {
            errors.Add($"{at}: emoji must be a boolean on plain_text only");
        }

        if (!textObject.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{at}: text must be a string");
            return 0;
        }

        int length = text.GetString()!.Length;
        if (length is 0 || length > maxLength)
        {
            errors.Add($"{at}: text has {length} characters (must be 1–{maxLength})");
        }

        return length;
    }

    private static void ValidateButton(JsonElement button, string at, HashSet<string> actionIds, List<string> errors)
    {
        if (button.ValueKind != JsonValueKind.Object || !button.TryGetProperty("type", out var type) || type.GetString() != "button")
        {
            errors.Add($"{at}: not a button");
            return;
        }

        foreach (var property in button.EnumerateObject().Where(p => !ButtonKeys.Contains(p.Name)))
        {
            errors.Add($"{at}: field '{property.Name}' is not allowed in a button");
        }

        if (!button.TryGetProperty("text", out var text))
        {
            errors.Add($"{at}: button without text");
        }
        else
        {
            ValidateTextObject(text, $"{at}.text", 75, plainOnly: true, errors);
        }

        if (!button.TryGetProperty("action_id", out var actionId) || actionId.ValueKind != JsonValueKind.String || actionId.GetString()!.Length is 0 or > 255)
        {
            errors.Add($"{at}: action_id must be a string of 1–255 characters");
        }
        else if (!actionIds.Add(actionId.GetString()!))
        {
            errors.Add($"{at}: duplicate action_id '{actionId.GetString()}' in one block");
        }

        if (button.TryGetProperty("value", out var value) && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 2000))
        {
            errors.Add($"{at}: value must be a string of at most 2000 characters");
        }

        if (button.TryGetProperty("style", out var style) && style.GetString() is not ("primary" or "danger"))
        {
            errors.Add($"{at}: style must be primary or danger");
        }
    }

    private static void Collect(JsonElement element, List<string> texts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var type) && type.GetString() is "mrkdwn" or "plain_text" && element.TryGetProperty("text", out var text))
                {
                    texts.Add(text.GetString()!);
                    return;
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, texts);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, texts);
                }

                break;
        }
    }

    [GeneratedRegex(@"<!date\^00000000\^\{_\}\|([*_~`])>")]
    private static partial Regex DateToken();

    [GeneratedRegex(@"<(https?://[^|>]+)(?:\|([^>]*))?>")]
    private static partial Regex LinkToken();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AngleToken();
}
