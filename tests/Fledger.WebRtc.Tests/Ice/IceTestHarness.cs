using System.Net;
using Fledger.WebRtc.Ice;

namespace Fledger.WebRtc.Tests.Ice;

/// <summary>Loopback-only agents with shortened timers, and waiting helpers bounded by timeouts.</summary>
internal static class IceTestHarness
{
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    public static IceOptions LoopbackOptions() => new()
    {
        IncludeLoopback = true,
        InterfaceFilter = (_, address) => IPAddress.IsLoopback(address),
        CheckInterval = TimeSpan.FromMilliseconds(10),
        InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
        MaxRetransmitTimeout = TimeSpan.FromMilliseconds(400),
        NominationDelay = TimeSpan.FromMilliseconds(20),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        StunServerTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Completes when <paramref name="agent"/> reaches one of <paramref name="states"/> (checked now and on every change).</summary>
    public static Task<IceConnectionState> WaitForStateAsync(IceAgent agent, params IceConnectionState[] states)
    {
        var done = new TaskCompletionSource<IceConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.StateChanged += (_, state) =>
        {
            if (states.Contains(state))
            {
                done.TrySetResult(state);
            }
        };
        var current = agent.State;
        if (states.Contains(current))
        {
            done.TrySetResult(current);
        }

        return done.Task.WaitAsync(TestTimeout);
    }

    /// <summary>Trickles <paramref name="from"/>'s candidates to <paramref name="to"/> as they are gathered.</summary>
    public static void TrickleCandidates(IceAgent from, IceAgent to) =>
        from.LocalCandidateGathered += (_, candidate) => to.AddRemoteCandidate(candidate);

    public static void ExchangeCredentials(IceAgent a, IceAgent b)
    {
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
    }
}
