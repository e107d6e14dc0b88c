using System.Net;
using System.Text;
using CsCheck;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Tests.Stun;

/// <summary>CsCheck properties: whatever the writer builds, the parser reads back unchanged.</summary>
public sealed class StunRoundTripPropertyTests
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private static readonly Gen<string> GenIceString = Gen.Char[IceChars].Array[1, 40].Select(c => new string(c));

    private static readonly Gen<IPEndPoint> GenEndPoint = Gen.Select(
        Gen.Bool,
        Gen.Byte.Array[16],
        Gen.Int[0, 65535],
        (v6, bytes, port) => new IPEndPoint(new IPAddress(v6 ? bytes : bytes[..4]), port));

    private static readonly Gen<CheckCase> GenCase = Gen.Select(
        Gen.Select(GenIceString, GenIceString, (a, b) => a + ":" + b),
        Gen.UInt,
        Gen.ULong,
        Gen.Bool,
        GenEndPoint,
        GenIceString,
        (username, priority, tieBreaker, controlling, mapped, password) =>
            new CheckCase(username, priority, tieBreaker, controlling, mapped, password));

    [Fact]
    public void StunWriter_RandomCheck_ParsesBackIdenticallyAndVerifies()
    {
        GenCase.Sample(c =>
        {
            var id = StunTransactionId.NewRandom();
            var key = Encoding.UTF8.GetBytes(c.Password);
            Span<byte> buffer = stackalloc byte[512];
            var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
            writer.AddUsername(c.Username);
            writer.AddPriority(c.Priority);
            if (c.Controlling)
            {
                writer.AddIceControlling(c.TieBreaker);
                writer.AddUseCandidate();
            }
            else
            {
                writer.AddIceControlled(c.TieBreaker);
            }

            writer.AddXorMappedAddress(c.Mapped.Address, c.Mapped.Port);
            writer.AddMessageIntegrity(key);
            writer.AddFingerprint();
            var datagram = writer.Written.ToArray();

            Assert.True(StunMessage.LooksLikeStun(datagram));
            Assert.Equal(StunParseError.None, StunMessage.TryParse(datagram, out var message));
            Assert.NotNull(message);
            Assert.Equal(id, message.TransactionId);
            Assert.Equal(c.Username, message.Username);
            Assert.Equal(c.Priority, message.Priority);
            Assert.Equal(c.Controlling ? c.TieBreaker : null, message.IceControlling);
            Assert.Equal(c.Controlling ? null : c.TieBreaker, message.IceControlled);
            Assert.Equal(c.Controlling, message.UseCandidate);
            Assert.Equal(c.Mapped, message.XorMappedAddress);
            Assert.True(message.HasFingerprint);
            Assert.True(message.VerifyIntegrity(datagram, key));
            Assert.False(message.VerifyIntegrity(datagram, Encoding.UTF8.GetBytes(c.Password + "x")));
        }, seed: "0N0XIzNsQ0O2", iter: 2000);
    }

    private sealed record CheckCase(string Username, uint Priority, ulong TieBreaker, bool Controlling, IPEndPoint Mapped, string Password);
}
