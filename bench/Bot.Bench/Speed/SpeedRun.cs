namespace PolicyBot.Bench.Speed;

/// <summary>What one <c>measure</c> child process observed: opening the library, answering, memory.</summary>
internal sealed record SpeedRun(
    int Articles,
    int Sentences,
    int Problems,
    bool Rebuilt,
    int Reindexed,
    double OpenSeconds,
    bool Semantic,
    int VectorArticlesMissing,
    double VectorSeconds,
    long VectorBytes,
    double FirstAnswerMs,
    int Questions,
    int Answered,
    double MeanMs,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    long ManagedAfterOpenBytes,
    long ManagedAfterQuestionsBytes,
    long PeakWorkingSetBytes,
    long IndexBytes);
