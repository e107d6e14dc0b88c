using Fledger.WebRtc.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    [Fact]
    public void Generate_Certificate_HasSha256FingerprintInSdpForm()
    {
        var certificate = DtlsCertificate.Generate(new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        var text = certificate.Fingerprint.ToString();

        Assert.Matches("^sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$", text);
        Assert.True(certificate.Fingerprint.Matches(certificate.Der));
    }

    [Fact]
    public void TryParse_ToStringOutput_RoundTripsAndEquals()
    {
        var fingerprint = DtlsCertificate.Shared.Fingerprint;

        var error = DtlsFingerprint.TryParse(fingerprint.ToString().ToLowerInvariant(), out var parsed);

        Assert.Equal(DtlsFingerprintError.None, error);
        Assert.Equal(fingerprint, parsed);
    }

    [Theory]
    [InlineData("", DtlsFingerprintError.Malformed)]
    [InlineData("sha-256", DtlsFingerprintError.Malformed)]
    [InlineData("md5 AB:CD", DtlsFingerprintError.UnsupportedHashFunction)]
    [InlineData("sha-256 AB:CD", DtlsFingerprintError.WrongLength)]
    [InlineData("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G", DtlsFingerprintError.InvalidHex)]
    [InlineData("sha-1 AB-CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01", DtlsFingerprintError.InvalidHex)]
    [InlineData("sha-1 ABC", DtlsFingerprintError.InvalidHex)]
    public void TryParse_BadInput_ReturnsTypedError(string text, DtlsFingerprintError expected)
    {
        Assert.Equal(expected, DtlsFingerprint.TryParse(text, out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Matches_OtherCertificate_IsFalse()
    {
        var other = DtlsCertificate.Generate(TimeProvider.System);

        Assert.False(DtlsCertificate.Shared.Fingerprint.Matches(other.Der));
        Assert.NotEqual(DtlsCertificate.Shared.Fingerprint, other.Fingerprint);
    }

    [Fact]
    public void TryParse_RandomText_NeverThrows()
    {
        var random = new Random(8122);
        const string alphabet = "sha-1256:ABCDEFabcdef0123456789 xyz";
        var baseText = DtlsCertificate.Shared.Fingerprint.ToString();
        for (var i = 0; i < 20_000; i++)
        {
            var chars = i % 2 == 0
                ? Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()
                : baseText.ToCharArray();
            if (i % 2 == 1)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var error = DtlsFingerprint.TryParse(new string(chars), out var parsed);
            Assert.Equal(error == DtlsFingerprintError.None, parsed is not null);
        }
    }
}
