using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Fledger.WebRtc.Diagnostics;
using Fledger.WebRtc.Stun;

namespace Fledger.WebRtc.Ice;

public sealed partial class IceAgent
{
    /// <summary>UDP socket buffer requested for data-channel throughput (Linux doubles it and caps it at rmem_max).</summary>
    private const int SocketBufferSize = 1024 * 1024;

    /// <summary>
    /// Binds the UDP socket, starts the receive loop and timers, raises <see cref="LocalCandidateGathered"/> for
    /// each host candidate and queries the STUN servers. Returns once host candidates are out; server-reflexive
    /// candidates follow, then <see cref="GatheringCompleted"/>.
    /// </summary>
    /// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.1">RFC 8445 §5.1.1</see>.</remarks>
    public async Task StartGatheringAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("Gathering already started.");
            }

            _started = true;
        }

        if (_options.TurnServers.Count > 0)
        {
            LogTurnNotImplemented(_options.TurnServers.Count);
        }

        var addresses = SelectHostAddresses();
        var socket = Bind(addresses.Count == 1 ? addresses[0] : null);
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var servers = await ResolveServersAsync(cancellationToken);

        lock (_gate)
        {
            if (_disposed)
            {
                socket.Dispose();
                throw new ObjectDisposedException(nameof(IceAgent));
            }

            _socket = socket;
            WebRtcDiagnostics.SocketOpened();
            _transport.Attach(socket);
            for (var i = 0; i < addresses.Count; i++)
            {
                var host = new IceCandidate
                {
                    Foundation = Foundation("host", addresses[i]),
                    Priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535 - i),
                    Address = addresses[i].ToString(),
                    Port = port,
                    Type = IceCandidateType.Host,
                    Ufrag = LocalUfrag,
                };
                AddLocalCandidate(host);
            }

            var now = Now;
            foreach (var server in servers)
            {
                SendServerBinding(server, now);
            }

            _pendingServerQueries = servers.Count;
            if (_pendingServerQueries == 0)
            {
                CompleteGathering();
            }

            _receiveLoop = StartReceiveLoop(socket);
            _timer = _time.CreateTimer(static state => ((IceAgent)state!).OnTick(), this, _options.CheckInterval, _options.CheckInterval);
            StartCheckingIfReady(now);
        }

        FlushEvents();
    }

    private List<IPAddress> SelectHostAddresses()
    {
        var others = new List<IPAddress>();
        var loopback = new List<IPAddress>();
        foreach (var host in IceHostInterfaces.Get())
        {
            var nic = host.Nic;
            foreach (var address in host.Addresses)
            {
                if (!SupportsFamily(address.AddressFamily) || address.IsIPv6LinkLocal || address.IsIPv6Multicast ||
                    address.IsIPv4MappedToIPv6 || (_options.InterfaceFilter is { } filter && !filter(nic, address)))
                {
                    continue;
                }

                var list = IPAddress.IsLoopback(address) || host.IsLoopback ? loopback : others;
                if (!list.Contains(address))
                {
                    list.Add(address);
                }
            }
        }

        if (_options.IncludeLoopback || others.Count == 0)
        {
            others.AddRange(loopback);
        }

        if (others.Count == 0)
        {
            throw new InvalidOperationException("No interface address passes the ICE interface filter.");
        }

        return others;
    }

    /// <summary>Binds to the single host address, or to all (<paramref name="address"/> null); dual-stack with IPv6.</summary>
    private Socket Bind(IPAddress? address)
    {
        Socket socket;
        if (_options.IncludeIPv6)
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp) { DualMode = true };
            address = address is null ? IPAddress.IPv6Any
                : address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        }
        else
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            address ??= IPAddress.Any;
        }

        try
        {
            // Data-channel bursts arrive faster than one receive loop drains them under load: the default ~208 KiB
            // buffer (about 90 full datagrams) overflows and every drop halves the sender's SCTP congestion window.
            TrySetBufferSizes(socket);
            if (_options.PortMax == 0)
            {
                socket.Bind(new IPEndPoint(address, 0));
                return socket;
            }

            var span = _options.PortMax - _options.PortMin + 1;
            var start = (int)(NextRandom64() % (ulong)span);
            for (var i = 0; i < span; i++)
            {
                try
                {
                    socket.Bind(new IPEndPoint(address, _options.PortMin + ((start + i) % span)));
                    return socket;
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
                {
                    // try the next port of the range
                }
            }

            throw new InvalidOperationException($"No free UDP port in {_options.PortMin}–{_options.PortMax}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void TrySetBufferSizes(Socket socket)
    {
        try
        {
            socket.ReceiveBufferSize = SocketBufferSize;
            socket.SendBufferSize = SocketBufferSize;
        }
        catch (SocketException)
        {
            // The kernel keeps its default (or caps at net.core.rmem_max / wmem_max): slower under load, still correct.
        }
    }

    private async Task<List<IPEndPoint>> ResolveServersAsync(CancellationToken cancellationToken)
    {
        var result = new List<IPEndPoint>();
        foreach (var server in _options.StunServers)
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
                port is < 1 or > 65535)
            {
                LogStunServerInvalid(server);
                continue;
            }

            var host = server[..colon];
            if (IPAddress.TryParse(host, out var literal))
            {
                if (SupportsFamily(literal.AddressFamily))
                {
                    result.Add(new IPEndPoint(literal, port));
                }

                continue;
            }

            try
            {
                var resolved = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, cancellationToken);
                if (resolved.Length > 0)
                {
                    result.Add(new IPEndPoint(resolved[0], port));
                }
            }
            catch (SocketException)
            {
                LogStunServerInvalid(server);
            }
        }

        return result;
    }

    private void SendServerBinding(IPEndPoint server, long now)
    {
        var id = StunTransactionId.NewRandom(_options.RandomFill);
        var writer = new StunWriter(_sendBuffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddFingerprint();
        var transaction = new IceTransaction(id, IceTransactionKind.ServerBinding, writer.Written.ToArray(), ToSocketAddress(server))
        {
            Server = server,
            Deadline = now + (long)_options.StunServerTimeout.TotalMilliseconds,
        };
        Transmit(transaction, now);
    }

    private void OnServerBindingResponse(IceTransaction transaction, StunMessage message)
    {
        _pendingServerQueries--;
        if (message.Class == StunClass.SuccessResponse && message.XorMappedAddress is { } mapped &&
            SupportsFamily(mapped.AddressFamily))
        {
            var duplicate = _localCandidates.Exists(c => c.Port == mapped.Port && c.Address == mapped.Address.ToString());
            if (!duplicate)
            {
                var host = _localCandidates.Find(c => c.Type == IceCandidateType.Host);
                AddLocalCandidate(new IceCandidate
                {
                    Foundation = Foundation("srflx", transaction.Server!.Address),
                    Priority = IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 65535),
                    Address = mapped.Address.ToString(),
                    Port = mapped.Port,
                    Type = IceCandidateType.ServerReflexive,
                    RelatedAddress = host?.Address,
                    RelatedPort = host?.Port,
                    Ufrag = LocalUfrag,
                });
            }
        }
        else
        {
            LogStunServerFailed(transaction.Server!.ToString(), message.ErrorCode ?? 0);
        }

        if (_pendingServerQueries == 0)
        {
            CompleteGathering();
        }
    }

    private void OnServerBindingTimeout(IceTransaction transaction)
    {
        LogStunServerFailed(transaction.Server!.ToString(), 0);
        _pendingServerQueries--;
        if (_pendingServerQueries == 0)
        {
            CompleteGathering();
        }
    }

    private void AddLocalCandidate(IceCandidate candidate)
    {
        _localCandidates.Add(candidate);
        LogCandidateGathered(IceCandidate.TypeName(candidate.Type));
        Post(() => LocalCandidateGathered?.Invoke(this, candidate));
    }

    private void CompleteGathering() => Post(() =>
    {
        _gatheringDone.TrySetResult();
        GatheringCompleted?.Invoke(this, EventArgs.Empty);
    });

    private static string Foundation(string type, IPAddress address)
    {
        var hash = 17u;
        foreach (var c in type + address)
        {
            hash = (hash * 31) + c;
        }

        return hash.ToString(CultureInfo.InvariantCulture);
    }
}
