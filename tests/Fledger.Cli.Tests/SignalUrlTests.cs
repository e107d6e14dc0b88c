using Fledger.Cli.Signaling;

namespace Fledger.Cli.Tests;

public sealed class SignalUrlTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8765/signal", "http://127.0.0.1:8765/signal")]
    [InlineData("http://127.0.0.1:8765", "http://127.0.0.1:8765/signal")]
    [InlineData("http://127.0.0.1:8765/", "http://127.0.0.1:8765/signal")]
    [InlineData("ws://127.0.0.1:8765/signal", "http://127.0.0.1:8765/signal")]
    [InlineData("wss://signal.example.org", "https://signal.example.org/signal")]
    [InlineData("  https://signal.example.org/hub  ", "https://signal.example.org/hub")]
    public void TryParse_ValidUrl_NormalizesToHubUrl(string text, string expected)
    {
        Assert.True(SignalUrl.TryParse(text, out var uri, out var error), error);
        Assert.Equal(expected, uri!.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:8765")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public void TryParse_InvalidUrl_ReturnsOneLineError(string text)
    {
        Assert.False(SignalUrl.TryParse(text, out var uri, out var error));
        Assert.Null(uri);
        Assert.NotEmpty(error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void TryParse_OverlongUrl_IsRejected()
    {
        Assert.False(SignalUrl.TryParse("http://a/" + new string('x', SignalUrl.MaxLength), out _, out var error));
        Assert.Contains("longer", error);
    }
}
