using System.Threading.Channels;
using Fledger.Net.Signaling;

namespace Fledger.ScaleOut.Tests.Infrastructure;

/// <summary>Reads a client's outputs in tests, skipping presence pushes that other nodes trigger at any time.</summary>
public static class SignalOutReader
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    /// <summary>Reads until a <typeparamref name="T"/> arrives; fails when an unexpected Error arrives first.</summary>
    public static async Task<T> NextAsync<T>(this ChannelReader<SignalOut> reader, TimeSpan? timeout = null)
        where T : SignalOut
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            var message = await reader.ReadAsync(cts.Token);
            switch (message)
            {
                case T match:
                    return match;
                case SignalOut.Error error when typeof(T) != typeof(SignalOut.Error):
                    Assert.Fail($"Unexpected error while waiting for {typeof(T).Name}: {error}");
                    break;
            }
        }
    }
}
