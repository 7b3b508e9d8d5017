namespace PolicyBot.Core.Semantic;

/// <summary>Turns sentences into unit-length vectors whose dot product measures similarity of meaning.</summary>
public interface ISentenceEncoder
{
    /// <summary>
    /// Names the model the vectors come from. It is saved with them: vectors of one model mean nothing
    /// to another (even of the same width), so a saved file is read only by an encoder of the same name.
    /// </summary>
    string Model { get; }

    int Dimensions { get; }

    /// <summary>Vectors of passages: the sentences of the articles.</summary>
    float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct);

    /// <summary>
    /// The vector of a question, to compare with passage vectors. Retrieval-tuned models encode a question
    /// differently from a passage (an instruction before it); symmetric ones encode both alike.
    /// </summary>
    float[] EncodeQuery(string question, CancellationToken ct);
}
