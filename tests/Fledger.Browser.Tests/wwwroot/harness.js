// Test harness around fledgerWebRtc.js for one peer per page. The test relays offers, answers
// and candidates between pages; local candidates leave through window.fledgerSignal (exposed by
// Playwright). Waits are promises resolved from events, never polling.
import * as rtc from './fledgerWebRtc.js';

const alphabet = 'abcdefghijklmnopqrstuvwxyz';
const channels = new Map();
const incoming = [];
const localCandidates = [];
let peer = 0;
let connectionState = 'new';
let waiters = [];

function channel(handle) {
  if (!channels.has(handle)) {
    channels.set(handle, { info: null, open: false, closed: false, messages: [] });
  }
  return channels.get(handle);
}

function wake() {
  const pending = waiters;
  waiters = [];
  for (const check of pending) {
    check();
  }
}

function until(predicate) {
  return new Promise((resolve) => {
    const check = () => {
      const value = predicate();
      if (value !== undefined && value !== false && value !== null) {
        resolve(value);
      } else {
        waiters.push(check);
      }
    };
    check();
  });
}

// FNV-1a over byte values (binary) or char codes (ASCII text).
function fnv1a(length, at) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) {
    hash ^= at(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function patternText(size, seed) {
  const start = seed % 26;
  const rotated = (alphabet + alphabet).substring(start, start + 26);
  return rotated.repeat(Math.ceil(size / 26)).substring(0, size);
}

function patternBytes(size, seed) {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = (i * 7 + seed) & 255;
  }
  return bytes;
}

const sink = {
  invokeMethodAsync(name, ...args) {
    switch (name) {
      case 'OnIceCandidate':
        localCandidates.push(args[0].candidate);
        window.fledgerSignal?.(JSON.stringify(args[0]));
        break;
      case 'OnConnectionStateChange':
        connectionState = args[0];
        break;
      case 'OnDataChannel':
        channel(args[0].handle).info = args[0];
        incoming.push(args[0].handle);
        break;
      case 'OnChannelOpen':
        channel(args[0]).open = true;
        break;
      case 'OnChannelClose':
        channel(args[0]).closed = true;
        break;
      case 'OnTextMessage': {
        const text = args[1];
        channel(args[0]).messages.push({
          kind: 'text', length: text.length, checksum: fnv1a(text.length, (i) => text.charCodeAt(i)),
          text: text.length <= 64 ? text : null,
        });
        break;
      }
      case 'OnBinaryMessage': {
        const bytes = args[1];
        channel(args[0]).messages.push({
          kind: 'binary', length: bytes.length, checksum: fnv1a(bytes.length, (i) => bytes[i]), text: null,
        });
        break;
      }
      default:
        break;
    }
    wake();
    return Promise.resolve();
  },
};

window.harness = {
  createPeer() {
    peer = rtc.createPeer(sink, { iceServers: [] });
    return peer;
  },
  createChannel(label, options) {
    const info = rtc.createDataChannel(peer, label, options);
    channel(info.handle).info = info;
    return info;
  },
  offer: () => rtc.createOffer(peer),
  answer: () => rtc.createAnswer(peer),
  setRemote: (json) => rtc.setRemoteDescription(peer, JSON.parse(json)),
  addCandidate: (json) => rtc.addIceCandidate(peer, JSON.parse(json)),
  waitOpen: (handle) => until(() => channel(handle).open),
  waitClosed: (handle) => until(() => channel(handle).closed),
  waitIncoming: () => until(() => incoming.length > 0 && channel(incoming[0]).info),
  waitConnected: () => until(() => connectionState === 'connected' && connectionState),
  waitMessages: (handle, count) => until(() => channel(handle).messages.length >= count && channel(handle).messages),
  clearMessages(handle) {
    channel(handle).messages = [];
  },
  sendPattern(handle, kind, size, seed) {
    return kind === 'text'
      ? rtc.sendText(handle, patternText(size, seed))
      : rtc.sendBinary(handle, patternBytes(size, seed));
  },
  sendTexts(handle, count, prefix) {
    for (let i = 0; i < count; i++) {
      rtc.sendText(handle, prefix + i);
    }
    return count;
  },
  close: (handle) => rtc.closeChannel(handle),
  closePeer: () => rtc.closePeer(peer),
  state: (handle) => rtc.channelState(handle),
  bufferedAmount: (handle) => rtc.bufferedAmount(handle),
  stats: () => rtc.getStats(peer),
  localCandidates: () => localCandidates.slice(),
};
