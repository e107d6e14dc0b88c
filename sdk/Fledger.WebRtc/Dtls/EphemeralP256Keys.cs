using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Ephemeral P-256 key pairs for ECDHE, with the next one generated on the thread pool ahead of time so the handshake
/// does not wait for key generation. Each key is handed out exactly once (ownership moves to the caller, who disposes
/// it after its single agreement): nothing is reused across handshakes.
/// </summary>
/// <remarks>RFC 8422 §2.1 and RFC 7525 §6.3 (ephemeral keys, forward secrecy): one fresh key per handshake.</remarks>
internal static class EphemeralP256Keys
{
    private static ECDiffieHellman? _next;
    private static int _refilling;

    /// <summary>Takes the pre-generated key (or generates one now) and schedules the next.</summary>
    public static ECDiffieHellman Take()
    {
        var key = Interlocked.Exchange(ref _next, null) ?? Generate();
        Refill();
        return key;
    }

    /// <summary>Generates the next key in the background if none is waiting.</summary>
    public static void Refill()
    {
        if (Volatile.Read(ref _next) is null && Interlocked.CompareExchange(ref _refilling, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => FillOne(), null);
        }
    }

    private static void FillOne()
    {
        try
        {
            var key = Generate();
            if (Interlocked.CompareExchange(ref _next, key, null) is not null)
            {
                key.Dispose();
            }
        }
        catch (CryptographicException)
        {
            // Nothing waiting: the next handshake generates its key itself (and surfaces the error there).
        }
        finally
        {
            Volatile.Write(ref _refilling, 0);
        }
    }

    private static ECDiffieHellman Generate()
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

        // Creating the object only records the curve: force the key pair now (off the handshake path when pre-generated).
        _ = key.ExportParameters(includePrivateParameters: false);
        return key;
    }
}
