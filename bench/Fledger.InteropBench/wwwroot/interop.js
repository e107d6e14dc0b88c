// Chromium side of the managed<->Chromium benchmark: peers through fledgerWebRtc.js, candidates
// leave through window.ibSignal(peer, json) (exposed by Playwright). Waits resolve from events.
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
    channels.set(handle, { open: false, onOpen: null, received: 0, target: 0, onReceived: null, low: null });
  }
  return channels.get(handle);
}

function makeSink(getHandle) {
  return {
    invokeMethodAsync(name, ...args) {
      switch (name) {
        case 'OnIceCandidate':
          window.ibSignal(getHandle(), JSON.stringify(args[0]));
          break;
        case 'OnIceGatheringComplete':
          // End-of-candidates: the managed peer takes the empty candidate as the marker.
          window.ibSignal(getHandle(), JSON.stringify({ candidate: '', sdpMid: '0', sdpMLineIndex: 0 }));
          break;
        case 'OnDataChannel': {
          const p = peerState(getHandle());
          p.incoming.push(args[0].handle);
          p.onIncoming?.();
          break;
        }
        case 'OnChannelOpen': {
          const c = channelState(args[0]);
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

window.ib = {
  createPeer() {
    let handle = 0;
    handle = rtc.createPeer(makeSink(() => handle), { iceServers: [] });
    peerState(handle);
    return handle;
  },
  createChannel: (peer) => rtc.createDataChannel(peer, 'bench', {}).handle,
  offer: (peer) => rtc.createOffer(peer),
  answer: (peer) => rtc.createAnswer(peer),
  setRemote: ([peer, json]) => rtc.setRemoteDescription(peer, JSON.parse(json)),
  addCandidate: ([peer, json]) => rtc.addIceCandidate(peer, JSON.parse(json)),
  // Combined steps, so a managed setup pays fewer Playwright round trips for signaling.
  async acceptOffer([peer, json]) {
    await rtc.setRemoteDescription(peer, JSON.parse(json));
    return rtc.createAnswer(peer);
  },
  async offerWithChannel(peer) {
    const channel = rtc.createDataChannel(peer, 'bench', {}).handle;
    const offer = await rtc.createOffer(peer);
    return { channel, sdp: offer.sdp };
  },
  async waitIncomingOpen(peer) {
    const channel = await window.ib.waitIncoming(peer);
    await window.ib.waitOpen(channel);
    return channel;
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
