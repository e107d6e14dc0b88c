using System.Net;
using System.Text;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Tests.Stun;

public sealed class StunMessageTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("abcdefghijklmnopqrstuvwx");

    [Fact]
    public void TryParse_ChromiumStyleCheckWithOptionalUnknownAttribute_IgnoresIt()
    {
        var buffer = new byte[512];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.AddUsername("abcd:efgh");
        writer.AddIceControlling(42);
        writer.AddPriority(1845501695);
        writer.AddAttribute(0xC057, [0, 1, 0, 10]);
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        var datagram = writer.Written.ToArray();

        Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out var message));
        Assert.NotNull(message);
        Assert.Equal("abcd:efgh", message.Username);
        Assert.Equal(42ul, message.IceControlling);
        Assert.Equal(1845501695u, message.Priority);
        Assert.True(message.VerifyIntegrity(datagram, Key));
        Assert.Empty(message.UnknownRequiredAttributes);
    }

    [Fact]
    public void TryParse_UnknownComprehensionRequiredAttribute_ReturnsTypedErrorWithMessage()
    {
        var buffer = new byte[64];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.AddPriority(7);
        var length = writer.Length;
        buffer[length] = 0x00; buffer[length + 1] = 0x77; buffer[length + 2] = 0; buffer[length + 3] = 0;
        length += 4;
        buffer[3] = (byte)(length - 20);

        Assert.Equal(StunParseError.UnknownComprehensionRequired, StunMessage.TryParse(buffer.AsSpan(0, length), out var message));
        Assert.NotNull(message);
        Assert.Equal([(ushort)0x0077], message.UnknownRequiredAttributes);
    }

    [Fact]
    public void StunWriter_RoleConflictError_RoundTrips()
    {
        var buffer = new byte[128];
        var id = StunTransactionId.NewRandom();
        var writer = new StunWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, id);
        writer.AddErrorCode(487, "Role Conflict");
        writer.AddMessageIntegrity(Key);
        writer.AddFingerprint();
        var datagram = writer.Written.ToArray();

        Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out var message));
        Assert.NotNull(message);
        Assert.Equal(StunClass.ErrorResponse, message.Class);
        Assert.Equal(id, message.TransactionId);
        Assert.Equal(487, message.ErrorCode);
        Assert.Equal("Role Conflict", message.ErrorReason);
        Assert.True(message.VerifyIntegrity(datagram, Key));
    }

    [Fact]
    public void StunWriter_UseCandidateAndIPv4Mapped_RoundTrips()
    {
        var buffer = new byte[128];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.AddUseCandidate();
        writer.AddXorMappedAddress(IPAddress.Loopback, 65535);
        writer.AddIceControlled(ulong.MaxValue);
        writer.AddFingerprint();

        Assert.Equal(StunParseError.None, StunMessage.TryParse(writer.Written, out var message));
        Assert.NotNull(message);
        Assert.True(message.UseCandidate);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 65535), message.XorMappedAddress);
        Assert.Equal(ulong.MaxValue, message.IceControlled);
        Assert.False(message.HasIntegrity);
        Assert.False(message.VerifyIntegrity(writer.Written, Key));
    }

    [Theory]
    [InlineData("", StunParseError.TooShort)]
    [InlineData("c00100002112a442000000000000000000000000", StunParseError.NotStun)]
    [InlineData("000100002112a443000000000000000000000000", StunParseError.BadMagicCookie)]
    [InlineData("000100042112a442000000000000000000000000", StunParseError.LengthMismatch)]
    [InlineData("000100042112a44200000000000000000000000000060008", StunParseError.AttributeOverrun)]
    [InlineData("000100042112a44200000000000000000000000000240002", StunParseError.AttributeOverrun)]
    [InlineData("000100082112a4420000000000000000000000000024000000000000", StunParseError.MalformedAttribute)]
    [InlineData("000100102112a44200000000000000000000000080280004000000000024000000000000", StunParseError.BadFingerprint)]
    public void TryParse_BadInput_ReturnsTypedError(string hex, StunParseError expected)
    {
        Assert.Equal(expected, StunMessage.TryParse(Convert.FromHexString(hex), out var message));
        Assert.Null(message);
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_ReturnsTypedError()
    {
        // Header claims FINGERPRINT (8 bytes) + USE-CANDIDATE (4 bytes); the CRC is valid for that header.
        var buffer = new byte[32];
        _ = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        buffer[3] = 12;
        var crc = StunCrc32.Compute(buffer.AsSpan(0, 20)) ^ 0x5354554Eu;
        buffer[20] = 0x80; buffer[21] = 0x28; buffer[23] = 4;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(24), crc);
        buffer[28] = 0x00; buffer[29] = 0x25;
        Assert.Equal(StunParseError.AttributeAfterFingerprint, StunMessage.TryParse(buffer, out _));
    }
}
