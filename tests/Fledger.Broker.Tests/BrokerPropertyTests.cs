using CsCheck;

namespace Fledger.Broker.Tests;

public sealed class BrokerPropertyTests
{
    [Fact]
    public void AnyProducersAndMessageCounts_ConcurrentEnqueueAndEmit_NoLossAndPerProducerOrder()
    {
        var scenario = Gen.Int[1, 6].Array[1, 6].Select(counts => counts.Select(c => c * 37).ToArray());

        scenario.Sample(counts =>
        {
            RunScenarioAsync(counts).GetAwaiter().GetResult();
        }, iter: 40, threads: 1);
    }

    private static async Task RunScenarioAsync(int[] counts)
    {
        await using var broker = new Broker<In, Out>();
        broker.AddHandler((message, output) =>
        {
            var n = (Number)message;
            output.Emit(new Seen(n.Producer, n.Value));
            return ValueTask.CompletedTask;
        });
        var received = counts.Select(_ => new List<int>()).ToArray();
        using var subscription = broker.SubscribeOutputs(o =>
        {
            var seen = (Seen)o;
            received[seen.Producer].Add(seen.Value);
        });

        var producers = counts.Select((count, p) => Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                if ((i + p) % 3 == 0)
                {
                    await broker.EmitInputAsync(new Number(p, i));
                }
                else
                {
                    broker.EnqueueInput(new Number(p, i));
                }
            }
        }));
        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromSeconds(30));
        await broker.SettleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        for (var p = 0; p < counts.Length; p++)
        {
            Assert.Equal(Enumerable.Range(0, counts[p]), received[p]);
        }
    }
}
