// Chromium side of the managed<->Chromium benchmark: peers through fledgerWebRtc.js, candidates
// leave through window.ibSignal(link, json) (exposed by Playwright; pushed, nothing waits for it),
// keyed by the link id the .NET side chose. Waits resolve from events.
import * as rtc from './fledgerWebRtc.js';

const peers = new Map();
const channels = new Map();

function peerState(handle) {
  if (!peers.has(handle)) {
    peers.set(handle, { incoming: [], onIncoming: null });
  }
  return peers.get(handle);
}

function channelState(handle) {
  if (!channels.has(handle)) {
    channels.set(handle, { open: false, openedAt: 0, onOpen: null, received: 0, target: 0, onReceived: null, low: null });
  }
  return channels.get(handle);
}

function makeSink(link, getHandle) {
  return {
    invokeMethodAsync(name, ...args) {
      switch (name) {
        case 'OnIceCandidate':
          window.ibSignal(link, JSON.stringify(args[0]));
          break;
        case 'OnIceGatheringComplete':
          // End-of-candidates: the managed peer takes the empty candidate as the marker.
          window.ibSignal(link, JSON.stringify({ candidate: '', sdpMid: '0', sdpMLineIndex: 0 }));
          break;
        case 'OnDataChannel': {
          const p = peerState(getHandle());
          p.incoming.push(args[0].handle);
          p.onIncoming?.();
          break;
        }
        case 'OnChannelOpen': {
          const c = channelState(args[0]);
          // Wall-clock ms (timeOrigin + monotonic now), comparable with the .NET side's clock.
          c.openedAt = wallNow();
          c.open = true;
          c.onOpen?.();
          break;
        }
        case 'OnBinaryMessage': {
          const c = channelState(args[0]);
          c.received += args[1].length;
          if (c.target > 0 && c.received >= c.target) {
            c.onReceived?.();
          }
          break;
        }
        case 'OnBufferedAmountLow':
          channelState(args[0]).low?.();
          break;
        default:
          break;
      }
      return Promise.resolve();
    },
  };
}

const wallNow = () => performance.timeOrigin + performance.now();

function createPeer(link) {
  let handle = 0;
  handle = rtc.createPeer(makeSink(link, () => handle), { iceServers: [] });
  peerState(handle);
  return handle;
}

window.ib = {
  addCandidate: ([peer, json]) => rtc.addIceCandidate(peer, JSON.parse(json)),
  // Signaling costs one Playwright evaluation per description: the peer is created in the same call.
  // Answerer: creates the peer for `link`, applies the offer, returns { peer, sdp } of the answer.
  // `received` / `returned`: wall clock when the evaluation started running in the page and just before it returns,
  // so .NET can tell the relay's transport time from the page's own work.
  async answerOffer([link, sdp]) {
    const received = wallNow();
    const peer = createPeer(link);
    await rtc.setRemoteDescription(peer, { type: 'offer', sdp });
    const answer = await rtc.createAnswer(peer);
    return { peer, sdp: answer.sdp, received, returned: wallNow() };
  },
  // Offerer: the setup clock starts here (page time), before the peer is created, as in bench.js.
  async offer(link) {
    const start = wallNow();
    const peer = createPeer(link);
    const channel = rtc.createDataChannel(peer, 'bench', {}).handle;
    const offer = await rtc.createOffer(peer);
    peerState(peer).start = start;
    return { peer, channel, sdp: offer.sdp, start, returned: wallNow() };
  },
  // Offerer: applies the answer and resolves once its channel is open, with the wall-clock time of
  // the channel's open event and of the moment the answer reached the page.
  async answered([peer, channel, sdp]) {
    const received = wallNow();
    await rtc.setRemoteDescription(peer, { type: 'answer', sdp });
    await window.ib.waitOpen(channel);
    return { openedAt: channelState(channel).openedAt, received };
  },
  // The page's wall clock, to check it against the .NET side's.
  wallNow,
  // Answerer: resolves once the peer's incoming channel is open, with its handle and open time (wall clock).
  async waitIncomingOpen(peer) {
    const channel = await window.ib.waitIncoming(peer);
    await window.ib.waitOpen(channel);
    return { channel, openedAt: channelState(channel).openedAt };
  },
  waitOpen(channel) {
    const c = channelState(channel);
    return c.open ? true : new Promise((resolve) => { c.onOpen = () => resolve(true); });
  },
  waitIncoming(peer) {
    const p = peerState(peer);
    return p.incoming.length > 0 ? p.incoming[0]
      : new Promise((resolve) => { p.onIncoming = () => resolve(p.incoming[0]); });
  },
  closePeer(peer) {
    rtc.closePeer(peer);
    peers.delete(peer);
  },
  // Starts counting received bytes on the channel; waitReceived then resolves once totalBytes arrived.
  arm([channel, totalBytes]) {
    const c = channelState(channel);
    c.received = 0;
    c.target = totalBytes;
    c.done = new Promise((resolve) => { c.onReceived = () => resolve(c.received); });
    return true;
  },
  waitReceived: (channel) => channelState(channel).done,
  // Sends totalBytes in messageSize messages, keeping bufferedAmount between 1 and 4 MiB.
  async send([channel, totalBytes, messageSize]) {
    const high = 4 * 1024 * 1024;
    const c = channelState(channel);
    rtc.setBufferedAmountLowThreshold(channel, 1024 * 1024);
    const message = new Uint8Array(messageSize);
    let sent = 0;
    while (sent < totalBytes) {
      if (rtc.bufferedAmount(channel) > high) {
        await new Promise((resolve) => { c.low = resolve; });
        c.low = null;
        continue;
      }
      rtc.sendBinary(channel, message);
      sent += messageSize;
    }
    return sent;
  },
};
