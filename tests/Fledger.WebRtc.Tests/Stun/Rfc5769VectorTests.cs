using System.Net;
using System.Text;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Tests.Stun;

/// <summary>RFC 5769 §2.1–2.3 test vectors, parsed, verified and rebuilt bit-exactly.</summary>
public sealed class Rfc5769VectorTests
{
    internal static readonly byte[] Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    internal static readonly byte[] SampleRequest = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "802200105354554e207465737420636c69656e74" +
        "002400046e0001ff" +
        "80290008932ff9b151263b36" +
        "000600096576746a3a68367659202020" +
        "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004e57a3bcf");

    internal static readonly byte[] SampleIPv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000080001a147e112a643" +
        "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004c07d4c96");

    internal static readonly byte[] SampleIPv6Response = Convert.FromHexString(
        "010100482112a442b7e7a701bc34d686fa87dfae" +
        "8022000b7465737420766563746f7220" +
        "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9" +
        "00080014a382954e4be67bf11784c97c8292c275bfe3ed41" +
        "80280004c8fb0b4c");

    private static readonly StunTransactionId VectorId =
        StunTransactionId.Read(Convert.FromHexString("b7e7a701bc34d686fa87dfae"));

    [Fact]
    public void TryParse_SampleRequest_DecodesAttributesAndVerifiesIntegrity()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(SampleRequest, out var message));
        Assert.NotNull(message);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(VectorId, message.TransactionId);
        Assert.Equal("STUN test client", message.Software);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36ul, message.IceControlled);
        Assert.Null(message.IceControlling);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyIntegrity(SampleRequest, Password));
        Assert.False(message.VerifyIntegrity(SampleRequest, Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBT")));
    }

    [Fact]
    public void StunWriter_SampleRequest_BuildsIdenticalBytes()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, VectorId) { PaddingByte = 0x20 };
        writer.AddSoftware("STUN test client");
        writer.AddPriority(0x6e0001ff);
        writer.AddIceControlled(0x932ff9b151263b36);
        writer.AddUsername("evtj:h6vY");
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleRequest), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void TryParse_SampleIPv4Response_DecodesMappedAddress()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(SampleIPv4Response, out var message));
        Assert.NotNull(message);
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.Equal("test vector", message.Software);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.XorMappedAddress);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyIntegrity(SampleIPv4Response, Password));
    }

    [Fact]
    public void StunWriter_SampleIPv4Response_BuildsIdenticalBytes()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, VectorId) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(IPAddress.Parse("192.0.2.1"), 32853);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleIPv4Response), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void TryParse_SampleIPv6Response_DecodesMappedAddress()
    {
        Assert.Equal(StunParseError.None, StunMessage.TryParse(SampleIPv6Response, out var message));
        Assert.NotNull(message);
        Assert.Equal(
            new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853),
            message.XorMappedAddress);
        Assert.True(message.VerifyIntegrity(SampleIPv6Response, Password));
    }

    [Fact]
    public void StunWriter_SampleIPv6Response_BuildsIdenticalBytes()
    {
        Span<byte> buffer = stackalloc byte[256];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, VectorId) { PaddingByte = 0x20 };
        writer.AddSoftware("test vector");
        writer.AddXorMappedAddress(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        writer.AddMessageIntegrity(Password);
        writer.AddFingerprint();
        Assert.Equal(Convert.ToHexString(SampleIPv6Response), Convert.ToHexString(writer.Written));
    }

    [Fact]
    public void TryParse_CorruptedByte_ReturnsBadFingerprint()
    {
        var copy = (byte[])SampleRequest.Clone();
        copy[30] ^= 1; // inside SOFTWARE, covered by MI and FINGERPRINT
        Assert.Equal(StunParseError.BadFingerprint, StunMessage.TryParse(copy, out _));
    }
}
