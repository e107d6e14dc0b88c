using Fledger.Broker;

namespace Fledger.Net.Signaling;

/// <summary>
/// Exposes a <see cref="SignalingClient"/> as <c>Broker&lt;SignalIn, SignalOut&gt;</c>: inputs of the broker drive
/// the client, and everything on the client's <see cref="SignalingClient.Outputs"/> is emitted as broker output
/// (in order, with back-pressure). Owns the client and the broker: disposing this disposes both.
/// </summary>
public sealed class SignalingBroker : IAsyncDisposable
{
    private readonly SignalingClient _client;
    private readonly IDisposable _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    /// <summary>Creates the broker around <paramref name="client"/> and starts forwarding its outputs.</summary>
    public SignalingBroker(SignalingClient client, BrokerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        Broker = new Broker<SignalIn, SignalOut>("signaling", options: options);
        _handler = Broker.AddHandler(new Handler(client));
        _pump = PumpAsync(_stop.Token);
    }

    /// <summary>The signaling broker: send <see cref="SignalIn"/>, subscribe to <see cref="SignalOut"/>.</summary>
    public Broker<SignalIn, SignalOut> Broker { get; }

    /// <summary>Stops forwarding, disposes the client (closing its connection) and the broker.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _handler.Dispose();
        await _client.DisposeAsync();
        await Broker.DisposeAsync();
        _stop.Dispose();
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _client.Outputs.ReadAllAsync(cancellationToken))
            {
                await Broker.EmitOutputAsync(message);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    private sealed class Handler(SignalingClient client) : IHandler<SignalIn, SignalOut>
    {
        public async ValueTask HandleAsync(SignalIn message, IBrokerOutput<SignalOut> output, CancellationToken cancellationToken)
        {
            if (message is SignalIn.RequestStatus)
            {
                // Answered directly so that a full output channel can never block the handler.
                output.Emit(new SignalOut.Status(client.Status));
                return;
            }

            await client.HandleAsync(message, cancellationToken);
        }
    }
}
