using System.Buffers.Binary;
using CsCheck;
using Fledger.Net.Framing;
using Fledger.Net.Network;

namespace Fledger.Net.Tests.Framing;

public sealed class FrameCodecTests
{
    private const int FrameSize = 1024;

    [Fact]
    public void Encode_SmallMessage_IsOneSingleFrame()
    {
        var frames = FrameCodec.Encode(new NodeMessage("ping", new byte[] { 1, 2, 3 }), 7, FrameSize);

        var frame = Assert.Single(frames);
        Assert.Equal(new byte[] { FrameCodec.Version, 0, 4, (byte)'p', (byte)'i', (byte)'n', (byte)'g', 1, 2, 3 }, frame);
    }

    [Fact]
    public void Encode_LargeMessage_ChunksFitTheFrameSize()
    {
        var message = new NodeMessage("gossip", new byte[10_000]);

        var frames = FrameCodec.Encode(message, 9, FrameSize);

        Assert.Equal(FrameCodec.FrameCount(message, FrameSize), frames.Count);
        Assert.True(frames.Count > 1);
        Assert.All(frames, f => Assert.True(f.Length <= FrameSize));
        Assert.All(frames, f => Assert.Equal((byte)FrameKind.Chunk, f[1]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("é")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345")]
    public void Encode_InvalidModuleName_Throws(string module)
    {
        Assert.False(FrameCodec.IsValidModuleName(module));
        Assert.Throws<ArgumentException>(() => FrameCodec.Encode(new NodeMessage(module, default), 1, FrameSize));
    }

    [Theory]
    [InlineData(new byte[0], FrameError.Empty)]
    [InlineData(new byte[] { 2, 0, 1, 65 }, FrameError.UnsupportedVersion)]
    [InlineData(new byte[] { 1 }, FrameError.Truncated)]
    [InlineData(new byte[] { 1, 9, 1, 65 }, FrameError.UnknownKind)]
    [InlineData(new byte[] { 1, 0 }, FrameError.Truncated)]
    [InlineData(new byte[] { 1, 0, 0 }, FrameError.BadModuleName)]
    [InlineData(new byte[] { 1, 0, 65, 65 }, FrameError.BadModuleName)]
    [InlineData(new byte[] { 1, 0, 3, 65, 65 }, FrameError.Truncated)]
    [InlineData(new byte[] { 1, 0, 1, 32 }, FrameError.BadModuleName)]
    [InlineData(new byte[] { 1, 1, 0, 0, 0, 1 }, FrameError.Truncated)]
    public void TryParse_BadFrame_ReturnsTypedError(byte[] data, FrameError expected)
    {
        Assert.Equal(expected, FrameCodec.TryParse(data, out _));
    }

    [Theory]
    [InlineData(0u, 0u, 10u, FrameError.BadChunkHeader)]
    [InlineData(2u, 2u, 10u, FrameError.BadChunkHeader)]
    [InlineData(0u, 11u, 10u, FrameError.BadChunkHeader)]
    [InlineData(0u, 2u, 0x8000_0000u, FrameError.TooLarge)]
    public void TryParse_BadChunkHeader_ReturnsTypedError(uint index, uint count, uint total, FrameError expected)
    {
        Assert.Equal(expected, FrameCodec.TryParse(Chunk(1, index, count, total, 5), out _));
    }

    [Fact]
    public void TryParse_ChunkWithoutData_IsEmptyChunk()
    {
        Assert.Equal(FrameError.EmptyChunk, FrameCodec.TryParse(Chunk(1, 0, 2, 10, 0), out _));
    }

    [Fact]
    public void RoundTrip_AnyMessageAndFrameSize_ReassemblesTheSameMessage()
    {
        var gen = Gen.Select(
            Gen.String[Gen.Char['!', '~'], 1, FrameCodec.MaxModuleNameLength],
            Gen.Byte.Array[0, 20_000],
            Gen.Int[FrameCodec.MinFrameSize, 4096],
            Gen.UInt);
        gen.Sample((module, payload, frameSize, id) =>
        {
            var assembler = new FrameAssembler();
            var frames = FrameCodec.Encode(new NodeMessage(module, payload), id, frameSize);
            NodeMessage? result = null;
            for (var i = 0; i < frames.Count; i++)
            {
                Assert.True(frames[i].Length <= frameSize);
                Assert.Equal(FrameError.None, assembler.Accept(frames[i], out result));
                Assert.Equal(i == frames.Count - 1, result is not null);
            }

            Assert.NotNull(result);
            Assert.Equal(module, result.Module);
            Assert.Equal(payload, result.Payload.ToArray());
            Assert.Equal(0, assembler.PartialCount);
        }, iter: 300);
    }

    [Fact]
    public void Fuzz_RandomAndMutatedInputs_NeverThrowAndStayBounded()
    {
        var random = new Random(1234);
        var options = new FrameAssemblerOptions { MaxMessageSize = 64 * 1024, MaxPartialMessages = 3 };
        var assembler = new FrameAssembler(options);
        var seeds = new List<byte[]>();
        for (var i = 0; i < 20; i++)
        {
            var payload = new byte[random.Next(0, 5000)];
            random.NextBytes(payload);
            seeds.AddRange(FrameCodec.Encode(new NodeMessage("m" + i, payload), (uint)(i % 5), FrameCodec.MinFrameSize + random.Next(0, 2000)));
        }

        var errors = new Dictionary<FrameError, int>();
        for (var i = 0; i < 120_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
                if (input.Length > 1 && random.Next(2) == 0)
                {
                    input[0] = FrameCodec.Version;
                    input[1] = (byte)random.Next(0, 3);
                }
            }
            else
            {
                input = (byte[])seeds[random.Next(seeds.Count)].Clone();
                var mutations = random.Next(1, 4);
                for (var m = 0; m < mutations && input.Length > 0; m++)
                {
                    switch (random.Next(3))
                    {
                        case 0:
                            input[random.Next(input.Length)] ^= (byte)(1 << random.Next(8));
                            break;
                        case 1:
                            Array.Resize(ref input, random.Next(input.Length));
                            break;
                        default:
                            input[random.Next(Math.Min(input.Length, FrameCodec.ChunkHeaderLength))] = (byte)random.Next(256);
                            break;
                    }
                }
            }

            var error = FrameCodec.TryParse(input, out _);
            Assert.True(Enum.IsDefined(error));
            var assembled = assembler.Accept(input, out var message);
            errors[assembled] = errors.GetValueOrDefault(assembled) + 1;
            Assert.True(assembler.PartialCount <= options.MaxPartialMessages);
            if (message is not null)
            {
                Assert.True(FrameCodec.IsValidModuleName(message.Module));
                Assert.True(message.Payload.Length <= options.MaxMessageSize);
            }
        }

        Assert.True(errors.Count > 5, "fuzzing should reach many distinct outcomes");
        Assert.True(errors.GetValueOrDefault(FrameError.None) > 0);
    }

    private static byte[] Chunk(uint id, uint index, uint count, uint total, int dataLength)
    {
        var frame = new byte[FrameCodec.ChunkHeaderLength + dataLength];
        frame[0] = FrameCodec.Version;
        frame[1] = (byte)FrameKind.Chunk;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(2), id);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(6), index);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(10), count);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(14), total);
        return frame;
    }
}
