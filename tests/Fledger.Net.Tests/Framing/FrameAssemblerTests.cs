using Fledger.Net.Framing;
using Fledger.Net.Network;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Net.Tests.Framing;

public sealed class FrameAssemblerTests
{
    private const int FrameSize = 1024;

    [Fact]
    public void Accept_OneMiBMessage_Reassembles()
    {
        var payload = new byte[1024 * 1024];
        new Random(5).NextBytes(payload);
        var assembler = new FrameAssembler();
        var frames = FrameCodec.Encode(new NodeMessage("blob", payload), 1, 16 * 1024);

        var message = AcceptAll(assembler, frames);

        Assert.NotNull(message);
        Assert.Equal(payload, message.Payload.ToArray());
    }

    [Fact]
    public void Accept_InterleavedMessages_BothReassemble()
    {
        var assembler = new FrameAssembler();
        var a = FrameCodec.Encode(new NodeMessage("a", new byte[3000]), 1, FrameSize);
        var b = FrameCodec.Encode(new NodeMessage("b", new byte[3000]), 2, FrameSize);
        var done = new List<NodeMessage>();

        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(FrameError.None, assembler.Accept(a[i], out var ma));
            Assert.Equal(FrameError.None, assembler.Accept(b[i], out var mb));
            done.AddRange(new[] { ma, mb }.OfType<NodeMessage>());
        }

        Assert.Equal(["a", "b"], done.Select(m => m.Module));
    }

    [Fact]
    public void Accept_DeclaredSizeAboveCap_IsTooLarge()
    {
        var assembler = new FrameAssembler(new FrameAssemblerOptions { MaxMessageSize = 2000 });
        var frames = FrameCodec.Encode(new NodeMessage("big", new byte[5000]), 1, FrameSize);

        Assert.Equal(FrameError.TooLarge, assembler.Accept(frames[0], out _));
        Assert.Equal(0, assembler.PartialCount);
        Assert.Equal(FrameError.TooLarge, assembler.Accept(frames[1], out _));
    }

    [Fact]
    public void Accept_SingleFrameAboveCap_IsTooLarge()
    {
        var assembler = new FrameAssembler(new FrameAssemblerOptions { MaxMessageSize = 100 });
        var frame = Assert.Single(FrameCodec.Encode(new NodeMessage("big", new byte[500]), 1, FrameSize));

        Assert.Equal(FrameError.TooLarge, assembler.Accept(frame, out var message));
        Assert.Null(message);
    }

    [Fact]
    public void Accept_AfterReassemblyTimeout_PartialIsDropped()
    {
        var time = new FakeTimeProvider();
        var assembler = new FrameAssembler(new FrameAssemblerOptions { ReassemblyTimeout = TimeSpan.FromSeconds(5) }, time);
        var frames = FrameCodec.Encode(new NodeMessage("slow", new byte[3000]), 1, FrameSize);
        Assert.Equal(FrameError.None, assembler.Accept(frames[0], out _));

        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(FrameError.UnknownMessage, assembler.Accept(frames[1], out _));
        Assert.Equal(1, assembler.ExpiredCount);
        Assert.Equal(0, assembler.PartialCount);
    }

    [Fact]
    public void Accept_WithinReassemblyTimeout_Completes()
    {
        var time = new FakeTimeProvider();
        var assembler = new FrameAssembler(new FrameAssemblerOptions { ReassemblyTimeout = TimeSpan.FromSeconds(5) }, time);
        var frames = FrameCodec.Encode(new NodeMessage("slow", new byte[1500]), 1, FrameSize);
        Assert.Equal(FrameError.None, assembler.Accept(frames[0], out _));

        time.Advance(TimeSpan.FromSeconds(4));

        Assert.Equal(FrameError.None, assembler.Accept(frames[1], out var message));
        Assert.NotNull(message);
    }

    [Fact]
    public void Accept_TooManyPartials_RefusesTheNextMessage()
    {
        var assembler = new FrameAssembler(new FrameAssemblerOptions { MaxPartialMessages = 2 });
        for (uint id = 0; id < 2; id++)
        {
            Assert.Equal(FrameError.None, assembler.Accept(FrameCodec.Encode(new NodeMessage("m", new byte[3000]), id, FrameSize)[0], out _));
        }

        Assert.Equal(FrameError.TooManyPartials, assembler.Accept(FrameCodec.Encode(new NodeMessage("m", new byte[3000]), 9, FrameSize)[0], out _));
        Assert.Equal(2, assembler.PartialCount);
    }

    [Fact]
    public void Accept_ChunkOutOfOrder_DropsThePartial()
    {
        var assembler = new FrameAssembler();
        var frames = FrameCodec.Encode(new NodeMessage("m", new byte[4000]), 1, FrameSize);
        Assert.Equal(FrameError.None, assembler.Accept(frames[0], out _));

        Assert.Equal(FrameError.ChunkMismatch, assembler.Accept(frames[2], out _));
        Assert.Equal(0, assembler.PartialCount);
    }

    [Fact]
    public void Accept_FirstChunkTwice_IsDuplicate()
    {
        var assembler = new FrameAssembler();
        var frames = FrameCodec.Encode(new NodeMessage("m", new byte[4000]), 1, FrameSize);
        Assert.Equal(FrameError.None, assembler.Accept(frames[0], out _));

        Assert.Equal(FrameError.DuplicateMessage, assembler.Accept(frames[0], out _));
        Assert.Equal(0, assembler.PartialCount);
    }

    [Fact]
    public void Accept_SharedBudgetUsedUp_RefusesUntilReleased()
    {
        var budget = new ReassemblyBudget(100_000);
        var first = new FrameAssembler(budget: budget);
        var second = new FrameAssembler(budget: budget);
        var frames = FrameCodec.Encode(new NodeMessage("m", new byte[200_000]), 1, 16 * 1024);

        Assert.Equal(FrameError.None, first.Accept(frames[0], out _));
        Assert.Equal(FrameError.BudgetExceeded, second.Accept(frames[0], out _));
        Assert.Equal(FrameError.None, first.Accept(frames[1], out _));
        Assert.Equal(FrameError.None, first.Accept(frames[2], out _));
        Assert.Equal(FrameError.None, first.Accept(frames[3], out _));
        Assert.Equal(FrameError.BudgetExceeded, first.Accept(frames[4], out _));
        Assert.Equal(0, budget.Used);

        Assert.Equal(FrameError.None, second.Accept(frames[0], out _));
        second.Clear();
        Assert.Equal(0, budget.Used);
    }

    [Fact]
    public void Accept_CompletedMessage_GivesItsBytesBack()
    {
        var budget = new ReassemblyBudget(1024 * 1024);
        var assembler = new FrameAssembler(budget: budget);

        Assert.NotNull(AcceptAll(assembler, FrameCodec.Encode(new NodeMessage("m", new byte[300_000]), 1, 16 * 1024)));
        Assert.Equal(0, budget.Used);
    }

    private static NodeMessage? AcceptAll(FrameAssembler assembler, IReadOnlyList<byte[]> frames)
    {
        NodeMessage? message = null;
        foreach (var frame in frames)
        {
            Assert.Equal(FrameError.None, assembler.Accept(frame, out message));
        }

        return message;
    }
}
