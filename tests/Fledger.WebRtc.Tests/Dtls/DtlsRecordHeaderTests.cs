using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class DtlsRecordHeaderTests
{
    private static readonly byte[] ValidHandshake =
    [
        22, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 1, 2, 3,
    ];

    [Fact]
    public void TryParse_ValidHandshakeRecord_ReturnsFields()
    {
        var error = DtlsRecordHeader.TryParse(ValidHandshake, out var header);

        Assert.Equal(DtlsRecordError.None, error);
        Assert.Equal(DtlsContentType.Handshake, header.ContentType);
        Assert.Equal(DtlsRecordHeader.Dtls12, header.Version);
        Assert.Equal(5, header.SequenceNumber);
        Assert.Equal(3, header.Length);
        Assert.Equal(16, header.TotalLength);
    }

    [Theory]
    [InlineData(0, (byte)19, DtlsRecordError.UnknownContentType)]
    [InlineData(0, (byte)24, DtlsRecordError.UnknownContentType)]
    [InlineData(1, (byte)0x03, DtlsRecordError.UnsupportedVersion)]
    [InlineData(12, (byte)0x04, DtlsRecordError.Truncated)]
    [InlineData(11, (byte)0xFF, DtlsRecordError.LengthTooLarge)]
    [InlineData(0, (byte)23, DtlsRecordError.PlaintextNotAllowed)]
    public void TryParse_CorruptedField_ReturnsTypedError(int offset, byte value, DtlsRecordError expected)
    {
        var data = (byte[])ValidHandshake.Clone();
        data[offset] = value;

        Assert.Equal(expected, DtlsRecordHeader.TryParse(data, out _));
    }

    [Fact]
    public void ValidateDatagram_TwoRecordsExactly_CountsBoth()
    {
        var datagram = ValidHandshake.Concat(ValidHandshake).ToArray();

        Assert.Equal(DtlsRecordError.None, DtlsRecordHeader.ValidateDatagram(datagram, out var count));
        Assert.Equal(2, count);
    }

    [Fact]
    public void ValidateDatagram_TrailingGarbage_IsRejected()
    {
        var datagram = ValidHandshake.Concat(new byte[] { 22, 0xFE }).ToArray();

        Assert.Equal(DtlsRecordError.TooShort, DtlsRecordHeader.ValidateDatagram(datagram, out var count));
        Assert.Equal(0, count);
    }

    [Fact]
    public void ValidateDatagram_RandomAndMutatedInputs_NeverThrowsAndNeverOverruns()
    {
        var random = new Random(6347);
        var valid = 0;
        for (var i = 0; i < 120_000; i++)
        {
            var input = i % 2 == 0 ? RandomBytes(random) : Mutate(random);
            var error = DtlsRecordHeader.ValidateDatagram(input, out var count);
            if (error == DtlsRecordError.None)
            {
                valid++;
                Assert.True(count >= 1);
                var span = input.AsSpan();
                for (var r = 0; r < count; r++)
                {
                    Assert.Equal(DtlsRecordError.None, DtlsRecordHeader.TryParse(span, out var header));
                    Assert.InRange(header.TotalLength, DtlsRecordHeader.Size, span.Length);
                    span = span[header.TotalLength..];
                }

                Assert.True(span.IsEmpty);
            }
            else
            {
                Assert.Equal(0, count);
            }
        }

        Assert.True(valid > 1000, $"mutations should keep some inputs valid ({valid})");
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length > 0 && random.Next(2) == 0)
        {
            bytes[0] = (byte)random.Next(20, 26);
        }

        return bytes;
    }

    private static byte[] Mutate(Random random)
    {
        var records = random.Next(1, 4);
        var data = Enumerable.Range(0, records).SelectMany(_ => ValidHandshake).ToList();
        var mutations = random.Next(0, 3);
        for (var m = 0; m < mutations; m++)
        {
            switch (random.Next(3))
            {
                case 0 when data.Count > 0:
                    data[random.Next(data.Count)] = (byte)random.Next(256);
                    break;
                case 1 when data.Count > 0:
                    data.RemoveAt(random.Next(data.Count));
                    break;
                default:
                    data.Insert(random.Next(data.Count + 1), (byte)random.Next(256));
                    break;
            }
        }

        return [.. data];
    }
}
