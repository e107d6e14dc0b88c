using Fledger.Cli.Hosting;

namespace Fledger.Cli.Tests;

public sealed class IceServerUrlTests
{
    private static readonly string[] Turn = ["turn", "turns"];
    private static readonly string[] Stun = ["stun", "stuns"];

    [Fact]
    public void TryParse_TurnWithCredentials_SplitsThemOffAndHidesPassword()
    {
        Assert.True(IceServerUrl.TryParse("turn:alice:s3cret@turn.example.org:3478?transport=tcp", Turn, out var url, out var error), error);

        Assert.Equal("turn:turn.example.org:3478?transport=tcp", url!.Url);
        Assert.Equal("alice", url.Username);
        Assert.Equal("s3cret", url.Credential);
        Assert.DoesNotContain("s3cret", url.ToString());
    }

    [Theory]
    [InlineData("stun:stun.example.org")]
    [InlineData("stun:127.0.0.1:3478")]
    [InlineData("STUN:[::1]:19302")]
    public void TryParse_ValidStun_Succeeds(string text)
    {
        Assert.True(IceServerUrl.TryParse(text, Stun, out var url, out var error), error);
        Assert.StartsWith("stun:", url!.Url);
    }

    [Theory]
    [InlineData("http://stun.example.org")]
    [InlineData("turn:host:3478")]
    [InlineData("stun:host:0")]
    [InlineData("stun:host:70000")]
    [InlineData("stun:")]
    public void TryParse_InvalidStun_Fails(string text)
    {
        Assert.False(IceServerUrl.TryParse(text, Stun, out var url, out var error));
        Assert.Null(url);
        Assert.NotEmpty(error);
    }
}
