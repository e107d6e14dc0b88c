using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// Ephemeral ECDHE key pairs with the next one generated on the thread pool ahead of time, so the handshake does not
/// wait for key generation. Each key is handed out exactly once (ownership moves to the caller, who disposes it after
/// its single agreement): nothing is reused across handshakes.
/// </summary>
/// <remarks>RFC 8422 §2 and RFC 7525 §6.3 (ephemeral keys, forward secrecy): one fresh key per handshake.</remarks>
/// <typeparam name="TKey">The key pair; disposing it destroys the private key.</typeparam>
internal sealed class EphemeralKeyPool<TKey>(Func<TKey> generate)
    where TKey : class, IDisposable
{
    private TKey? _next;
    private int _refilling;

    /// <summary>Takes the pre-generated key (or generates one now) and schedules the next.</summary>
    public TKey Take()
    {
        var key = Interlocked.Exchange(ref _next, null) ?? generate();
        Refill();
        return key;
    }

    /// <summary>Generates the next key in the background if none is waiting.</summary>
    public void Refill()
    {
        if (Volatile.Read(ref _next) is null && Interlocked.CompareExchange(ref _refilling, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static pool => pool.FillOne(), this, preferLocal: false);
        }
    }

    private void FillOne()
    {
        try
        {
            var key = generate();
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
}
