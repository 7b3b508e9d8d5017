using PolicyBot.Core.Conversation;

namespace PolicyBot.Core.Tests.Conversation;

public sealed class BoundedBodyTests
{
    [Fact]
    public async Task ReadAsync_BodyUpToTheLimit_ReturnsEveryByteAsReceived()
    {
        byte[] sent = Enumerable.Range(0, 40_000).Select(i => (byte)(i % 251)).ToArray();

        byte[]? read = await BoundedBody.ReadAsync(new MemoryStream(sent), declaredLength: null, maxBytes: sent.Length, CancellationToken.None);

        Assert.Equal(sent, read);
    }

    [Fact]
    public async Task ReadAsync_BodyOneByteOverTheLimit_IsRefused()
    {
        byte[]? read = await BoundedBody.ReadAsync(new MemoryStream(new byte[40_001]), declaredLength: null, maxBytes: 40_000, CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheLimit_IsRefusedWithoutReading()
    {
        var body = new MemoryStream(new byte[10]);

        byte[]? read = await BoundedBody.ReadAsync(body, declaredLength: 2_000_000, maxBytes: 1_000, CancellationToken.None);

        Assert.Null(read);
        Assert.Equal(0, body.Position);
    }
}
