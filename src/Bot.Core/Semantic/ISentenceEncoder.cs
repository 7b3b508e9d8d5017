namespace PolicyBot.Core.Semantic;

/// <summary>Turns sentences into unit-length vectors whose dot product measures similarity of meaning.</summary>
public interface ISentenceEncoder
{
    int Dimensions { get; }

    float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct);
}
