namespace PolicyBot.Core.Semantic;

/// <summary>
/// Runs one of the SentenceTransformers packages' models (ONNX Runtime on the CPU) in short,
/// length-sorted batches and returns unit-length vectors. The model loads on first use, so wiring an
/// encoder up costs nothing when meaning is switched off.
/// </summary>
internal sealed class BatchedModelEncoder(Func<SentenceTransformers.ISentenceEncoder> load)
{
    // Short, length-sorted batches: padding to the longest sentence of a large batch costs more than it saves.
    private const int BatchSize = 8;

    private readonly Lazy<SentenceTransformers.ISentenceEncoder> _model = new(load, LazyThreadSafetyMode.ExecutionAndPublication);

    public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var result = new float[texts.Count][];
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var slice = order.Skip(start).Take(BatchSize).ToArray();
            var vectors = _model.Value.Encode(slice.Select(i => texts[i]).ToArray(), ct);
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
}
