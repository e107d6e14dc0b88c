using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Ice;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceAgentFailureTests
{
    [Fact]
    public async Task Agent_PeerClosedAfterConnecting_GoesDisconnectedThenFailedWithinConsentTimeout()
    {
        var options = LoopbackOptions() with
        {
            ConsentInterval = TimeSpan.FromMilliseconds(100),
            DisconnectedTimeout = TimeSpan.FromMilliseconds(1500),
            ConsentTimeout = TimeSpan.FromMilliseconds(3000),
        };
        await using var a = new IceAgent(options, IceRole.Controlling);
        var b = new IceAgent(options, IceRole.Controlled);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var connected = Task.WhenAll(WaitForStateAsync(a, IceConnectionState.Completed), WaitForStateAsync(b, IceConnectionState.Completed));
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await connected;

        // Consent keeps the pair alive well past the consent timeout while the peer answers.
        var checksBefore = a.GetStats().ChecksSent;
        var states = new ConcurrentQueue<IceConnectionState>();
        a.StateChanged += (_, s) => states.Enqueue(s);
        var failed = WaitForStateAsync(a, IceConnectionState.Failed);
        await Assert.ThrowsAsync<TimeoutException>(() => failed.WaitAsync(TimeSpan.FromMilliseconds(1500)));
        Assert.NotEqual(IceConnectionState.Failed, a.State); // Completed (Disconnected only on a starved machine)
        Assert.True(a.GetStats().ChecksSent > checksBefore, "consent checks are sent");

        var stopwatch = Stopwatch.StartNew();
        await b.DisposeAsync();
        Assert.Equal(IceConnectionState.Failed, await failed);
        // Upper bound only: the silence is counted from the last consent response, which on a starved
        // machine may predate the Dispose call.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(8), $"took {stopwatch.Elapsed}");
        // Disconnected first (consent silent), then Failed (consent expired); a slow machine may add an
        // earlier Disconnected/Completed round trip, which is the recovery path working.
        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], states.ToArray()[^2..]);

        // After consent expiry nothing is sent any more.
        await a.Transport.SendAsync(new byte[] { 22, 1 });
        Assert.Equal(0, a.GetStats().BytesSent);
    }

    [Fact]
    public async Task Agent_RemoteNeverAnswers_FailsWithinConnectTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var silentEndPoint = (IPEndPoint)silent.LocalEndPoint!;
        var options = LoopbackOptions() with { ConnectTimeout = TimeSpan.FromMilliseconds(1500) };
        await using var a = new IceAgent(options, IceRole.Controlling);
        var failed = WaitForStateAsync(a, IceConnectionState.Failed);
        var stopwatch = Stopwatch.StartNew();
        await a.StartGatheringAsync();
        a.SetRemoteCredentials("abcd", "0123456789012345678901");
        Assert.True(a.AddRemoteCandidate(new IceCandidate
        {
            Foundation = "1", Priority = 2130706431, Address = "127.0.0.1", Port = silentEndPoint.Port, Type = IceCandidateType.Host,
        }));

        Assert.Equal(IceConnectionState.Failed, await failed);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(8));
        Assert.Null(a.SelectedPair);
        Assert.True(a.GetStats().ChecksSent >= 2, "checks were retransmitted");
    }

    [Fact]
    public async Task Agents_WrongPasswords_RejectChecksAndNeverConnect()
    {
        var options = LoopbackOptions() with { ConnectTimeout = TimeSpan.FromMilliseconds(1500) };
        await using var a = new IceAgent(options, IceRole.Controlling);
        await using var b = new IceAgent(options, IceRole.Controlled);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var reachedConnected = false;
        a.StateChanged += (_, s) => reachedConnected |= s is IceConnectionState.Connected or IceConnectionState.Completed;
        b.StateChanged += (_, s) => reachedConnected |= s is IceConnectionState.Connected or IceConnectionState.Completed;
        var failed = Task.WhenAll(WaitForStateAsync(a, IceConnectionState.Failed), WaitForStateAsync(b, IceConnectionState.Failed));
        a.SetRemoteCredentials(b.LocalUfrag, "WrongWrongWrongWrong22x");
        b.SetRemoteCredentials(a.LocalUfrag, "AlsoWrongAlsoWrongAlso");
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();

        await failed;
        Assert.False(reachedConnected);
        Assert.True(a.GetStats().RequestsRejected > 0);
        Assert.True(b.GetStats().RequestsRejected > 0);
        Assert.Null(a.SelectedPair);
        Assert.Null(b.SelectedPair);
    }
}
