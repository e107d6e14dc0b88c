// Two peers in one page through fledgerWebRtc.js, candidates relayed in-page (trickle ICE).
import * as rtc from './fledgerWebRtc.js';

function makeSink() {
  const sink = {
    on: {},
    invokeMethodAsync(name, ...args) {
      sink.on[name]?.(...args);
      return Promise.resolve();
    },
  };
  return sink;
}

async function connect() {
  const sinkA = makeSink();
  const sinkB = makeSink();
  const a = rtc.createPeer(sinkA, { iceServers: [] });
  const b = rtc.createPeer(sinkB, { iceServers: [] });
  sinkA.on.OnIceCandidate = (c) => rtc.addIceCandidate(b, c).catch(() => { });
  sinkB.on.OnIceCandidate = (c) => rtc.addIceCandidate(a, c).catch(() => { });
  let channelB = 0;
  const openA = new Promise((resolve) => { sinkA.on.OnChannelOpen = resolve; });
  const openB = new Promise((resolve) => {
    sinkB.on.OnDataChannel = (info) => { channelB = info.handle; };
    sinkB.on.OnChannelOpen = resolve;
  });
  const channelA = rtc.createDataChannel(a, 'bench', {}).handle;
  await rtc.setRemoteDescription(b, await rtc.createOffer(a));
  await rtc.setRemoteDescription(a, await rtc.createAnswer(b));
  await Promise.all([openA, openB]);
  return { a, b, sinkA, sinkB, channelA, channelB };
}

function close(link) {
  rtc.closePeer(link.a);
  rtc.closePeer(link.b);
}

window.bench = {
  // Milliseconds from creating both peers until the channel is open on both sides, per run.
  async setup(runs) {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const link = await connect();
      times.push(performance.now() - start);
      close(link);
    }
    return times;
  },
  // Sends totalBytes in messageSize messages, keeping bufferedAmount between low and high marks.
  async throughput(totalBytes, messageSize) {
    const high = 4 * 1024 * 1024;
    const low = 1024 * 1024;
    const link = await connect();
    const message = new Uint8Array(messageSize);
    let received = 0;
    let lowResolve = null;
    const done = new Promise((resolve) => {
      link.sinkB.on.OnBinaryMessage = (handle, bytes) => {
        received += bytes.length;
        if (received >= totalBytes) {
          resolve();
        }
      };
    });
    link.sinkA.on.OnBufferedAmountLow = () => lowResolve?.();
    rtc.setBufferedAmountLowThreshold(link.channelA, low);
    const start = performance.now();
    let sent = 0;
    while (sent < totalBytes) {
      if (rtc.bufferedAmount(link.channelA) > high) {
        await new Promise((resolve) => { lowResolve = resolve; });
        lowResolve = null;
        continue;
      }
      rtc.sendBinary(link.channelA, message);
      sent += messageSize;
    }
    await done;
    const ms = performance.now() - start;
    close(link);
    return { ms, bytes: received };
  },
};
