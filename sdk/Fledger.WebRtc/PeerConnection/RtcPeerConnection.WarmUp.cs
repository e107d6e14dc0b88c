using Fledger.WebRtc.DataChannels;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Pre-warms the stack for this process: creates the certificate of <paramref name="configuration"/> (by default
    /// <see cref="Dtls.DtlsCertificate.Shared"/>) and runs one complete connection between two in-process peer
    /// connections on 127.0.0.1 (ICE, DTLS, SCTP, DCEP and one message each way), then closes it. A cold process
    /// otherwise pays JIT compilation and key generation (several hundred ms of CPU) on its first real connection.
    /// Call it once at start-up, in the background; it uses no configured port range, STUN server or logger.
    /// </summary>
    /// <returns>True when the warm-up channel opened and echoed; false when it failed or took over 10 s.</returns>
    public static async Task<bool> WarmUpAsync(RtcConfiguration? configuration = null, CancellationToken cancellationToken = default)
    {
        var config = (configuration ?? new RtcConfiguration()) with
        {
            IceServers = [],
            PortMin = 0,
            PortMax = 0,
            InterfaceFilter = null,
            LoopbackOnly = true,
            LoggerFactory = NullLoggerFactory.Instance,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WarmUpTimeout);
        await using var offerer = new RtcPeerConnection(config);
        await using var answerer = new RtcPeerConnection(config);
        try
        {
            await ConnectWarmUpPairAsync(offerer, answerer, timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task ConnectWarmUpPairAsync(RtcPeerConnection offerer, RtcPeerConnection answerer, CancellationToken cancellationToken)
    {
        offerer.IceCandidate += c => _ = answerer.AddIceCandidateAsync(c);
        answerer.IceCandidate += c => _ = offerer.AddIceCandidateAsync(c);
        var incoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        answerer.DataChannel += c => incoming.TrySetResult(c);
        var created = offerer.CreateDataChannelAsync("warm-up", cancellationToken: cancellationToken);
        var offer = await offerer.CreateOfferAsync(cancellationToken).ConfigureAwait(false);
        ThrowOnError(await offerer.SetLocalDescriptionAsync(offer, cancellationToken).ConfigureAwait(false));
        ThrowOnError(await answerer.SetRemoteDescriptionAsync(offer, cancellationToken).ConfigureAwait(false));
        var answer = await answerer.CreateAnswerAsync(cancellationToken).ConfigureAwait(false);
        ThrowOnError(await answerer.SetLocalDescriptionAsync(answer, cancellationToken).ConfigureAwait(false));
        ThrowOnError(await offerer.SetRemoteDescriptionAsync(answer, cancellationToken).ConfigureAwait(false));
        var local = await created.WaitAsync(cancellationToken).ConfigureAwait(false);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Opened += _ => opened.TrySetResult();
        if (local.ReadyState == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        await opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var remote = await incoming.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += (channel, message) => channel.Send(message.Data.Span);
        local.MessageReceived += (_, _) => echoed.TrySetResult();
        await local.SendAsync(new byte[] { 1, 2, 3 }, cancellationToken: cancellationToken).ConfigureAwait(false);
        await echoed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void ThrowOnError(RtcDescriptionError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Warm-up description refused: {error.Code}");
        }
    }
}
