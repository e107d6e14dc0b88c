using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>Two associations over a <see cref="SimulatedLink"/>, with short timers for fast tests.</summary>
internal sealed class AssociationPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static readonly SctpAssociationOptions FastOptions = new()
    {
        InitialRto = TimeSpan.FromMilliseconds(50),
        MinRto = TimeSpan.FromMilliseconds(20),
        MaxRto = TimeSpan.FromMilliseconds(400),
        SackDelay = TimeSpan.FromMilliseconds(10),
        MaxRetransmissions = 50,
        MaxInitRetransmissions = 50,
    };

    private AssociationPair(SimulatedLink link, SctpAssociation a, SctpAssociation b)
    {
        Link = link;
        A = a;
        B = b;
    }

    public SimulatedLink Link { get; }

    public SctpAssociation A { get; }

    public SctpAssociation B { get; }

    public static AssociationPair Create(SimulatedLinkOptions? link = null, SctpAssociationOptions? options = null)
    {
        var l = new SimulatedLink(link ?? new SimulatedLinkOptions { Seed = 1 });
        var o = options ?? FastOptions;
        return new AssociationPair(l, new SctpAssociation(l.A, o, random: new Random(11)), new SctpAssociation(l.B, o, random: new Random(22)));
    }

    public static async Task<AssociationPair> ConnectAsync(SimulatedLinkOptions? link = null, SctpAssociationOptions? options = null)
    {
        var pair = Create(link, options);
        await Task.WhenAll(pair.A.ConnectAsync(), pair.B.ConnectAsync()).WaitAsync(Timeout);
        return pair;
    }

    public string Describe() => $"A {A.State} {A.GetStatistics()}\nB {B.State} {B.GetStatistics()}\nlink dropped {Link.DroppedCount} delivered {Link.DeliveredCount}";

    /// <summary>Awaits <paramref name="task"/> with the test timeout; on timeout fails with both sides' state.</summary>
    public async Task Within(Task task)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail("Timed out.\n" + Describe());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync().AsTask().WaitAsync(Timeout);
        await B.DisposeAsync().AsTask().WaitAsync(Timeout);
        Link.Dispose();
    }
}
