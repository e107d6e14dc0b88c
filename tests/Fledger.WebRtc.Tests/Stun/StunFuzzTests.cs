using System.Buffers.Binary;
using System.Diagnostics;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Tests.Stun;

/// <summary>Seeded fuzzing: the parser never throws and always yields a message or a typed error.</summary>
public sealed class StunFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void TryParse_RandomInputs_NeverThrowsAndIsConsistent()
    {
        var random = new Random(20261125);
        var buffer = new byte[600];
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < Iterations; i++)
        {
            var length = random.Next(0, buffer.Length);
            var input = buffer.AsSpan(0, length);
            random.NextBytes(input);
            if ((i & 1) == 0 && length >= 20)
            {
                // Half the inputs get a plausible header so the attribute walk is exercised.
                input[0] &= 0x01;
                BinaryPrimitives.WriteUInt16BigEndian(input[2..], (ushort)((length - 20) & ~3));
                BinaryPrimitives.WriteUInt32BigEndian(input[4..], StunMessage.MagicCookie);
                input = input[..(20 + ((length - 20) & ~3))];
            }

            AssertConsistent(input);
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void TryParse_MutatedValidMessages_NeverThrowsAndIsConsistent()
    {
        var random = new Random(5769);
        byte[][] seeds =
        [
            Rfc5769VectorTests.SampleRequest,
            Rfc5769VectorTests.SampleIPv4Response,
            Rfc5769VectorTests.SampleIPv6Response,
        ];
        var buffer = new byte[700];
        var stopwatch = Stopwatch.StartNew();
        var parsedCount = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            seed.CopyTo(buffer, 0);
            var length = seed.Length;
            switch (random.Next(5))
            {
                case 0:
                    for (var flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        buffer[random.Next(length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1:
                    length = random.Next(length);
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)random.Next(0x10000));
                    break;
                case 3:
                {
                    // Edit an attribute length field (attributes start at 20, 4-aligned).
                    var at = 20 + (4 * random.Next((length - 20) / 4));
                    BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), (ushort)random.Next(0x10000));
                    break;
                }

                default:
                {
                    var extra = random.Next(1, 64);
                    random.NextBytes(buffer.AsSpan(length, extra));
                    length += extra;
                    if ((random.Next() & 1) == 0)
                    {
                        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length - 20));
                    }

                    break;
                }
            }

            if (AssertConsistent(buffer.AsSpan(0, length)))
            {
                parsedCount++;
            }
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.InRange(parsedCount, 1, Iterations - 1);
    }

    private static bool AssertConsistent(ReadOnlySpan<byte> input)
    {
        var error = StunMessage.TryParse(input, out var message);
        Assert.True(Enum.IsDefined(error));
        if (error is StunParseError.None or StunParseError.UnknownComprehensionRequired)
        {
            Assert.NotNull(message);
            _ = message.VerifyIntegrity(input, Rfc5769VectorTests.Password);
            return true;
        }

        Assert.Null(message);
        return false;
    }
}
