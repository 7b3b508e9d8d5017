using System.Text.Json.Nodes;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Rendering;

internal enum BlockKitPieceKind
{
    /// <summary>A section of its own (a quotation, or a part of one).</summary>
    Section,

    /// <summary>A bullet line: consecutive lines share a section while it stays within 3000 characters.</summary>
    Line,

    /// <summary>A context block (a citation).</summary>
    Context,
}

/// <summary>One piece of mrkdwn, already escaped, and how it becomes a block.</summary>
internal readonly record struct BlockKitPiece(BlockKitPieceKind Kind, string Text);

/// <summary>An item in the fallback text, raw (escaped when rendered); <see cref="Body"/> is article text that may be shortened at a sentence boundary.</summary>
internal sealed record BlockKitFallbackItem(string Prefix, string Body, string Suffix)
{
    public string Render() => SlackText.Escape(Prefix + Body + Suffix);
}

/// <summary>A whole list item: its blocks and its fallback text. Limits keep or drop items whole.</summary>
internal sealed record BlockKitItem(IReadOnlyList<BlockKitPiece> Pieces, BlockKitFallbackItem Fallback)
{
    public int TextLength => Pieces.Sum(p => p.Text.Length + 1);
}

/// <summary>
/// A reply laid out as fixed blocks before a list of items and an optional actions block after it; fitted to
/// Slack's limits with <see cref="ReplyLimits.Fit"/> (whole items, an "…and N more" context line).
/// </summary>
internal sealed class BlockKitLayout
{
    /// <summary>Blocks above the list (headings, reasons).</summary>
    public List<JsonObject> Head { get; } = new();

    public List<BlockKitItem> Items { get; } = new();

    /// <summary>Raw lines of fallback text above the items.</summary>
    public List<string> FallbackHead { get; } = new();

    /// <summary>The actions block, given how many items were kept; null for none.</summary>
    public Func<int, JsonObject?>? Actions { get; set; }

    public BlockKitMessage Build()
    {
        var blocks = new JsonArray();
        foreach (var block in Head.Take(BlockKitLimits.MaxBlocks - 2))
        {
            blocks.Add(block);
        }

        int tailBlocks = Actions is null ? 0 : 1;
        int budget = Math.Max(1, BlockKitLimits.MaxBlocks - blocks.Count - tailBlocks);
        int textBudget = BlockKitLimits.MaxTotalBlockText - blocks.Sum(b => BlockKit.TextLength(b!.AsObject())) - 200;

        var (kept, omitted) = FitItems(budget, textBudget);
        int itemBudget = omitted > 0 ? budget - 1 : budget;
        var pieces = kept.Count == 1 && (kept[0].TextLength > textBudget || kept[0].Pieces.Count > itemBudget)
            ? Shorten(kept[0].Pieces, textBudget, itemBudget)
            : kept.SelectMany(i => i.Pieces).ToList();
        foreach (var block in Pack(pieces).Take(itemBudget))
        {
            blocks.Add(block);
        }

        if (omitted > 0)
        {
            blocks.Add(BlockKit.Context(ReplyLimits.MoreLine(omitted)));
        }

        if (Actions?.Invoke(kept.Count) is { } actions)
        {
            blocks.Add(actions);
        }

        return new BlockKitMessage(BuildFallback(), blocks);
    }

    private (IReadOnlyList<BlockKitItem> Kept, int Omitted) FitItems(int budget, int textBudget)
    {
        int n = Items.Count;
        if (n == 0)
        {
            return (Array.Empty<BlockKitItem>(), 0);
        }

        // blocksFor[k]: the blocks the first k items take once packed (packing only ever adds at the end).
        var blocksFor = new int[n + 1];
        int blocks = 0;
        int openLines = -1; // length of the bullet section being filled, -1 when none is open
        for (int k = 0; k < n; k++)
        {
            foreach (var piece in Items[k].Pieces)
            {
                if (piece.Kind == BlockKitPieceKind.Line && openLines >= 0 && openLines + 1 + piece.Text.Length <= BlockKitLimits.MaxSectionText)
                {
                    openLines += 1 + piece.Text.Length;
                    continue;
                }

                blocks++;
                openLines = piece.Kind == BlockKitPieceKind.Line ? piece.Text.Length : -1;
            }

            blocksFor[k + 1] = blocks;
        }

        int whenOmitting = Math.Max(1, LargestPrefix(blocksFor, budget - 1));
        int maxItems = blocksFor[n] <= budget ? n : whenOmitting;
        var fit = ReplyLimits.Fit(Items, i => i.TextLength, textBudget, maxItems);
        if (fit.Omitted > 0 && blocksFor[fit.Kept.Count] > budget - 1)
        {
            fit = ReplyLimits.Fit(Items, i => i.TextLength, textBudget, whenOmitting);
        }

        return fit;
    }

    /// <summary>
    /// A single item too long for one message (a passage of more than ~12,000 characters once escaped): its leading
    /// pieces that fit, ending with " …", and always its citation.
    /// </summary>
    private static List<BlockKitPiece> Shorten(IReadOnlyList<BlockKitPiece> pieces, int textBudget, int blockBudget)
    {
        var contexts = pieces.Where(p => p.Kind == BlockKitPieceKind.Context).ToList();
        int used = contexts.Sum(p => p.Text.Length + 1);
        int blocks = contexts.Count;
        var body = new List<BlockKitPiece>();
        foreach (var piece in pieces.Where(p => p.Kind != BlockKitPieceKind.Context))
        {
            if (body.Count > 0 && (used + piece.Text.Length + 1 > textBudget || blocks + 1 > blockBudget))
            {
                break;
            }

            body.Add(piece);
            used += piece.Text.Length + 1;
            blocks++;
        }

        if (body.Count < pieces.Count - contexts.Count)
        {
            body[^1] = body[^1] with { Text = body[^1].Text + BlockKitRenderer.Continued };
        }

        var result = new List<BlockKitPiece>(body);
        result.AddRange(contexts);
        return result;
    }

    private static int LargestPrefix(int[] blocksFor, int budget)
    {
        int k = 0;
        while (k + 1 < blocksFor.Length && blocksFor[k + 1] <= budget)
        {
            k++;
        }

        return k;
    }

    /// <summary>Pieces as blocks: bullet lines share a section up to 3000 characters.</summary>
    private static IEnumerable<JsonObject> Pack(IEnumerable<BlockKitPiece> pieces)
    {
        string? lines = null;
        foreach (var piece in pieces)
        {
            if (piece.Kind == BlockKitPieceKind.Line)
            {
                if (lines is not null && lines.Length + 1 + piece.Text.Length <= BlockKitLimits.MaxSectionText)
                {
                    lines += "\n" + piece.Text;
                    continue;
                }

                if (lines is not null)
                {
                    yield return BlockKit.Section(lines);
                }

                lines = piece.Text;
                continue;
            }

            if (lines is not null)
            {
                yield return BlockKit.Section(lines);
                lines = null;
            }

            yield return piece.Kind == BlockKitPieceKind.Context ? BlockKit.Context(piece.Text) : BlockKit.Section(piece.Text);
        }

        if (lines is not null)
        {
            yield return BlockKit.Section(lines);
        }
    }

    private string BuildFallback()
    {
        var lines = FallbackHead.Select(l => SlackText.Escape(BlockKitSplitter.TrimAtSentence(l, 1000))).ToList();
        int headLength = lines.Sum(l => l.Length + 1);
        int budget = Math.Max(1, BlockKitLimits.MaxFallbackText - headLength);
        var (kept, omitted) = ReplyLimits.Fit(Items, i => i.Fallback.Render().Length + 1, budget);
        var rendered = kept.Select(i => i.Fallback.Render()).ToList();
        string more = omitted > 0 ? ReplyLimits.MoreLine(omitted) : "";
        int total = headLength + rendered.Sum(r => r.Length + 1) + more.Length;
        if (total > BlockKitLimits.MaxFallbackText && kept.Count > 0)
        {
            // Fit keeps one item even when it alone is too long: shorten its article text at a sentence boundary.
            var item = kept[^1].Fallback;
            int room = BlockKitLimits.MaxFallbackText - (total - rendered[^1].Length) - SlackText.Escape(item.Prefix + item.Suffix).Length;
            string body = BlockKitSplitter.TrimAtSentence(item.Body, Math.Max(1, room));
            rendered[^1] = SlackText.Escape(item.Prefix + body + item.Suffix);
        }

        lines.AddRange(rendered);
        if (more.Length > 0)
        {
            lines.Add(more);
        }

        string text = string.Join('\n', lines).Trim('\n');
        return text.Length > 0 ? text : "…";
    }
}
