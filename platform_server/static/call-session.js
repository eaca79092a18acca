// One WebRTC call, customer side: the peer connection and its replacement on a reconnect, and
// what the advisor's control messages change. No DOM here: the call view listens to the events
// this class dispatches. The control channel's wire format lives in call-control.js, the
// statistics in call-stats.js, what the customer sends (camera, microphone, the advisor's video
// pause and speech bitrate cap) in call-senders.js, the padding that tops up a probe of the
// advisor's in call-probe-fill.js, the heartbeats that the platform bills by in
// call-heartbeat.js and the hang-up report in call-hangup.js.

import { CHAT_MAX, ControlChannel } from "./call-control.js";
import { reportHangup } from "./call-hangup.js";
import { CallHeartbeat } from "./call-heartbeat.js";
import { ProbeFill } from "./call-probe-fill.js";
import { OwnSenders } from "./call-senders.js";
import { CallStatistics } from "./call-stats.js";
import { AnsweringCode, CodeUnverified, OfferingCode } from "./security-code.js";
import { stopStream } from "./media.js";

const ICE_GATHER_LIMIT_MS = 2000;
/** How long a dropped call waits for the advisor's fresh offer before it ends (docs: "Reconnect"). */
export const RECONNECT_WAIT_MS = 30000;
const GENERATION_MAX = 1000000;
/** How long an answered connection waits for the advisor's reveal (docs: "Call security code"). */
export const REVEAL_WAIT_MS = 15000;

/**
 * Events: "change" (anything in snapshot() changed), "chat" {from: "advisor"|"me", text},
 * "notice" {code, params}, "connected", "tracks" (the advisor's tracks of a fresh connection arrived),
 * "ended" {reason, by}. The session never throws from event handlers: a broken peer ends the
 * call with reason "error".
 *
 * A dropped call is restored with a fresh peer connection when the advisor's app offers one
 * with a higher `generation` (docs/platform-api.md, "Reconnect"); camera and microphone stay
 * open meanwhile, and after `reconnectWaitMs` without a new connection the call ends.
 */
export class CallSession extends EventTarget {
  constructor({
    callId, api, sendSignal, sendMessage, platformNow, iceServers, media,
    reconnectWaitMs = RECONNECT_WAIT_MS, revealWaitMs = REVEAL_WAIT_MS,
  }) {
    super();
    this.callId = callId;
    this.api = api;
    this.sendSignal = sendSignal;
    this.platformNow = platformNow;
    this.media = media;
    this.iceServers = iceServers;
    this.reconnectWaitMs = reconnectWaitMs;
    this.revealWaitMs = revealWaitMs;
    this.revealTimer = null;
    this.generation = 0;
    this.reconnecting = false;
    this.reconnectTimer = null;
    this.control = null; // the current connection's ControlChannel
    this.remoteVideo = new MediaStream();
    this.remoteAudio = new MediaStream();
    this.securityCode = null;
    this.codeUnverified = false; // a broken commitment: no code is valid, the call ends
    // This connection's agreement on its code (security-code.js), over the SDP texts as sent and
    // as received: Chrome re-serialises remoteDescription and keeps only one of several
    // fingerprints, so the code must be computed from the raw texts.
    this.code = null;
    this.sdpSent = false;
    this.pendingCandidates = [];
    this.remoteSaysCameraOff = false;
    this.lastChat = null;
    this.lastNotice = null;
    this.connectedAt = null;
    this.endedAt = null;
    this.ended = false;
    this.pc = this.newConnection();
    this.fill = new ProbeFill(this.pc);
    this.senders = new OwnSenders({
      media,
      connection: () => (this.ended ? null : this.pc),
      sendControl: (message) => this.sendControl(message),
    });
    this.statistics = new CallStatistics({
      connection: () => (this.ended ? null : this.pc),
      sendControl: (message) => this.sendControl(message),
      onPolled: (arrived) => {
        this.heartbeat.polled();
        if (arrived || this.remoteCameraShownOff() !== this.lastShownOff) this.changed();
      },
    });
    this.heartbeat = new CallHeartbeat({
      callId,
      send: sendMessage,
      packetsReceived: () => this.statistics.packetsReceived,
    });
  }

  /**
   * A peer connection with this session's listeners. Every listener first checks that its
   * connection is still the current one: a replaced connection's late events change nothing.
   */
  newConnection() {
    const pc = new RTCPeerConnection({ iceServers: this.iceServers });
    const listen = (type, handler) => {
      pc.addEventListener(type, (event) => {
        if (pc === this.pc && !this.ended) handler(event);
      });
    };
    listen("track", (event) => {
      const target = event.track.kind === "video" ? this.remoteVideo : this.remoteAudio;
      target.addTrack(event.track);
      if (this.generation > 0) this.dispatchEvent(new Event("tracks"));
      this.changed();
    });
    listen("datachannel", (event) => {
      if (event.channel.label === "control") this.attachChannel(event.channel);
    });
    listen("icecandidate", (event) => {
      // Candidates found after the SDP left go out as trickle signals; earlier ones are in the SDP.
      if (!this.sdpSent || !event.candidate || !event.candidate.candidate) return;
      this.sendSignal(this.tagged({
        kind: "candidate",
        candidate: event.candidate.candidate,
        sdpMid: event.candidate.sdpMid,
        sdpMLineIndex: event.candidate.sdpMLineIndex,
      }));
    });
    listen("connectionstatechange", () => this.connectionChanged());
    return pc;
  }

  /** `signal` with this connection's generation (absent for the first one, as before reconnects). */
  tagged(signal) {
    return this.generation > 0 ? { ...signal, generation: this.generation } : signal;
  }

  /** Live call: the customer offers (audio + video sendrecv, then the `control` channel). */
  async offer() {
    this.senders.addTo(this.pc);
    this.attachChannel(this.pc.createDataChannel("control", { ordered: true }));
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.sendLocalDescription("offer");
  }

  /** Booked call or a reconnect: the advisor offered; answer with our tracks on its transceivers. */
  async answer(offer) {
    const pc = this.pc;
    const offerSdp = offer.sdp;
    let code;
    try {
      code = new AnsweringCode(offer); // before anything else: no commitment, no answer
    } catch (error) {
      if (error instanceof CodeUnverified) return this.unverified(error);
      throw error;
    }
    this.code = code;
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    // After every wait: a newer offer may have replaced this connection meanwhile.
    await this.senders.attachTo(pc, () => this.stillCurrent(pc));
    // A reconnect keeps what the customer and the advisor switched before it.
    if (this.generation > 0) this.senders.applySwitches();
    await this.flushCandidates();
    await pc.setLocalDescription(await pc.createAnswer());
    await this.sendLocalDescription("answer");
    // A relay that holds the reveal back must not leave the call without a code to compare.
    this.revealTimer = setTimeout(() => {
      if (pc === this.pc && !this.ended && this.code === code && code.code === null) {
        this.unverified(new CodeUnverified(`no reveal within ${this.revealWaitMs} ms`));
      }
    }, this.revealWaitMs);
    this.senders.applyAudioBitrate(); // the answered connection's sender has encodings now
    this.senders.applyVideoBitrate();
  }

  /** A signal from the advisor for this call (offer of a fresh connection, answer, candidate or hangup). */
  async handleSignal(data) {
    if (this.ended || !data) return;
    if (data.kind === "hangup") {
      this.end({ by: "advisor", reason: data.reason || "hangup" });
      return;
    }
    const generation = generationOf(data);
    if (data.kind === "offer" && generation !== null && generation > this.generation) {
      this.replaceConnection(generation);
    } else if (generation !== this.generation || data.kind === "offer") {
      console.info(`ignored ${data.kind} signal of generation ${generation} (current ${this.generation})`);
      return;
    }
    const pc = this.pc;
    try {
      if (data.kind === "offer") {
        await this.answer(data);
      } else if (data.kind === "answer" && pc.signalingState === "have-local-offer") {
        await pc.setRemoteDescription({ type: "answer", sdp: data.sdp });
        this.senders.applyVideoBitrate(); // the picture's ceiling, now that the sender has encodings
        await this.flushCandidates();
        await this.agreeOnCode(pc, async (code) => {
          const shown = await code.answered(data);
          this.stillCurrent(pc);
          this.sendSignal(this.tagged(code.revealSignal()));
          return shown;
        });
      } else if (data.kind === "reveal" && this.code instanceof AnsweringCode && this.code.code === null) {
        clearTimeout(this.revealTimer);
        await this.agreeOnCode(pc, (code) => code.revealed(data));
      } else if (data.kind === "candidate" && data.candidate) {
        this.pendingCandidates.push(data);
        if (pc.remoteDescription) await this.flushCandidates();
      }
    } catch (error) {
      if (pc !== this.pc || this.ended) {
        console.info(`negotiation of generation ${generation} abandoned:`, error.message);
        return;
      }
      console.warn("call signal failed:", error.name, error.message);
      this.fail();
    }
  }

  /**
   * The advisor offers a fresh connection (generation above ours): close the old one but keep
   * camera and microphone, forget its descriptions, candidates and remote tracks.
   */
  replaceConnection(generation) {
    const old = this.pc;
    this.statistics.carryOver();
    this.generation = generation;
    this.pc = this.newConnection(); // first, so the old connection's late events are ignored
    const oldControl = this.control;
    this.control = null;
    const oldFill = this.fill;
    this.fill = new ProbeFill(this.pc);
    try {
      oldFill.close();
      if (oldControl) oldControl.close();
      old.close();
    } catch (error) {
      console.info("closing the replaced peer connection:", error.message);
    }
    for (const stream of [this.remoteVideo, this.remoteAudio]) {
      for (const track of stream.getTracks()) stream.removeTrack(track);
    }
    this.sdpSent = false;
    this.pendingCandidates = [];
    this.code = null;
    clearTimeout(this.revealTimer);
    this.securityCode = null;
    this.senders.connectionReplaced();
    console.info(`restoring the connection (generation ${generation})`);
    if (this.connectedAt !== null) this.startReconnecting();
    this.changed();
  }

  /** Throws Superseded when `pc` was replaced or closed meanwhile (its negotiation is moot). */
  stillCurrent(pc) {
    if (pc !== this.pc || this.ended) throw new Superseded("the connection was replaced or closed");
  }

  async flushCandidates() {
    const pc = this.pc;
    const queued = this.pendingCandidates.splice(0);
    for (const c of queued) {
      await pc.addIceCandidate({
        candidate: c.candidate,
        sdpMid: c.sdpMid ?? null,
        sdpMLineIndex: c.sdpMLineIndex ?? null,
      });
    }
  }

  async sendLocalDescription(kind) {
    const pc = this.pc;
    await waitForIceGathering(pc, ICE_GATHER_LIMIT_MS);
    this.stillCurrent(pc);
    const sdp = pc.localDescription.sdp;
    let fields;
    if (kind === "offer") {
      this.code = new OfferingCode(sdp);
      fields = await this.code.offerFields();
      this.stillCurrent(pc);
    } else {
      fields = this.code.answerFields(sdp);
    }
    this.sdpSent = true;
    this.sendSignal(this.tagged({ kind, sdp, ...fields }));
  }

  /**
   * The code of `pc`'s connection from `step(this.code)`; a missing or broken commitment
   * (CodeUnverified) shows no code and ends the call with reason `unverified`.
   */
  async agreeOnCode(pc, step) {
    let shown;
    try {
      shown = await step(this.code);
    } catch (error) {
      if (!(error instanceof CodeUnverified)) throw error;
      if (pc === this.pc && !this.ended) this.unverified(error);
      return;
    }
    this.stillCurrent(pc);
    this.securityCode = shown;
    this.changed();
  }

  /** No valid code for this connection: say so (notice `code_unverified`) and end the call. */
  unverified(error) {
    console.warn("security code unverified:", error.message);
    this.securityCode = null;
    this.codeUnverified = true;
    const notice = { code: "code_unverified", params: {} };
    this.lastNotice = notice;
    this.dispatchEvent(new CustomEvent("notice", { detail: notice }));
    this.hangup("unverified");
  }

  connectionChanged() {
    const state = this.pc.connectionState;
    if (state === "connected" && this.connectedAt === null) {
      this.connectedAt = Date.now(); // billing starts with the heartbeats' first media
      this.dispatchEvent(new Event("connected"));
    } else if (state === "connected") {
      this.stopReconnecting();
    } else if ((state === "disconnected" || state === "failed") && this.connectedAt !== null) {
      this.startReconnecting();
    } else if (state === "failed") {
      this.fail();
    }
    this.changed();
  }

  /** The connection dropped mid-call: wait for the advisor's fresh offer, but not forever. */
  startReconnecting() {
    if (this.reconnecting) return;
    this.reconnecting = true;
    console.info("connection interrupted: waiting for the advisor to restore it");
    this.reconnectTimer = setTimeout(() => {
      console.warn(`no new connection within ${this.reconnectWaitMs} ms: ending the call`);
      this.hangup("error");
    }, this.reconnectWaitMs);
  }

  stopReconnecting() {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    if (this.reconnecting) console.info(`connection restored (generation ${this.generation})`);
    this.reconnecting = false;
  }

  /** Switches the own camera; the advisor is told over the data channel. */
  setCamera(on) {
    this.senders.setCamera(on);
    this.changed();
  }

  /** Switches the own microphone; the advisor is told over the data channel. */
  setMicrophone(on) {
    this.senders.setMicrophone(on);
    this.changed();
  }

  // The switches as before the split, read by the view (their state lives in OwnSenders).
  get cameraOn() { return this.senders.cameraOn; }
  get microphoneOn() { return this.senders.microphoneOn; }
  get videoPausedByAdvisor() { return this.senders.videoPausedByAdvisor; }
  get audioMaxKbps() { return this.senders.audioMaxKbps; }

  /** Sends a chat line; returns false if it cannot go out (channel closed, empty or too long). */
  sendChat(text) {
    const line = String(text || "").trim();
    if (!line || line.length > CHAT_MAX || !this.sendControl({ type: "chat", text: line })) return false;
    this.dispatchEvent(new CustomEvent("chat", { detail: { from: "me", text: line } }));
    return true;
  }

  attachChannel(channel) {
    const control = new ControlChannel(channel, {
      onOpen: () => {
        if (control !== this.control) return;
        // A fresh connection's channel repeats both switches (docs: "Reconnect").
        this.senders.tellAdvisor({ repeat: this.generation > 0 });
        this.changed();
      },
      onMessage: (message) => {
        if (control === this.control) this.receiveControl(message);
      },
    });
    this.control = control;
  }

  sendControl(message) {
    return Boolean(this.control) && this.control.send(message);
  }

  /** What a valid control message of the advisor (call-control.js checked it) changes here. */
  receiveControl(message) {
    switch (message.type) {
      case "camera":
        this.remoteSaysCameraOff = message.on === false;
        break;
      case "microphone":
        this.remoteMicrophoneOff = message.on === false;
        break;
      case "chat":
        this.lastChat = message.text;
        this.dispatchEvent(new CustomEvent("chat", { detail: { from: "advisor", text: message.text } }));
        break;
      case "notice": {
        const notice = { code: message.code, params: message.params || {} };
        this.lastNotice = notice;
        this.dispatchEvent(new CustomEvent("notice", { detail: notice }));
        break;
      }
      case "video_request": {
        // The cap first: a probe's video must not open at the browser's old estimate.
        const cap = message.on !== false && Number.isInteger(message.max_kbps) ? message.max_kbps : null;
        this.senders.limitVideo(cap);
        this.senders.pauseVideo(message.on === false);
        // A full probe's rate arrives from here too, whatever this browser's video makes of it.
        if (cap !== null && message.reason === "probe" && message.fill === true) this.fill.start(cap);
        else this.fill.stop();
        break;
      }
      case "audio_bitrate":
        this.senders.limitSpeech(message.kbps);
        break;
      default: // "stats": the advisor's own figures, nothing for the page
        break;
    }
    this.changed();
  }

  /** The audio sender's cap as the browser holds it (bit/s), or null: what the test hook shows. */
  audioSenderMaxBitrate() {
    return this.senders.audioSenderMaxBitrate();
  }

  /** True when the page shows the advisor's audio-only tile instead of their video. */
  remoteCameraShownOff() {
    return this.remoteSaysCameraOff || this.statistics.pictureStalled();
  }

  /** Seconds since the connection was first established (0 before). */
  elapsedSeconds() {
    if (this.connectedAt === null) return 0;
    return ((this.endedAt || Date.now()) - this.connectedAt) / 1000;
  }

  /**
   * We hang up: tell the advisor (signal) and the platform (REST, retried until it has it), both
   * with the second we decided; resolves with the platform's Call or null.
   */
  async hangup(reason = "hangup") {
    if (this.ended) return null;
    const at = this.platformNow().toISOString();
    this.sendSignal({ kind: "hangup", reason, at });
    this.end({ by: "customer", reason });
    return reportHangup(this.api, this.callId, reason, at);
  }

  fail() {
    if (!this.ended) this.hangup("error");
  }

  /** Closes everything locally (idempotent) and dispatches "ended". */
  end({ by, reason }) {
    if (this.ended) return;
    this.ended = true;
    this.endedAt = Date.now();
    this.statistics.stop();
    this.heartbeat.stop();
    this.stopReconnecting();
    clearTimeout(this.revealTimer);
    try {
      this.fill.close();
      if (this.control) this.control.close();
      this.pc.close();
    } catch (error) {
      console.info("closing the peer connection:", error.message);
    }
    stopStream(this.media.stream);
    this.dispatchEvent(new CustomEvent("ended", { detail: { by, reason } }));
    this.changed();
  }

  changed() {
    this.lastShownOff = this.remoteCameraShownOff();
    this.dispatchEvent(new Event("change"));
  }

  /** Plain data for the view and for the test hook. */
  snapshot() {
    return {
      callId: this.callId,
      connectionState: this.ended ? "closed" : this.pc.connectionState,
      generation: this.generation,
      reconnecting: this.reconnecting,
      audioMaxKbps: this.audioMaxKbps,
      audioSenderMaxBitrate: this.audioSenderMaxBitrate(),
      videoSenderMaxBitrate: this.senders.videoSenderMaxBitrate(),
      cameraSize: this.senders.cameraSize(),
      securityCode: this.securityCode,
      codeUnverified: this.codeUnverified,
      framesDecoded: this.statistics.framesDecoded,
      audioBytesReceived: this.statistics.audioBytesReceived,
      audioPacketsSent: this.statistics.audioPacketsSent,
      lastChat: this.lastChat,
      lastNotice: this.lastNotice,
      statsSent: this.statistics.statsSent,
      remoteCameraOff: this.remoteCameraShownOff(),
      cameraOn: this.cameraOn,
      microphoneOn: this.microphoneOn,
      videoPaused: this.videoPausedByAdvisor,
      sendingVideo: Boolean(this.senders.currentSender("video")?.track),
      hasVideo: this.media.hasVideo,
      hasAudio: this.media.hasAudio,
      channelOpen: Boolean(this.control && this.control.isOpen),
      elapsedSeconds: this.elapsedSeconds(),
      heartbeatsSent: this.heartbeat.sent,
    };
  }
}

/** A negotiation step found its connection replaced or closed: not an error of the call. */
export class Superseded extends Error {}

/** The `generation` of a signal: absent means 0; null when it is not an allowed integer. */
function generationOf(data) {
  const generation = data.generation ?? 0;
  return Number.isInteger(generation) && generation >= 0 && generation <= GENERATION_MAX ? generation : null;
}

/** Resolves when ICE gathering is complete or after `limitMs`, whichever is first. */
function waitForIceGathering(pc, limitMs) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, limitMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}
