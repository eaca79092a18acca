// The call's statistics, customer side: what this browser receives and measures, polled once a
// second from the current peer connection. Two uses: the page's own view (is the advisor's
// picture and sound arriving, or has the picture stalled) and the `stats` message for the
// advisor's app (docs/platform-api.md, "Call quality"). Its counters grow over the whole call,
// across the connections of a reconnect ("Reconnect"). Kept apart from call-session.js, which is
// about connecting and switching; this is only about counting.

export const STATS_EVERY_MS = 1000;
/** No new decoded frame for this long means the advisor's picture is gone (tile instead). */
const FRAME_STALL_MS = 2000;
/** Counters that grow over the whole call, across the connections of a reconnect. */
const NO_COUNTS = Object.freeze({
  frames: 0, audioBytes: 0, packetsLost: 0, packetsReceived: 0, bytesReceived: 0, audioPacketsSent: 0,
});

/**
 * Polls the call's current connection and keeps what it received over the whole call.
 * `connection()` gives the current peer connection (null once the call has ended);
 * `sendControl(message)` sends one control message and returns whether it went out;
 * `onPolled(arrived)` runs after every poll, `arrived` being true when frames or sound came in.
 */
export class CallStatistics {
  constructor({ connection, sendControl, onPolled, everyMs = STATS_EVERY_MS }) {
    this.connection = connection;
    this.sendControl = sendControl;
    this.onPolled = onPolled;
    this.carriedCounts = NO_COUNTS; // of the connections closed by a reconnect
    this.lastCounts = NO_COUNTS; // of the current connection, as last polled
    this.framesDecoded = 0;
    this.audioBytesReceived = 0;
    this.audioPacketsSent = 0; // what our microphone sent (a browser's first sound can be late)
    this.packetsReceived = 0; // RTP packets of every kind, over the whole call
    this.lastFrameAt = 0;
    this.statsSent = 0;
    this.timer = setInterval(() => this.poll(), everyMs);
  }

  /** A fresh connection replaces the current one: what that one counted is carried on. */
  carryOver() {
    this.carriedCounts = addCounts(this.carriedCounts, this.lastCounts);
    this.lastCounts = NO_COUNTS;
  }

  /** The call ended: no more polls. */
  stop() {
    clearInterval(this.timer);
  }

  /** True when no picture of the advisor has been decoded lately (or none yet). */
  pictureStalled() {
    return this.lastFrameAt === 0 || Date.now() - this.lastFrameAt > FRAME_STALL_MS;
  }

  async poll() {
    const pc = this.connection();
    if (!pc) return;
    let report;
    try {
      report = await pc.getStats();
    } catch {
      return;
    }
    if (pc !== this.connection()) return; // replaced meanwhile: these counts are carried already
    // The counters only grow: Firefox's received-video count read low for a moment after its
    // video sender was reconfigured (`setParameters`; one conduit serves both ways), and a low
    // read must not be carried into the next connection's totals.
    this.lastCounts = combineCounts(this.lastCounts, countsOf(report), Math.max);
    const counts = addCounts(this.carriedCounts, this.lastCounts);
    if (this.sendControl(statsMessage(report, counts))) this.statsSent += 1;
    if (counts.frames > this.framesDecoded) this.lastFrameAt = Date.now();
    const arrived = counts.frames !== this.framesDecoded || counts.audioBytes !== this.audioBytesReceived;
    this.framesDecoded = counts.frames;
    this.audioBytesReceived = counts.audioBytes;
    this.audioPacketsSent = counts.audioPacketsSent;
    this.packetsReceived = counts.packetsReceived;
    this.onPolled(arrived);
  }
}

/**
 * What this browser measures, for the advisor's app (the `stats` message of docs/platform-api.md,
 * "Call quality"): its send-side estimate, what it received, what it lost. The app measures the
 * line with it; with video paused this is the only view from this side. `counts` are the
 * call's totals (all connections so far).
 */
export function statsMessage(report, counts) {
  const figures = {
    type: "stats",
    timestamp: Date.now(),
    packetsLost: counts.packetsLost,
    packetsReceived: counts.packetsReceived,
  };
  const pair = selectedPair(report);
  if (pair) {
    if (typeof pair.availableOutgoingBitrate === "number") {
      figures.availableOutgoingBitrate = pair.availableOutgoingBitrate;
    }
    if (typeof pair.currentRoundTripTime === "number") figures.roundTripTime = pair.currentRoundTripTime;
    figures.bytesReceived = counts.bytesReceived;
  }
  report.forEach((stat) => {
    if (stat.type === "inbound-rtp" && stat.kind === "video" && typeof stat.framesPerSecond === "number") {
      figures.framesPerSecond = stat.framesPerSecond;
    }
  });
  return figures;
}

/**
 * The cumulative counters of one connection's stats report: decoded frames and audio bytes (for
 * the page), packets received and lost (all inbound RTP), the selected pair's received bytes and
 * the speech packets sent.
 */
function countsOf(report) {
  const counts = { ...NO_COUNTS };
  report.forEach((stat) => {
    if (stat.type === "outbound-rtp" && stat.kind === "audio") counts.audioPacketsSent += stat.packetsSent || 0;
    if (stat.type !== "inbound-rtp") return;
    if (stat.kind === "video") counts.frames += stat.framesDecoded || 0;
    if (stat.kind === "audio") counts.audioBytes += stat.bytesReceived || 0;
    counts.packetsLost += Math.max(0, stat.packetsLost || 0);
    counts.packetsReceived += stat.packetsReceived || 0;
  });
  const pair = selectedPair(report);
  counts.bytesReceived = pair ? pair.bytesReceived || 0 : 0;
  return counts;
}

function addCounts(a, b) {
  return combineCounts(a, b, (x, y) => x + y);
}

function combineCounts(a, b, combine) {
  const combined = {};
  for (const key of Object.keys(NO_COUNTS)) combined[key] = combine(a[key], b[key]);
  return combined;
}

/** The candidate pair the transport uses (or, without that link, the nominated working one). */
export function selectedPair(report) {
  let pairId = null;
  report.forEach((stat) => {
    if (stat.type === "transport" && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  let pair = null;
  report.forEach((stat) => {
    if (stat.type !== "candidate-pair") return;
    if (pairId ? stat.id === pairId : stat.nominated && stat.state === "succeeded") pair = stat;
  });
  return pair;
}
