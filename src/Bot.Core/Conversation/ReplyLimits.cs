namespace PolicyBot.Core.Conversation;

/// <summary>
/// Fitting lists of whole items (sentences, quotations, passages) into a platform's size limits:
/// items are kept in order while they fit and the rest are counted for an "…and N more" line, so
/// nothing is ever cut in the middle of a sentence or a quotation.
/// </summary>
public static class ReplyLimits
{
    public static string MoreLine(int omitted) => $"…and {omitted} more";

    /// <summary>
    /// The longest prefix of <paramref name="items"/> whose rendered lengths (plus room for the
    /// "…and N more" line when something is left out) stay within <paramref name="maxChars"/> and
    /// <paramref name="maxItems"/>. At least one item is kept when any exists, even if it alone is
    /// too long: a platform adapter must then split that item at its own boundaries, never drop it.
    /// </summary>
    public static (IReadOnlyList<T> Kept, int Omitted) Fit<T>(IReadOnlyList<T> items, Func<T, int> renderedLength, int maxChars, int maxItems = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxItems);
        var kept = new List<T>();
        int used = 0;
        for (int i = 0; i < items.Count; i++)
        {
            int length = renderedLength(items[i]);
            bool last = i == items.Count - 1;
            int reserve = last ? 0 : MoreLine(items.Count - i - 1).Length + 1;
            if (kept.Count > 0 && (kept.Count >= maxItems || used + length + reserve > maxChars))
            {
                break;
            }

            kept.Add(items[i]);
            used += length;
        }

        return (kept, items.Count - kept.Count);
    }
}
