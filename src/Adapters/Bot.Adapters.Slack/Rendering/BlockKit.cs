using System.Text.Json.Nodes;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>Slack's limits for a message built from blocks (protocols.md §5.4 and §5.6).</summary>
public static class BlockKitLimits
{
    /// <summary>Blocks in one message.</summary>
    public const int MaxBlocks = 50;

    /// <summary>Characters of a section's text (and of any text object).</summary>
    public const int MaxSectionText = 3000;

    /// <summary>Characters of a header's plain text.</summary>
    public const int MaxHeaderText = 150;

    /// <summary>Characters of the top-level <c>text</c> that still give good results (Slack truncates at 40,000).</summary>
    public const int MaxFallbackText = 4000;

    /// <summary>Characters of a button's <c>value</c>.</summary>
    public const int MaxButtonValue = 2000;

    /// <summary>Characters of a button's label.</summary>
    public const int MaxButtonText = 75;

    /// <summary>
    /// Characters of text across all blocks. Slack answers <c>msg_blocks_too_long</c> at roughly 13,000
    /// (undocumented, slackapi/bolt-js#2509); this leaves a margin.
    /// </summary>
    public const int MaxTotalBlockText = 12000;
}

/// <summary>The <c>action_id</c>s and <c>block_id</c> of PolicyBot's buttons, for the interactivity handler.</summary>
public static class BlockKitActions
{
    /// <summary>The actions block under a reply.</summary>
    public const string BlockId = "policybot_actions";

    /// <summary>Show the next-best passage. Value: <see cref="BlockKitActionValue"/>.</summary>
    public const string More = "policybot_more";

    /// <summary>Record that the answer helped. Value: <see cref="BlockKitActionValue"/>.</summary>
    public const string Helpful = "policybot_helpful";

    /// <summary>Record that the answer did not help. Value: <see cref="BlockKitActionValue"/>.</summary>
    public const string NotHelpful = "policybot_not_helpful";

    /// <summary>Post an ephemeral reply for the whole channel. Value: the caller's share value, or the answer's <see cref="BlockKitActionValue"/>.</summary>
    public const string Share = "policybot_share";
}

/// <summary>Small constructors for the Block Kit JSON shapes PolicyBot uses; field names exactly as Slack spells them.</summary>
internal static class BlockKit
{
    /// <summary>A mrkdwn text object; <c>verbatim</c> so Slack does not turn plain words into links or mentions.</summary>
    public static JsonObject Mrkdwn(string text) => new()
    {
        ["type"] = "mrkdwn",
        ["text"] = text,
        ["verbatim"] = true,
    };

    public static JsonObject PlainText(string text) => new()
    {
        ["type"] = "plain_text",
        ["text"] = text,
    };

    public static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = Mrkdwn(mrkdwn),
    };

    public static JsonObject Context(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(Mrkdwn(mrkdwn)),
    };

    public static JsonObject Header(string plainText) => new()
    {
        ["type"] = "header",
        ["text"] = PlainText(plainText),
    };

    public static JsonObject Actions(string blockId, IEnumerable<JsonObject> elements) => new()
    {
        ["type"] = "actions",
        ["block_id"] = blockId,
        ["elements"] = new JsonArray(elements.Cast<JsonNode>().ToArray()),
    };

    public static JsonObject Button(string label, string actionId, string? value = null, string? style = null)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["text"] = PlainText(label),
            ["action_id"] = actionId,
        };
        if (value is not null)
        {
            button["value"] = value;
        }

        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    /// <summary>The characters of text a block shows (what the aggregate limit counts).</summary>
    public static int TextLength(JsonObject block) => block["type"]?.GetValue<string>() switch
    {
        "section" or "header" => block["text"]?["text"]?.GetValue<string>().Length ?? 0,
        "context" => block["elements"]!.AsArray().Sum(e => e?["text"]?.GetValue<string>().Length ?? 0),
        "actions" => block["elements"]!.AsArray().Sum(e => e?["text"]?["text"]?.GetValue<string>().Length ?? 0),
        _ => 0,
    };
}
