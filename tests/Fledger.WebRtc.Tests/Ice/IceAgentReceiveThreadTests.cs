using Fledger.WebRtc.Ice;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

/// <summary>Each agent receives on a dedicated blocking thread, up to a process-wide cap; the rest on the async loop.</summary>
public sealed class IceAgentReceiveThreadTests
{
    [Fact]
    public async Task StartGathering_MoreAgentsThanTheThreadCap_ThreadsStayCappedAndEveryPairConnects()
    {
        // 36 pairs: at least 72 - 64 agents receive on the asynchronous loop (other tests' agents only add threads).
        const int Pairs = (IceAgent.MaxReceiveThreads / 2) + 4;
        var agents = new List<IceAgent>();
        try
        {
            var connected = new List<Task<IceConnectionState>>();
            for (var i = 0; i < Pairs; i++)
            {
                var a = new IceAgent(LoopbackOptions(), IceRole.Controlling);
                var b = new IceAgent(LoopbackOptions(), IceRole.Controlled);
                agents.Add(a);
                agents.Add(b);
                TrickleCandidates(a, b);
                TrickleCandidates(b, a);
                connected.Add(WaitForStateAsync(a, IceConnectionState.Connected, IceConnectionState.Completed));
                connected.Add(WaitForStateAsync(b, IceConnectionState.Connected, IceConnectionState.Completed));
                ExchangeCredentials(a, b);
                await a.StartGatheringAsync();
                await b.StartGatheringAsync();
                Assert.InRange(IceAgent.ReceiveThreads, 1, IceAgent.MaxReceiveThreads);
            }

            await Task.WhenAll(connected);
            Assert.InRange(IceAgent.ReceiveThreads, 1, IceAgent.MaxReceiveThreads);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }
        }
    }
}
