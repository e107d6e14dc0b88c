// Hosts any number of peers through fledgerWebRtc.js for ChromiumWebRtcPeer (an IWebRtcPeer in the
// test process). Events go out through window.fledgerEvent (a Playwright binding) as JSON; message
// bytes travel as base64.
import * as rtc from './fledgerWebRtc.js';

const label = 'fledger';
const lowWaterMark = 256 * 1024;
const peers = new Map();

function toBase64(bytes) {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

function fromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    bytes[i] = raw.charCodeAt(i);
  }
  return bytes;
}

function emit(peer, event) {
  window.fledgerEvent(JSON.stringify({ peer, ...event }));
}

function makeSink(state) {
  return {
    invokeMethodAsync(name, ...args) {
      const id = state.id;
      switch (name) {
        case 'OnIceCandidate':
          emit(id, { type: 'candidate', candidate: args[0].candidate, sdpMid: args[0].sdpMid, sdpMLineIndex: args[0].sdpMLineIndex });
          break;
        case 'OnConnectionStateChange':
          emit(id, { type: 'state', state: args[0] });
          break;
        case 'OnDataChannel':
          if (args[0].label === label && !state.channel) {
            state.channel = args[0].handle;
          }
          break;
        case 'OnChannelOpen':
          if (args[0] === state.channel) {
            emit(id, { type: 'open' });
          }
          break;
        case 'OnChannelClose':
          if (args[0] === state.channel) {
            emit(id, { type: 'close' });
          }
          break;
        case 'OnBinaryMessage':
          emit(id, { type: 'message', data: toBase64(args[1]) });
          break;
        case 'OnTextMessage':
          emit(id, { type: 'message', data: toBase64(new TextEncoder().encode(args[1])) });
          break;
        case 'OnBufferedAmountLow':
          state.low?.();
          break;
        default:
          break;
      }
      return Promise.resolve();
    },
  };
}

window.peerHost = {
  create() {
    const state = { id: 0, channel: 0, low: null };
    state.id = rtc.createPeer(makeSink(state), { iceServers: [] });
    peers.set(state.id, state);
    return state.id;
  },
  async offer(id) {
    const state = peers.get(id);
    state.channel = rtc.createDataChannel(id, label, {}).handle;
    return (await rtc.createOffer(id)).sdp;
  },
  async acceptOffer(id, sdp) {
    await rtc.setRemoteDescription(id, { type: 'offer', sdp });
    return (await rtc.createAnswer(id)).sdp;
  },
  acceptAnswer: (id, sdp) => rtc.setRemoteDescription(id, { type: 'answer', sdp }),
  addCandidate: (id, candidate) => rtc.addIceCandidate(id, candidate),
  send: (id, data) => rtc.sendBinary(peers.get(id).channel, fromBase64(data)),
  // Resolves once bufferedAmount is at or below the low-water mark.
  waitLow(id) {
    const state = peers.get(id);
    rtc.setBufferedAmountLowThreshold(state.channel, lowWaterMark);
    if (rtc.bufferedAmount(state.channel) <= lowWaterMark) {
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      state.low = () => {
        state.low = null;
        resolve(true);
      };
    });
  },
  maxMessageSize: (id) => rtc.remoteMaxMessageSize(id),
  stats: (id) => rtc.getStats(id),
  close(id) {
    peers.delete(id);
    rtc.closePeer(id);
  },
};
