using System.Text.Json.Nodes;

namespace PolicyBot.Adapters.Slack.Rendering;

/// <summary>
/// A reply ready for <c>chat.postMessage</c>, <c>chat.postEphemeral</c> or a <c>response_url</c>: the blocks, and
/// the plain-text <c>text</c> that notifications and screen readers show (always present, at most
/// <see cref="BlockKitLimits.MaxFallbackText"/> characters, escaped like the blocks).
/// </summary>
/// <param name="Text">The fallback text (top-level <c>text</c>).</param>
/// <param name="Blocks">The top-level <c>blocks</c>: at most <see cref="BlockKitLimits.MaxBlocks"/>.</param>
public sealed record BlockKitMessage(string Text, JsonArray Blocks)
{
    /// <summary>
    /// <c>{"text": …, "blocks": […]}</c> with a copy of the blocks (a JSON node has one parent), for the caller to
    /// add <c>channel</c>, <c>thread_ts</c>, <c>response_type</c> or <c>replace_original</c>.
    /// </summary>
    public JsonObject ToJsonObject() => new()
    {
        ["text"] = Text,
        ["blocks"] = Blocks.DeepClone(),
    };
}

/// <summary>How a reply is rendered beyond its content.</summary>
public sealed record BlockKitRenderOptions
{
    public static readonly BlockKitRenderOptions Default = new();

    /// <summary>The reply is ephemeral (a slash command's answer): add a "Share in channel" button.</summary>
    public bool ShareInChannel { get; init; }

    /// <summary>
    /// What the "Share in channel" button carries back (at most 2000 characters), e.g. the command and its text so the
    /// handler can post the same reply in the channel. Null: answers carry their <see cref="BlockKitActionValue"/>,
    /// other replies no value.
    /// </summary>
    public string? ShareValue { get; init; }
}
