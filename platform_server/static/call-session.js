// One WebRTC call, customer side: peer connection, control data channel, media switches, stats.
// No DOM here: the call view listens to the events this class dispatches.

import { securityCode } from "./security-code.js";
import { stopStream } from "./media.js";

const ICE_GATHER_LIMIT_MS = 2000;
const STATS_EVERY_MS = 1000;
/** No new decoded frame for this long means the advisor's picture is gone (tile instead). */
const FRAME_STALL_MS = 2000;
const CHAT_MAX = 2000;

/**
 * Events: "change" (anything in snapshot() changed), "chat" {from: "advisor"|"me", text},
 * "notice" {text}, "connected", "ended" {reason, by}. The session never throws from event
 * handlers: a broken peer ends the call with reason "error".
 */
export class CallSession extends EventTarget {
  constructor({ callId, api, sendSignal, iceServers, media }) {
    super();
    this.callId = callId;
    this.api = api;
    this.sendSignal = sendSignal;
    this.media = media;
    this.pc = new RTCPeerConnection({ iceServers });
    this.channel = null;
    this.remoteVideo = new MediaStream();
    this.remoteAudio = new MediaStream();
    this.securityCode = null;
    // The SDP texts as sent and as received: Chrome re-serialises remoteDescription and keeps
    // only one of several fingerprints, so the code must be computed from the raw texts.
    this.sentSdp = null;
    this.receivedSdp = null;
    this.sdpSent = false;
    this.pendingCandidates = [];
    this.cameraOn = media.hasVideo;
    this.microphoneOn = media.hasAudio;
    this.videoPausedByAdvisor = false;
    this.remoteSaysCameraOff = false;
    this.framesDecoded = 0;
    this.audioBytesReceived = 0;
    this.lastFrameAt = 0;
    this.lastChat = null;
    this.lastNotice = null;
    this.statsSent = 0;
    this.connectedAt = null;
    this.endedAt = null;
    this.ended = false;
    this.videoSender = null;
    this.wire();
  }

  wire() {
    const pc = this.pc;
    pc.addEventListener("track", (event) => {
      const target = event.track.kind === "video" ? this.remoteVideo : this.remoteAudio;
      target.addTrack(event.track);
      this.changed();
    });
    pc.addEventListener("datachannel", (event) => {
      if (event.channel.label === "control") this.attachChannel(event.channel);
    });
    pc.addEventListener("icecandidate", (event) => {
      // Candidates found after the SDP left go out as trickle signals; earlier ones are in the SDP.
      if (!this.sdpSent || !event.candidate || !event.candidate.candidate) return;
      this.sendSignal({
        kind: "candidate",
        candidate: event.candidate.candidate,
        sdpMid: event.candidate.sdpMid,
        sdpMLineIndex: event.candidate.sdpMLineIndex,
      });
    });
    pc.addEventListener("connectionstatechange", () => this.connectionChanged());
    this.statsTimer = setInterval(() => this.pollStats(), STATS_EVERY_MS);
  }

  /** Live call: the customer offers (audio + video sendrecv, then the `control` channel). */
  async offer() {
    const { stream } = this.media;
    const audio = stream.getAudioTracks()[0] || null;
    const video = stream.getVideoTracks()[0] || null;
    this.pc.addTransceiver(audio || "audio", { direction: "sendrecv", streams: [stream] });
    this.videoSender = this.pc.addTransceiver(video || "video", {
      direction: "sendrecv",
      streams: [stream],
    }).sender;
    this.attachChannel(this.pc.createDataChannel("control", { ordered: true }));
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await this.sendLocalDescription("offer");
  }

  /** Booked call: the advisor offered; answer with our tracks on its transceivers. */
  async answer(offerSdp) {
    this.receivedSdp = offerSdp;
    await this.pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    const { stream } = this.media;
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = (kind === "video" ? stream.getVideoTracks() : stream.getAudioTracks())[0] || null;
      transceiver.direction = "sendrecv";
      if (track) {
        await transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams(stream);
      }
      if (kind === "video" && !this.videoSender) this.videoSender = transceiver.sender;
    }
    await this.flushCandidates();
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await this.sendLocalDescription("answer");
  }

  /** A signal from the advisor for this call (answer, candidate or hangup). */
  async handleSignal(data) {
    if (this.ended || !data) return;
    try {
      if (data.kind === "answer" && this.pc.signalingState === "have-local-offer") {
        this.receivedSdp = data.sdp;
        await this.pc.setRemoteDescription({ type: "answer", sdp: data.sdp });
        await this.flushCandidates();
        await this.updateSecurityCode();
      } else if (data.kind === "candidate" && data.candidate) {
        this.pendingCandidates.push(data);
        if (this.pc.remoteDescription) await this.flushCandidates();
      } else if (data.kind === "hangup") {
        this.end({ by: "advisor", reason: data.reason || "hangup" });
      }
    } catch (error) {
      console.warn("call signal failed:", error.name, error.message);
      this.fail();
    }
  }

  async flushCandidates() {
    const queued = this.pendingCandidates.splice(0);
    for (const c of queued) {
      await this.pc.addIceCandidate({
        candidate: c.candidate,
        sdpMid: c.sdpMid ?? null,
        sdpMLineIndex: c.sdpMLineIndex ?? null,
      });
    }
  }

  async sendLocalDescription(kind) {
    await waitForIceGathering(this.pc, ICE_GATHER_LIMIT_MS);
    const sdp = this.pc.localDescription.sdp;
    this.sentSdp = sdp;
    this.sdpSent = true;
    this.sendSignal({ kind, sdp });
    if (kind === "answer") await this.updateSecurityCode();
  }

  async updateSecurityCode() {
    this.securityCode = await securityCode(this.sentSdp, this.receivedSdp);
    this.changed();
  }

  connectionChanged() {
    const state = this.pc.connectionState;
    if (state === "connected" && this.connectedAt === null) {
      this.connectedAt = Date.now();
      this.dispatchEvent(new Event("connected"));
      this.api.request("POST", `/calls/${this.callId}/connected`, {}).catch((error) => {
        console.warn("could not report the connection:", error.code || error.message);
      });
    }
    if (state === "failed") this.fail();
    this.changed();
  }

  /** Switches the own camera; the advisor is told over the data channel. */
  setCamera(on) {
    this.cameraOn = Boolean(on) && this.media.hasVideo;
    this.applyVideoSending();
    this.sendControl({ type: "camera", on: this.cameraOn });
    this.changed();
  }

  setMicrophone(on) {
    this.microphoneOn = Boolean(on) && this.media.hasAudio;
    for (const track of this.media.stream.getAudioTracks()) track.enabled = this.microphoneOn;
    this.sendControl({ type: "microphone", on: this.microphoneOn });
    this.changed();
  }

  /** Sends a chat line; returns false if it cannot go out (channel closed, empty or too long). */
  sendChat(text) {
    const line = String(text || "").trim();
    if (!line || line.length > CHAT_MAX || !this.sendControl({ type: "chat", text: line })) return false;
    this.dispatchEvent(new CustomEvent("chat", { detail: { from: "me", text: line } }));
    return true;
  }

  applyVideoSending() {
    const camera = this.media.stream.getVideoTracks()[0];
    if (!camera) return;
    camera.enabled = this.cameraOn;
    const sending = this.cameraOn && !this.videoPausedByAdvisor;
    if (this.videoSender) {
      this.videoSender.replaceTrack(sending ? camera : null).catch((error) => {
        console.warn("could not switch video:", error.message);
      });
    }
  }

  attachChannel(channel) {
    this.channel = channel;
    channel.addEventListener("open", () => {
      // Tell the advisor about switches made before the channel was open.
      if (!this.cameraOn) this.sendControl({ type: "camera", on: false });
      if (!this.microphoneOn) this.sendControl({ type: "microphone", on: false });
      this.changed();
    });
    channel.addEventListener("message", (event) => this.receiveControl(event.data));
  }

  sendControl(message) {
    if (!this.channel || this.channel.readyState !== "open") return false;
    this.channel.send(JSON.stringify({ v: 1, ...message }));
    return true;
  }

  receiveControl(raw) {
    let message;
    try {
      message = JSON.parse(raw);
    } catch {
      console.info("ignored a malformed control message");
      return;
    }
    if (!message || typeof message !== "object" || typeof message.type !== "string") {
      console.info("ignored a control message without type");
      return;
    }
    if (message.v !== 1) {
      console.info(`ignored a control message of version ${message.v}`);
      return;
    }
    switch (message.type) {
      case "camera":
        this.remoteSaysCameraOff = message.on === false;
        break;
      case "microphone":
        this.remoteMicrophoneOff = message.on === false;
        break;
      case "chat":
        if (typeof message.text === "string" && message.text.length <= CHAT_MAX) {
          this.lastChat = message.text;
          this.dispatchEvent(new CustomEvent("chat", { detail: { from: "advisor", text: message.text } }));
        }
        break;
      case "notice":
        if (typeof message.text === "string") {
          this.lastNotice = message.text;
          this.dispatchEvent(new CustomEvent("notice", { detail: { text: message.text } }));
        }
        break;
      case "video_request":
        this.videoPausedByAdvisor = message.on === false;
        this.applyVideoSending();
        break;
      case "stats":
        break;
      default:
        console.info(`ignored control message type ${message.type}`);
        return;
    }
    this.changed();
  }

  async pollStats() {
    if (this.ended) return;
    let report;
    try {
      report = await this.pc.getStats();
    } catch {
      return;
    }
    let frames = 0;
    let audioBytes = 0;
    report.forEach((stat) => {
      if (stat.type !== "inbound-rtp") return;
      if (stat.kind === "video") frames += stat.framesDecoded || 0;
      if (stat.kind === "audio") audioBytes += stat.bytesReceived || 0;
    });
    this.sendOwnStats(report);
    if (frames > this.framesDecoded) this.lastFrameAt = Date.now();
    const changed = frames !== this.framesDecoded || audioBytes !== this.audioBytesReceived;
    this.framesDecoded = frames;
    this.audioBytesReceived = audioBytes;
    if (changed || this.remoteCameraShownOff() !== this.lastShownOff) this.changed();
  }

  /**
   * Tells the advisor's app what this browser measures, once a second (the `stats` message of
   * docs/platform-api.md, "Call quality"): its send-side estimate, what it received, what it lost.
   * The app measures the line with it; with video paused this is the only view from this side.
   */
  sendOwnStats(report) {
    const figures = { type: "stats", timestamp: Date.now(), packetsLost: 0, packetsReceived: 0 };
    let pairId = null;
    report.forEach((stat) => {
      if (stat.type === "transport" && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
    });
    report.forEach((stat) => {
      const selected = pairId ? stat.id === pairId : stat.nominated && stat.state === "succeeded";
      if (stat.type === "candidate-pair" && selected) {
        if (typeof stat.availableOutgoingBitrate === "number") {
          figures.availableOutgoingBitrate = stat.availableOutgoingBitrate;
        }
        if (typeof stat.currentRoundTripTime === "number") figures.roundTripTime = stat.currentRoundTripTime;
        figures.bytesReceived = stat.bytesReceived || 0;
      } else if (stat.type === "inbound-rtp") {
        figures.packetsLost += Math.max(0, stat.packetsLost || 0);
        figures.packetsReceived += stat.packetsReceived || 0;
        if (stat.kind === "video" && typeof stat.framesPerSecond === "number") {
          figures.framesPerSecond = stat.framesPerSecond;
        }
      }
    });
    if (this.sendControl(figures)) this.statsSent += 1;
  }

  /** True when the page shows the advisor's audio-only tile instead of their video. */
  remoteCameraShownOff() {
    if (this.remoteSaysCameraOff) return true;
    return this.lastFrameAt === 0 || Date.now() - this.lastFrameAt > FRAME_STALL_MS;
  }

  /** Seconds since the connection was first established (0 before). */
  elapsedSeconds() {
    if (this.connectedAt === null) return 0;
    return ((this.endedAt || Date.now()) - this.connectedAt) / 1000;
  }

  /** We hang up: tell the advisor (signal) and the platform (REST); returns the ended Call or null. */
  async hangup(reason = "hangup") {
    if (this.ended) return null;
    this.sendSignal({ kind: "hangup", reason });
    this.end({ by: "customer", reason });
    try {
      return await this.api.request("POST", `/calls/${this.callId}/hangup`, { reason });
    } catch (error) {
      if (error.code !== "conflict") console.warn("hangup report failed:", error.code || error.message);
      return null;
    }
  }

  fail() {
    if (!this.ended) this.hangup("error");
  }

  /** Closes everything locally (idempotent) and dispatches "ended". */
  end({ by, reason }) {
    if (this.ended) return;
    this.ended = true;
    this.endedAt = Date.now();
    clearInterval(this.statsTimer);
    try {
      if (this.channel) this.channel.close();
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
      securityCode: this.securityCode,
      framesDecoded: this.framesDecoded,
      audioBytesReceived: this.audioBytesReceived,
      lastChat: this.lastChat,
      lastNotice: this.lastNotice,
      statsSent: this.statsSent,
      remoteCameraOff: this.remoteCameraShownOff(),
      cameraOn: this.cameraOn,
      microphoneOn: this.microphoneOn,
      videoPaused: this.videoPausedByAdvisor,
      hasVideo: this.media.hasVideo,
      hasAudio: this.media.hasAudio,
      channelOpen: Boolean(this.channel && this.channel.readyState === "open"),
      elapsedSeconds: this.elapsedSeconds(),
    };
  }
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
