using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Stun;
using Fledger.WebRtc.Transport;
using Microsoft.Extensions.Logging;

namespace Fledger.WebRtc.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) with consent freshness (RFC 7675) for one data component over one UDP socket.
/// The socket carries STUN and, demultiplexed by first byte (RFC 7983), the DTLS datagrams exposed by
/// <see cref="Transport"/>.
/// </summary>
/// <remarks>
/// <para>Typical use: create with options and role, <see cref="StartGatheringAsync"/>, send
/// <see cref="LocalUfrag"/>/<see cref="LocalPassword"/> and each <see cref="LocalCandidateGathered"/> to the peer,
/// call <see cref="SetRemoteCredentials"/> and <see cref="AddRemoteCandidate"/> as the peer's arrive (in any
/// order), watch <see cref="StateChanged"/>, and run DTLS over <see cref="Transport"/>.</para>
/// <para>Implemented: host candidates (IPv4; IPv6 too with <see cref="IceOptions.IncludeIPv6"/>, on a
/// dual-stack socket) and server-reflexive candidates via STUN; peer-reflexive discovery; paced and triggered
/// checks with retransmission; role conflict (487); regular nomination when controlling, accepting
/// USE-CANDIDATE in any check when controlled; consent freshness.
/// Simplifications: one socket, so a pair is identified by its remote address (the local side's type is
/// learned from XOR-MAPPED-ADDRESS); one data component, so no frozen pairs.
/// Not implemented: TURN relays, mDNS resolution of <c>.local</c> remote candidates (they are ignored; the
/// peer's checks still arrive and are learned as peer-reflexive), ICE restart.</para>
/// <para><see href="https://www.rfc-editor.org/rfc/rfc8445">RFC 8445</see>,
/// <see href="https://www.rfc-editor.org/rfc/rfc7675">RFC 7675</see>,
/// <see href="https://www.rfc-editor.org/rfc/rfc7983">RFC 7983</see>.</para>
/// </remarks>
[UnsupportedOSPlatform("browser")]
public sealed partial class IceAgent : IAsyncDisposable, IDisposable
{
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private readonly IceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<IceAgent> _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly byte[] _localKey;
    private readonly ulong _tieBreaker;
    private readonly long _startTimestamp;
    private readonly List<IceCandidate> _localCandidates = [];
    private readonly List<IceCandidatePair> _pairs = [];
    private readonly Queue<IceCandidatePair> _triggered = new();
    private readonly Dictionary<StunTransactionId, IceTransaction> _transactions = [];
    private readonly List<IceTransaction> _expired = [];
    private readonly Queue<Action> _events = new();
    private readonly byte[] _sendBuffer = new byte[1500];
    private readonly TaskCompletionSource _gatheringDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IceTransport _transport;

    private Socket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private ITimer? _timer;
    private bool _started;
    private bool _disposed;
    private IceRole _role;
    private IceConnectionState _state = IceConnectionState.New;
    private string? _remoteUfrag;
    private byte[]? _remoteKey;
    private uint _localPriority;
    private int _pendingServerQueries;
    private long _checkingSince = -1;
    private long _firstValidAt = -1;
    private long _lastOrdinaryCheckAt = -1;
    private bool _remoteEndOfCandidates;
    private bool _nominating;
    private IceCandidatePair? _selected;
    private IceCandidatePair? _firstValid;
    private IceCandidatePair? _lastAuthenticated;
    private long _nextConsentAt;
    private long _lastConsentAt;
    private bool _idleTimer;
    private bool _flushingEvents;
    private volatile int _dispatchThread;

    private long _checksSent;
    private long _requestsReceived;
    private long _requestsRejected;

    /// <summary>Creates an agent with fresh random local credentials. Nothing is bound until <see cref="StartGatheringAsync"/>.</summary>
    /// <param name="options">Options; validated here.</param>
    /// <param name="role">The initial role (the offerer is controlling); may change on a role conflict.</param>
    public IceAgent(IceOptions options, IceRole role)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory.CreateLogger<IceAgent>();
        _role = role;
        _startTimestamp = _time.GetTimestamp();
        LocalUfrag = RandomIceString(8);
        LocalPassword = RandomIceString(24);
        _localKey = Encoding.UTF8.GetBytes(LocalPassword);
        Span<byte> tieBreaker = stackalloc byte[8];
        options.RandomFill(tieBreaker);
        _tieBreaker = BitConverter.ToUInt64(tieBreaker);
        _localPriority = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 65535);
        _transport = new IceTransport(options.MaxDatagramSize, options.MaxBufferedDatagrams, options.DropOutgoingDatagram);
    }

    /// <summary>Raised for each local candidate as it is gathered (trickle it to the peer). Raised on an agent thread.</summary>
    public event EventHandler<IceCandidate>? LocalCandidateGathered;

    /// <summary>Raised once when gathering is complete (end-of-candidates).</summary>
    public event EventHandler? GatheringCompleted;

    /// <summary>Raised on each state change, in order, on an agent thread.</summary>
    public event EventHandler<IceConnectionState>? StateChanged;

    /// <summary>The local ice-ufrag (8 ice-chars).</summary>
    public string LocalUfrag { get; }

    /// <summary>The local ice-pwd (24 ice-chars). Secret: never log it.</summary>
    public string LocalPassword { get; }

    /// <summary>The current role (may flip once on a role conflict).</summary>
    public IceRole Role
    {
        get
        {
            lock (_gate)
            {
                return _role;
            }
        }
    }

    /// <summary>The role-conflict tie-breaker (RFC 8445 §7.3.1.1), exposed for tests.</summary>
    internal ulong TieBreaker => _tieBreaker;

    /// <summary>The current connection state.</summary>
    public IceConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The local candidates gathered so far.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates
    {
        get
        {
            lock (_gate)
            {
                return _localCandidates.ToArray();
            }
        }
    }

    /// <summary>Completes when gathering is complete (host candidates and every STUN server answered or timed out).</summary>
    public Task GatheringTask => _gatheringDone.Task;

    /// <summary>
    /// The datagram path for DTLS: sends to the selected pair (or, before nomination, the first valid pair),
    /// receives non-STUN datagrams (first byte 20–63) from validated remote addresses.
    /// </summary>
    public IDatagramTransport Transport => _transport;

    /// <summary>The local UDP endpoint once bound.</summary>
    public IPEndPoint? LocalEndPoint => _socket?.LocalEndPoint is IPEndPoint endPoint ? Normalize(endPoint) : null;

    /// <summary>The pair data currently flows on, or <c>null</c>.</summary>
    public IceSelectedPair? SelectedPair
    {
        get
        {
            lock (_gate)
            {
                var pair = _selected ?? _firstValid;
                if (pair is null)
                {
                    return null;
                }

                var local = pair.LocalMapped ?? LocalEndPoint ?? new IPEndPoint(IPAddress.Any, 0);
                return new IceSelectedPair(pair.LocalType, local, pair.Remote.Type, pair.RemoteEndPoint, pair.RoundTripTime, pair.Nominated);
            }
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public IceStats GetStats() => new(
        Interlocked.Read(ref _transport.BytesSent),
        Interlocked.Read(ref _transport.BytesReceived),
        Interlocked.Read(ref _transport.Dropped),
        Interlocked.Read(ref _checksSent),
        Interlocked.Read(ref _requestsReceived),
        Interlocked.Read(ref _requestsRejected));

    /// <summary>
    /// Sets the peer's ice-ufrag and ice-pwd (from its SDP). Checks start once these are known; incoming checks
    /// are answered before that.
    /// </summary>
    public void SetRemoteCredentials(string ufrag, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(ufrag);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (ufrag.Length is < 4 or > 256 || password.Length is < 22 or > 256 ||
            !IceCandidate.IsIceChars(ufrag) || !IceCandidate.IsIceChars(password))
        {
            throw new ArgumentException("ice-ufrag must be 4–256 and ice-pwd 22–256 ice-chars (RFC 8839 §5.4).");
        }

        lock (_gate)
        {
            _remoteUfrag = ufrag;
            _remoteKey = Encoding.UTF8.GetBytes(password);
            StartCheckingIfReady(Now);
        }

        FlushEvents();
    }

    /// <summary>
    /// Adds a remote candidate (trickle: any time, also before <see cref="SetRemoteCredentials"/>).
    /// Returns <c>false</c> when it is ignored: mDNS <c>.local</c> names (unresolved), non-UDP, non-IPv4,
    /// component other than 1, duplicates, or over <see cref="IceOptions.MaxRemoteCandidates"/>.
    /// </summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var endPoint = candidate.EndPoint;
        if (endPoint is null || candidate.Component != 1 ||
            !string.Equals(candidate.Protocol, "udp", StringComparison.Ordinal) ||
            !SupportsFamily(endPoint.AddressFamily) || endPoint.Port == 0)
        {
            LogRemoteCandidateIgnored(candidate.IsMdns ? "mDNS name not resolved" : "unsupported address or transport");
            return false;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            var existing = FindPair(endPoint);
            if (existing is not null)
            {
                if (existing.Remote.Type == IceCandidateType.PeerReflexive && candidate.Type != IceCandidateType.PeerReflexive)
                {
                    existing.Remote = candidate;
                }

                return false;
            }

            if (_pairs.Count >= _options.MaxRemoteCandidates)
            {
                LogRemoteCandidateIgnored("too many remote candidates");
                return false;
            }

            AddPair(candidate, endPoint);
            StartCheckingIfReady(Now);
        }

        FlushEvents();
        return true;
    }

    /// <summary>
    /// The peer signalled end-of-candidates: no more remote candidates will trickle in. From then on, once every
    /// pair has failed and none ever succeeded, the agent fails at once instead of waiting for
    /// <see cref="IceOptions.ConnectTimeout"/> (a peer-reflexive pair learned later still counts until then).
    /// </summary>
    /// <remarks>RFC 8838 §8 (end-of-candidates), RFC 8445 §8.1.2 (checklist failed).</remarks>
    public void SetRemoteEndOfCandidates()
    {
        lock (_gate)
        {
            if (_disposed || _remoteEndOfCandidates)
            {
                return;
            }

            _remoteEndOfCandidates = true;
            LogRemoteEndOfCandidates();
            FailIfExhausted();
        }

        FlushEvents();
    }

    /// <summary>Closes the agent: stops the receive loop and timers, closes the socket. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        var loop = Shutdown();
        try
        {
            // Called from a receiver on the receive loop itself: the loop ends once that call returns.
            if (_dispatchThread != Environment.CurrentManagedThreadId)
            {
                await loop.WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (TimeoutException)
        {
            LogShutdownSlow();
        }

        FlushEvents();
        _cts.Dispose();
    }

    /// <summary>Closes the agent synchronously (see <see cref="DisposeAsync"/>).</summary>
    public void Dispose()
    {
        var loop = Shutdown();
        if (_dispatchThread != Environment.CurrentManagedThreadId && !loop.Wait(TimeSpan.FromSeconds(5)))
        {
            LogShutdownSlow();
        }

        FlushEvents();
        _cts.Dispose();
    }

    private long Now => (long)_time.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    private bool SupportsFamily(AddressFamily family) =>
        family == AddressFamily.InterNetwork || (_options.IncludeIPv6 && family == AddressFamily.InterNetworkV6);

    /// <summary>The address as the socket sends to it: IPv4 is mapped into IPv6 on the dual-stack socket.</summary>
    private SocketAddress ToSocketAddress(IPEndPoint endPoint) =>
        _options.IncludeIPv6 && endPoint.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(endPoint.Address.MapToIPv6(), endPoint.Port).Serialize()
            : endPoint.Serialize();

    /// <summary>Undoes the IPv4-in-IPv6 mapping of a dual-stack socket.</summary>
    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    private Task Shutdown()
    {
        Socket? socket;
        lock (_gate)
        {
            if (_disposed)
            {
                return _receiveLoop;
            }

            _disposed = true;
            socket = _socket;
            SetState(IceConnectionState.Closed);
            _transport.SetTarget(null);
        }

        _cts.Cancel();
        _timer?.Dispose();
        if (socket is not null)
        {
            socket.Dispose();
            WebRtcDiagnostics.SocketClosed();
        }

        _gatheringDone.TrySetResult();
        _transport.Close();
        return _receiveLoop.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private string RandomIceString(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        _options.RandomFill(bytes);
        return string.Create(length, bytes.ToArray(), static (chars, raw) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = IceChars[raw[i] & 63];
            }
        });
    }

    private ulong NextRandom64()
    {
        Span<byte> bytes = stackalloc byte[8];
        _options.RandomFill(bytes);
        return BitConverter.ToUInt64(bytes);
    }

    /// <summary>Queues an event to raise after the lock is released (call under <see cref="_gate"/>).</summary>
    private void Post(Action action) => _events.Enqueue(action);

    /// <summary>
    /// Raises queued events in order, outside the lock. Never blocks: if another thread is already
    /// draining, it will raise these too (so handlers may call back into any agent without deadlock).
    /// </summary>
    private void FlushEvents()
    {
        lock (_gate)
        {
            if (_flushingEvents)
            {
                return;
            }

            _flushingEvents = true;
        }

        while (true)
        {
            Action? next;
            lock (_gate)
            {
                if (!_events.TryDequeue(out next))
                {
                    _flushingEvents = false;
                    return;
                }
            }

            try
            {
                next();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogEventHandlerFailed(ex);
            }
        }
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state || _state == IceConnectionState.Closed)
        {
            return;
        }

        LogStateChanged(_state, state);
        _state = state;
        Post(() => StateChanged?.Invoke(this, state));
    }
}
