// Fledger.NET browser WebRTC module: a thin handle-based wrapper over RTCPeerConnection and
// RTCDataChannel. Peers and channels live in maps keyed by small integer handles; events go to a
// "sink" object with an invokeMethodAsync(name, ...args) method: a .NET DotNetObjectReference in
// Blazor, or any plain JS object with that method (tests, benchmarks).

const peers = new Map();
const channels = new Map();
let nextHandle = 1;

// Largest message the module accepts in either direction (Chromium's max-message-size).
export const maxMessageSize = 262144;

function peerOf(handle) {
  const peer = peers.get(handle);
  if (!peer) {
    throw new Error(`unknown peer ${handle}`);
  }
  return peer;
}

function channelOf(handle) {
  const channel = channels.get(handle);
  if (!channel) {
    throw new Error(`unknown channel ${handle}`);
  }
  return channel;
}

function notify(sink, name, ...args) {
  // A disposed .NET reference rejects; the peer is closing then, so the event is dropped.
  sink.invokeMethodAsync(name, ...args).catch(() => { });
}

function registerChannel(dc, peerHandle, sink) {
  const handle = nextHandle++;
  dc.binaryType = 'arraybuffer';
  channels.set(handle, { dc, peerHandle, sink });
  dc.onopen = () => notify(sink, 'OnChannelOpen', handle);
  dc.onclose = () => {
    channels.delete(handle);
    notify(sink, 'OnChannelClose', handle);
  };
  dc.onerror = (e) => notify(sink, 'OnChannelError', handle, String(e.error?.message ?? 'error'));
  dc.onbufferedamountlow = () => notify(sink, 'OnBufferedAmountLow', handle);
  dc.onmessage = (e) => {
    if (typeof e.data === 'string') {
      notify(sink, 'OnTextMessage', handle, e.data);
    } else {
      notify(sink, 'OnBinaryMessage', handle, new Uint8Array(e.data));
    }
  };
  return handle;
}

function channelInfo(handle, dc) {
  return {
    handle,
    label: dc.label,
    ordered: dc.ordered,
    maxRetransmits: dc.maxRetransmits,
    maxPacketLifeTime: dc.maxPacketLifeTime,
    negotiated: dc.negotiated,
    id: dc.id,
    readyState: dc.readyState,
  };
}

/** Creates a peer connection; config is { iceServers: [{ urls: [...] }] }. Returns its handle. */
export function createPeer(sink, config) {
  const pc = new RTCPeerConnection({ iceServers: config?.iceServers ?? [] });
  const handle = nextHandle++;
  peers.set(handle, { pc, sink, pendingCandidates: [] });
  pc.onicecandidate = (e) => {
    if (e.candidate) {
      notify(sink, 'OnIceCandidate', {
        candidate: e.candidate.candidate,
        sdpMid: e.candidate.sdpMid,
        sdpMLineIndex: e.candidate.sdpMLineIndex,
      });
    } else {
      notify(sink, 'OnIceGatheringComplete');
    }
  };
  pc.onconnectionstatechange = () => notify(sink, 'OnConnectionStateChange', pc.connectionState);
  pc.oniceconnectionstatechange = () => notify(sink, 'OnIceConnectionStateChange', pc.iceConnectionState);
  pc.ondatachannel = (e) => {
    const channelHandle = registerChannel(e.channel, handle, sink);
    // The open event follows this one (W3C WebRTC §6.2), so the sink learns the channel first.
    notify(sink, 'OnDataChannel', channelInfo(channelHandle, e.channel));
  };
  return handle;
}

/** Creates an offer, sets it as local description and returns { type, sdp }. */
export async function createOffer(handle) {
  const { pc } = peerOf(handle);
  await pc.setLocalDescription(await pc.createOffer());
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

/** Creates an answer, sets it as local description and returns { type, sdp }. */
export async function createAnswer(handle) {
  const { pc } = peerOf(handle);
  await pc.setLocalDescription(await pc.createAnswer());
  return { type: pc.localDescription.type, sdp: pc.localDescription.sdp };
}

/** Sets the remote description { type, sdp }. */
export async function setRemoteDescription(handle, description) {
  const peer = peerOf(handle);
  await peer.pc.setRemoteDescription({ type: description.type, sdp: description.sdp });
  // Candidates that were trickled in before the description are applied now, in order.
  const pending = peer.pendingCandidates.splice(0);
  for (const candidate of pending) {
    await addCandidateNow(peer.pc, candidate);
  }
}

async function addCandidateNow(pc, candidate) {
  if (!candidate || !candidate.candidate) {
    await pc.addIceCandidate();
    return;
  }
  await pc.addIceCandidate({
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid ?? null,
    sdpMLineIndex: candidate.sdpMLineIndex ?? null,
  });
}

/**
 * Adds one trickled remote candidate; an empty candidate string marks end of candidates.
 * Candidates that arrive before the remote description are kept (at most 64) until it is set.
 */
export async function addIceCandidate(handle, candidate) {
  const peer = peerOf(handle);
  if (!peer.pc.remoteDescription) {
    if (peer.pendingCandidates.length >= 64) {
      throw new Error('too many candidates before the remote description');
    }
    peer.pendingCandidates.push(candidate);
    return;
  }
  await addCandidateNow(peer.pc, candidate);
}

/**
 * Creates a data channel. options: { ordered, maxRetransmits, maxPacketLifeTime, negotiated, id };
 * unset (null) fields keep the browser's defaults. Events go to the peer's sink. Returns channel info.
 */
export function createDataChannel(handle, label, options) {
  const { pc, sink } = peerOf(handle);
  const init = {};
  for (const key of ['ordered', 'maxRetransmits', 'maxPacketLifeTime', 'negotiated', 'id']) {
    if (options && options[key] !== null && options[key] !== undefined) {
      init[key] = options[key];
    }
  }
  const dc = pc.createDataChannel(label, init);
  const channelHandle = registerChannel(dc, handle, sink);
  return channelInfo(channelHandle, dc);
}

/** The remote side's max-message-size once the remote description is set, else 65536. */
export function remoteMaxMessageSize(handle) {
  return peerOf(handle).pc.sctp?.maxMessageSize ?? 65536;
}

/** Sends a text message. Returns the channel's bufferedAmount after queueing. */
export function sendText(channelHandle, text) {
  const { dc } = channelOf(channelHandle);
  dc.send(text);
  return dc.bufferedAmount;
}

/** Sends a binary message (Uint8Array). Returns the channel's bufferedAmount after queueing. */
export function sendBinary(channelHandle, bytes) {
  const { dc } = channelOf(channelHandle);
  dc.send(bytes);
  return dc.bufferedAmount;
}

/** Bytes queued on the channel and not yet handed to the transport. */
export function bufferedAmount(channelHandle) {
  return channelOf(channelHandle).dc.bufferedAmount;
}

/** Sets the threshold below which the channel raises OnBufferedAmountLow. */
export function setBufferedAmountLowThreshold(channelHandle, bytes) {
  channelOf(channelHandle).dc.bufferedAmountLowThreshold = bytes;
}

/** The channel's readyState: connecting, open, closing or closed. */
export function channelState(channelHandle) {
  return channels.get(channelHandle)?.dc.readyState ?? 'closed';
}

/** Closes a data channel; both sides then see OnChannelClose. */
export function closeChannel(channelHandle) {
  channels.get(channelHandle)?.dc.close();
}

/** Closes the peer connection and forgets its channels. */
export function closePeer(handle) {
  const peer = peers.get(handle);
  if (!peer) {
    return;
  }
  peers.delete(handle);
  for (const [channelHandle, channel] of channels) {
    if (channel.peerHandle === handle) {
      channels.delete(channelHandle);
      channel.dc.close();
    }
  }
  peer.pc.close();
}

// RTCSctpTransport.state as Chromium reports it can stay "connecting" for seconds after the
// association is up and channels carry data (seen in CI: still "connecting" 5 s after the first
// message). An open data channel proves the association is established (W3C WebRTC §6.1.1.3), so
// it counts as "connected"; every other state is passed through unchanged.
function sctpState(handle, pc) {
  const state = pc.sctp?.state ?? 'new';
  if (state !== 'connecting') {
    return state;
  }
  for (const { dc, peerHandle } of channels.values()) {
    if (peerHandle === handle && dc.readyState === 'open') {
      return 'connected';
    }
  }
  return state;
}

/**
 * Stats: { connectionState, iceState, dtlsState, sctpState, channelBytesSent,
 * channelBytesReceived (data-channel payload), localCandidateType, remoteCandidateType,
 * localAddress, remoteAddress, bytesSent, bytesReceived (selected pair, transport bytes),
 * currentRoundTripTimeMs }; candidate fields are null before a pair is selected.
 */
export async function getStats(handle) {
  const { pc } = peerOf(handle);
  const report = await pc.getStats();
  let pair = null;
  let transport = null;
  let channelBytesSent = 0;
  let channelBytesReceived = 0;
  report.forEach((s) => {
    if (s.type === 'transport') {
      transport = transport ?? s;
      if (s.selectedCandidatePairId) {
        pair = report.get(s.selectedCandidatePairId) ?? pair;
      }
    } else if (s.type === 'data-channel') {
      channelBytesSent += s.bytesSent ?? 0;
      channelBytesReceived += s.bytesReceived ?? 0;
    }
  });
  if (!pair) {
    report.forEach((s) => {
      if (s.type === 'candidate-pair' && (s.selected || s.nominated) && s.state === 'succeeded') {
        pair = pair ?? s;
      }
    });
  }
  const local = pair ? report.get(pair.localCandidateId) : null;
  const remote = pair ? report.get(pair.remoteCandidateId) : null;
  return {
    connectionState: pc.connectionState,
    iceState: transport?.iceState ?? pc.iceConnectionState,
    dtlsState: transport?.dtlsState ?? 'new',
    sctpState: sctpState(handle, pc),
    channelBytesSent,
    channelBytesReceived,
    localCandidateType: local?.candidateType ?? null,
    remoteCandidateType: remote?.candidateType ?? null,
    localAddress: local?.address ?? null,
    remoteAddress: remote?.address ?? null,
    bytesSent: pair?.bytesSent ?? 0,
    bytesReceived: pair?.bytesReceived ?? 0,
    currentRoundTripTimeMs: pair?.currentRoundTripTime !== undefined ? pair.currentRoundTripTime * 1000 : null,
  };
}
