using Fledger.Broker;
using Fledger.Broker.Testing;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Modules.Gossip;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.Gossip;

public sealed class GossipHandlerTests
{
    private static readonly NodeIdentity Self = NodeIdentity.Generate(new Random(1));
    private static readonly NodeIdentity Other = NodeIdentity.Generate(new Random(2));
    private static readonly NodeId PeerA = NodeIdentity.Generate(new Random(3)).Id;
    private static readonly NodeId PeerB = NodeIdentity.Generate(new Random(4)).Id;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryKeyValueStore _store = new();

    [Fact]
    public async Task Publish_WithConnectedPeers_AddsSignedEventAndAnnouncesIt()
    {
        using var probe = Create();
        await probe.SendAsync(new GossipIn.PeerConnected(PeerA), new GossipIn.PeerConnected(PeerB), Publish("hi"));

        var added = Assert.Single(probe.Take<GossipOut.EventAdded>());
        Assert.Equal((GossipOrigin.Local, Self.Id, "hi"), (added.Origin, added.Event.Author, added.Event.Text));
        var sends = probe.Take<GossipOut.Send>();
        Assert.Equal([PeerA, PeerB], sends.Select(s => s.To));
        Assert.All(sends, s => Assert.Equal([added.Event.Id], Decode(s.Payload, GossipWireKind.Announce).Ids));
    }

    [Fact]
    public async Task Announce_UnknownId_RequestsItOnceFromTheFirstAnnouncer()
    {
        using var probe = Create();
        var e = Event("x");
        var announce = GossipWire.EncodeIds(GossipWireKind.Announce, [e.Id]);
        await probe.SendAsync(new GossipIn.Received(PeerA, announce), new GossipIn.Received(PeerB, announce));

        var request = Assert.Single(probe.Take<GossipOut.Send>());
        Assert.Equal(PeerA, request.To);
        Assert.Equal([e.Id], Decode(request.Payload, GossipWireKind.Request).Ids);
    }

    [Fact]
    public async Task Tick_RequestTimedOut_AsksTheNextAnnouncer()
    {
        using var probe = Create();
        var e = Event("x");
        var announce = GossipWire.EncodeIds(GossipWireKind.Announce, [e.Id]);
        await probe.SendAsync(
            new GossipIn.PeerConnected(PeerA),
            new GossipIn.PeerConnected(PeerB),
            new GossipIn.Received(PeerA, announce),
            new GossipIn.Received(PeerB, announce));
        probe.TakeOutputs();

        _time.Advance(TimeSpan.FromSeconds(5));
        await probe.SendAsync(new GossipIn.Tick(_time.GetUtcNow()));

        var retry = probe.Take<GossipOut.Send>().Single(s => GossipWire.TryDecode(s.Payload, out var m, out _) && m!.Kind == GossipWireKind.Request);
        Assert.Equal(PeerB, retry.To);
        Assert.Equal([e.Id], Decode(retry.Payload, GossipWireKind.Request).Ids);
    }

    [Fact]
    public async Task Events_Valid_AddedOnceAndAnnouncedOnlyToPeersThatLackIt()
    {
        using var probe = Create();
        var e = Event("x");
        await probe.SendAsync(
            new GossipIn.PeerConnected(PeerA),
            new GossipIn.PeerConnected(PeerB),
            new GossipIn.Received(PeerA, GossipWire.EncodeIds(GossipWireKind.Announce, [e.Id])));
        probe.TakeOutputs();

        await probe.SendAsync(new GossipIn.Received(PeerA, EventsPayload(e)), new GossipIn.Received(PeerB, EventsPayload(e)));

        Assert.Equal(e.Id, Assert.Single(probe.Take<GossipOut.EventAdded>()).Event.Id);
        Assert.Equal(PeerB, Assert.Single(probe.Take<GossipOut.Send>()).To);
        Assert.Equal(1, probe.Take<GossipOut.State>()[^1].Stats.Duplicates);
    }

    [Fact]
    public async Task Request_KnownId_SendsTheEvent()
    {
        using var probe = Create();
        await probe.SendAsync(Publish("hello"));
        var id = probe.Take<GossipOut.EventAdded>()[0].Event.Id;

        await probe.SendAsync(new GossipIn.Received(PeerA, GossipWire.EncodeIds(GossipWireKind.Request, [id])));

        var reply = Assert.Single(probe.Take<GossipOut.Send>());
        var events = Decode(reply.Payload, GossipWireKind.Events).Events;
        Assert.True(GossipEvent.TryDecode(Assert.Single(events).Span, out var decoded, out _));
        Assert.Equal("hello", decoded!.Text);
    }

    [Fact]
    public async Task Events_ForgedSignatureOrAuthor_DroppedAndCounted()
    {
        using var probe = Create();
        var badSignature = Event("x").Encoded.ToArray();
        badSignature[^3] ^= 1;
        var unsigned = GossipEvent.EncodeUnsigned(GossipCategory.Chat, PeerB, Other.PublicKey.Span, 1, "y"u8);
        var wrongAuthor = (byte[])[.. unsigned, .. Other.Sign(GossipEvent.SigningInput(unsigned))];

        await probe.SendAsync(new GossipIn.Received(PeerA, RawEvents(badSignature, wrongAuthor)), new GossipIn.Received(PeerA, new byte[] { 1, 3, 0 }));

        Assert.Empty(probe.Take<GossipOut.EventAdded>());
        var stats = probe.Take<GossipOut.State>()[^1].Stats;
        Assert.Equal((2L, 0), (stats.Forged, stats.Chat));
    }

    [Fact]
    public async Task Events_Forged_ReportTheSenderAsMisbehavingOnce()
    {
        using var probe = Create();
        await probe.SendAsync(new GossipIn.PeerConnected(PeerA), new GossipIn.PeerConnected(PeerB));
        var badSignature = Event("x").Encoded.ToArray();
        badSignature[^3] ^= 1;
        var alsoBad = Event("z").Encoded.ToArray();
        alsoBad[^5] ^= 1;

        await probe.SendAsync(new GossipIn.Received(PeerA, RawEvents(badSignature, alsoBad)));
        var good = Event("fine");
        await probe.SendAsync(new GossipIn.Received(PeerB, RawEvents(good.Encoded.ToArray())));

        var bad = Assert.Single(probe.Take<GossipOut.PeerMisbehaved>());
        Assert.Equal(PeerA, bad.Peer);
        Assert.Contains("forged", bad.Reason, StringComparison.Ordinal);
        Assert.Equal(good.Id, Assert.Single(probe.Take<GossipOut.EventAdded>()).Event.Id);
        Assert.DoesNotContain(probe.Take<GossipOut.Send>(), s => s.To == PeerA);
    }

    [Fact]
    public async Task Publish_OverCategoryLimit_EvictsTheOldest()
    {
        using var probe = Create(new GossipOptions { MaxChatEvents = 3 });
        for (var i = 0; i < 5; i++)
        {
            await probe.SendAsync(Publish($"m{i}"));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        var stats = probe.Take<GossipOut.State>()[^1].Stats;
        Assert.Equal((3, 2L), (stats.Chat, stats.Evicted));
        Assert.Equal(3, (await _store.ListKeysAsync(GossipHandler.StoreNamespace)).Count);
    }

    [Fact]
    public async Task Publish_NodeInfoTwice_KeepsOnlyTheNewest()
    {
        using var probe = Create();
        var info = Self.CreateNodeInfo("self", ClientKind.Test).Encode();
        await probe.SendAsync(new GossipIn.Publish(GossipCategory.NodeInfo, info));
        _time.Advance(TimeSpan.FromSeconds(1));
        await probe.SendAsync(new GossipIn.Publish(GossipCategory.NodeInfo, info));

        var stats = probe.Take<GossipOut.State>()[^1].Stats;
        Assert.Equal((1, 1L), (stats.NodeInfo, stats.Evicted));
        Assert.Single(await _store.ListKeysAsync(GossipHandler.StoreNamespace));
    }

    [Fact]
    public async Task Start_WithEventsInTheStore_ReloadsThem()
    {
        using (var first = Create())
        {
            await first.SendAsync(Publish("a"), Publish("b"));
        }

        using var second = Create();
        await second.SendAsync(new GossipIn.Start());

        var loaded = second.Take<GossipOut.EventAdded>();
        Assert.Equal(["a", "b"], loaded.Select(e => e.Event.Text).Order());
        Assert.All(loaded, e => Assert.Equal(GossipOrigin.Stored, e.Origin));
    }

    [Fact]
    public async Task Digest_FromPeer_PullsWhatWeLackAndAnnouncesWhatTheyLack()
    {
        using var probe = Create();
        await probe.SendAsync(Publish("mine"));
        var mine = probe.Take<GossipOut.EventAdded>()[0].Event.Id;
        var theirs = Event("theirs").Id;

        await probe.SendAsync(new GossipIn.Received(PeerA, GossipWire.EncodeIds(GossipWireKind.Digest, [theirs])));

        var sends = probe.Take<GossipOut.Send>().Select(s => GossipWire.TryDecode(s.Payload, out var m, out _) ? m! : null).ToList();
        Assert.Contains(sends, m => m!.Kind == GossipWireKind.Request && m.Ids.SequenceEqual([theirs]));
        Assert.Contains(sends, m => m!.Kind == GossipWireKind.Announce && m.Ids.SequenceEqual([mine]));
    }

    [Fact]
    public async Task Tick_AntiEntropyInterval_SendsDigestToAPeer()
    {
        using var probe = Create();
        await probe.SendAsync(new GossipIn.PeerConnected(PeerA), Publish("z"));
        probe.TakeOutputs();

        await probe.SendAsync(new GossipIn.Tick(_time.GetUtcNow()));

        var digest = Assert.Single(probe.Take<GossipOut.Send>());
        Assert.Single(Decode(digest.Payload, GossipWireKind.Digest).Ids);
    }

    [Fact]
    public void TryDecode_RandomAndMutatedBytes_NeverThrows()
    {
        var random = new Random(5);
        var valid = Event("fuzz").Encoded.ToArray();
        for (var i = 0; i < 1000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 300)] : (byte[])valid.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            }

            Assert.False(GossipEvent.TryDecode(bytes, out _, out _));
            GossipWire.TryDecode(bytes, out _, out _);
        }
    }

    private ModuleProbe<GossipIn, GossipOut> Create(GossipOptions? options = null)
        => new(GossipModule.Create(Self, _store, options ?? new GossipOptions(), _time, new Random(7), brokerOptions: BrokerOptions.Manual));

    private static GossipIn.Publish Publish(string text) => new(GossipCategory.Chat, System.Text.Encoding.UTF8.GetBytes(text));

    private GossipEvent Event(string text) => GossipEvent.Create(Other, GossipCategory.Chat, System.Text.Encoding.UTF8.GetBytes(text), _time.GetUtcNow());

    private static byte[] EventsPayload(params GossipEvent[] events) => GossipWire.EncodeEvents(events, 0, out _);

    private static byte[] RawEvents(params byte[][] events)
    {
        var bytes = new List<byte> { GossipWire.Version, (byte)GossipWireKind.Events, 0, (byte)events.Length };
        foreach (var e in events)
        {
            bytes.AddRange([(byte)(e.Length >> 8), (byte)e.Length, .. e]);
        }

        return [.. bytes];
    }

    private static GossipWireMessage Decode(ReadOnlyMemory<byte> payload, GossipWireKind kind)
    {
        Assert.True(GossipWire.TryDecode(payload, out var message, out var error), error.ToString());
        Assert.Equal(kind, message!.Kind);
        return message;
    }
}
