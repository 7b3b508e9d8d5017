using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Semantic;

/// <summary><c>Answers:Encoder</c>: which model the container wires up, where its vectors go, and what it refuses.</summary>
public sealed class EncoderOptionTests : IDisposable
{
    private readonly TempArticleFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ServiceProvider Services(string? encoder, Action<IServiceCollection>? configure = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Articles:Path"] = _folder.Articles,
            ["Articles:IndexPath"] = _folder.IndexPath,
            ["Articles:Watch"] = "false",
        };
        if (encoder is not null)
        {
            settings["Answers:Encoder"] = encoder;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBotCore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Default_IsMiniLM()
    {
        using var services = Services(encoder: null);

        Assert.Equal(SentenceEncoderKind.MiniLM, services.GetRequiredService<IOptions<AnswerOptions>>().Value.GetEncoderKind());
        Assert.Same(MiniLmSentenceEncoder.Shared, services.GetRequiredService<ISentenceEncoder>());
    }

    [Theory]
    [InlineData("ArcticXs")]
    [InlineData("arcticxs")]
    public void ArcticXs_AnyCase_WiresTheArcticXsModel(string value)
    {
        using var services = Services(value);

        Assert.Equal(SentenceEncoderKind.ArcticXs, services.GetRequiredService<IOptions<AnswerOptions>>().Value.GetEncoderKind());
        Assert.Same(ArcticXsSentenceEncoder.Shared, services.GetRequiredService<ISentenceEncoder>());
    }

    [Theory]
    [InlineData("Arctic")]
    [InlineData("MiniLMv2")]
    [InlineData("1")]
    [InlineData("")]
    public void UnknownName_IsAnInvalidSetting(string value)
    {
        using var services = Services(value);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AnswerOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Answers:Encoder", StringComparison.Ordinal) || f.Contains(nameof(AnswerOptions.Encoder), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MiniLM", "vectors-minilm.bin")]
    [InlineData("ArcticXs", "vectors-arcticxs.bin")]
    public async Task Vectors_AreSavedInTheModelsOwnFileBesideTheIndex(string value, string file)
    {
        _folder.Write("tariffs.md", "---\ntitle: Tariffs\n---\nCanada will impose minimal tariffs on imported cars.\n");
        // A stand-in model keeps the test fast; the file is chosen by the setting.
        using var services = Services(value, s => s.AddSingleton<ISentenceEncoder>(new FixedEncoder()));
        await services.GetRequiredService<LibraryStartup>().OpenAsync(CancellationToken.None);

        await services.GetRequiredService<SemanticIndex>().BuildAsync(null, CancellationToken.None);

        Assert.Equal(new[] { file }, Directory.GetFiles(services.GetRequiredService<ArticleLibrary>().IndexPath!, "vectors*").Select(Path.GetFileName));
    }

    private sealed class FixedEncoder : ISentenceEncoder
    {
        public string Model => "fixed";

        public int Dimensions => 384;

        public float[][] Encode(IReadOnlyList<string> texts, CancellationToken ct) => texts.Select(_ => Unit()).ToArray();

        public float[] EncodeQuery(string question, CancellationToken ct) => Unit();

        private float[] Unit()
        {
            var v = new float[Dimensions];
            v[0] = 1;
            return v;
        }
    }
}
