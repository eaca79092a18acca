// What the customer sends, customer side: their camera and microphone on the call's peer
// connection, their own switches for both, the advisor's pause of the video when the line is too
// slow (`video_request`) and the cap on the speech bitrate (`audio_bitrate`; docs/platform-api.md,
// "Call quality"). Every one of these outlives a peer connection: after a drop the fresh
// connection's senders get them again ("Reconnect"). Kept apart from call-session.js, which is
// about connecting and what the advisor's messages mean; this is only about sending.

/**
 * The customer's own senders and the switches over them. `media` is the call's
 * {stream, hasVideo, hasAudio} (it stays open across reconnects); `connection()` gives the
 * current peer connection, null once the call has ended; `sendControl(message)` tells the
 * advisor over the current control channel (false when it is not open). The session tells it
 * when a fresh connection replaces the current one (`connectionReplaced`), and puts our tracks
 * on each new connection with `addTo` (we offer) or `attachTo` (the advisor offered).
 */
export class OwnSenders {
  constructor({ media, connection, sendControl }) {
    this.media = media;
    this.connection = connection;
    this.sendControl = sendControl;
    this.cameraOn = media.hasVideo;
    this.microphoneOn = media.hasAudio;
    this.videoPausedByAdvisor = false;
    /** The advisor's `audio_bitrate` request (kbit/s), or null: kept for every later connection. */
    this.audioMaxKbps = null;
    this.videoMaxKbps = null; // a probe's cap (the advisor's `video_request` with `max_kbps`)
    // Chrome rejects a setParameters whose getParameters was overtaken by another call: one queue.
    this.audioBitrateQueue = Promise.resolve();
    this.videoBitrateQueue = Promise.resolve();
    // The current connection's video sender, once our video is on it (null in between).
    this.videoSender = null;
  }

  /** Live call: our audio and video as sendrecv transceivers of `pc`, before its offer. */
  addTo(pc) {
    const { stream } = this.media;
    const audio = stream.getAudioTracks()[0] || null;
    const video = stream.getVideoTracks()[0] || null;
    pc.addTransceiver(audio || "audio", { direction: "sendrecv", streams: [stream] });
    this.videoSender = pc.addTransceiver(video || "video", { direction: "sendrecv", streams: [stream] }).sender;
  }

  /**
   * Booked call or a reconnect: the advisor's offer is set on `pc`; our tracks go on its
   * transceivers. `stillCurrent()` throws when `pc` was replaced or closed meanwhile: it is
   * checked after every wait, so a stale answer never keeps the old connection's video sender.
   */
  async attachTo(pc, stillCurrent) {
    const { stream } = this.media;
    for (const transceiver of pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = (kind === "video" ? stream.getVideoTracks() : stream.getAudioTracks())[0] || null;
      transceiver.direction = "sendrecv";
      if (track) {
        await transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams(stream);
      }
      stillCurrent();
      if (kind === "video" && !this.videoSender) this.videoSender = transceiver.sender;
    }
  }

  /** A fresh connection replaces the current one: its senders are gone, the switches stay. */
  connectionReplaced() {
    this.videoSender = null;
  }

  /** A fresh connection's senders take over what the customer and the advisor switched before. */
  applySwitches() {
    this.applyVideoSending();
    this.applyMicrophone();
  }

  /** Switches the own camera (stays off when there is none) and tells the advisor. */
  setCamera(on) {
    this.cameraOn = Boolean(on) && this.media.hasVideo;
    this.applyVideoSending();
    this.sendControl({ type: "camera", on: this.cameraOn });
  }

  /** Switches the own microphone (stays off when there is none) and tells the advisor. */
  setMicrophone(on) {
    this.microphoneOn = Boolean(on) && this.media.hasAudio;
    this.applyMicrophone();
    this.sendControl({ type: "microphone", on: this.microphoneOn });
  }

  /**
   * A control channel just opened: tells the advisor about switches made before it (a switch
   * still on is the default). `repeat` sends both anyway: on a fresh connection's channel, since
   * the app's new peer knows nothing yet (docs/platform-api.md, "Reconnect").
   */
  tellAdvisor({ repeat }) {
    if (repeat || !this.cameraOn) this.sendControl({ type: "camera", on: this.cameraOn });
    if (repeat || !this.microphoneOn) this.sendControl({ type: "microphone", on: this.microphoneOn });
  }

  /** The advisor's `video_request`: `paused` stops sending video (camera stays as switched). */
  pauseVideo(paused) {
    this.videoPausedByAdvisor = paused;
    this.applyVideoSending();
  }

  /** The advisor's `audio_bitrate`: sends our speech at most at `kbps` kbit/s, now and later. */
  limitSpeech(kbps) {
    this.audioMaxKbps = kbps;
    this.applyAudioBitrate();
  }

  /**
   * The advisor's probe: video at most at `kbps` kbit/s while it checks the line (null: as the
   * browser's own estimate allows). A probe must send what it is to show, no more.
   */
  limitVideo(kbps) {
    if (kbps === this.videoMaxKbps) return;
    this.videoMaxKbps = kbps;
    this.applyVideoBitrate();
  }

  applyMicrophone() {
    for (const track of this.media.stream.getAudioTracks()) track.enabled = this.microphoneOn;
  }

  /** The camera track shows the customer's switch; the sender sends it unless the advisor paused. */
  applyVideoSending() {
    const camera = this.media.stream.getVideoTracks()[0];
    if (!camera) return;
    camera.enabled = this.cameraOn;
    const sending = this.cameraOn && !this.videoPausedByAdvisor;
    const sender = this.videoSender;
    if (!sender) return;
    // After any cap asked for before (a probe's): the picture comes back already capped.
    this.videoBitrateQueue = this.videoBitrateQueue.then(() =>
      sender.replaceTrack(sending ? camera : null).catch((error) => {
        console.warn("could not switch video:", error.message);
      }),
    );
  }

  /**
   * Caps the speech we send at `audioMaxKbps` on the current connection's audio sender
   * (`encodings[0].maxBitrate`). The session calls it again once a connection has its answer,
   * since before the offer/answer the sender has no encodings to cap.
   */
  applyAudioBitrate() {
    this.audioBitrateQueue = this.audioBitrateQueue.then(async () => {
      const sender = this.currentSender("audio");
      if (this.audioMaxKbps === null || !sender) return;
      const parameters = sender.getParameters();
      if (!parameters.encodings || parameters.encodings.length === 0) return;
      parameters.encodings[0].maxBitrate = this.audioMaxKbps * 1000;
      try {
        await sender.setParameters(parameters);
      } catch (error) {
        console.warn("could not limit the speech bitrate:", error.name, error.message);
      }
    });
  }

  /**
   * Caps the current connection's video sender at `videoMaxKbps` (a probe's) and at what the
   * camera's picture is worth (`pictureCeilingKbps`), whichever is lower.
   */
  applyVideoBitrate() {
    this.videoBitrateQueue = this.videoBitrateQueue.then(async () => {
      const sender = this.currentSender("video");
      if (!sender) return;
      const parameters = sender.getParameters();
      if (!parameters.encodings || parameters.encodings.length === 0) return;
      const caps = [this.videoMaxKbps, this.pictureCeilingKbps()].filter((kbps) => kbps !== null);
      if (caps.length === 0) delete parameters.encodings[0].maxBitrate;
      else parameters.encodings[0].maxBitrate = Math.min(...caps) * 1000;
      // A capped picture (a probe's, the reduced video's) goes out at most 360 lines high: a
      // browser keeps a floor of its own for a large picture above the cap (Firefox sent two to
      // three times a cap of 300 kbit/s at 640x480 into a 420 kbit/s line and lost half of it).
      parameters.encodings[0].scaleResolutionDownBy = this.videoMaxKbps === null ? 1 : this.cappedScale();
      try {
        await sender.setParameters(parameters);
      } catch (error) {
        console.warn("could not limit the video bitrate:", error.name, error.message);
      }
    });
  }

  /**
   * The most the camera's picture is worth sending (kbit/s; null: no ceiling of its own): the
   * browser's own defaults by size. The advisor's app allows 2.5 Mbit/s (`b=AS`) so that a
   * 1280x720 camera goes out in HD; with that allowance Chromium sent a 640x480 camera at
   * 2.4 Mbit/s, where it sends 1.7 to another browser. More does not make a small picture
   * better, and the customer's upload, often the slowest part of the call, keeps the rest.
   */
  pictureCeilingKbps() {
    const [width, height] = this.cameraSize();
    const pixels = width * height;
    if (pixels === 0) return null;
    if (pixels <= 320 * 240) return 600;
    if (pixels <= 640 * 480) return 1700;
    if (pixels <= 960 * 540) return 2000;
    return null; // HD: the advisor's allowance is the ceiling
  }

  /** The camera's picture [width, height] as it captures now ([0, 0]: no camera). */
  cameraSize() {
    const camera = this.media.stream.getVideoTracks()[0];
    const settings = camera ? camera.getSettings() : {};
    return [settings.width || 0, settings.height || 0];
  }

  /** How much smaller a capped picture is sent: down to 360 lines. */
  cappedScale() {
    const height = this.cameraSize()[1] || 360;
    return Math.max(1, height / 360);
  }

  /** The audio sender's cap as the browser holds it (bit/s), or null: what the test hook shows. */
  audioSenderMaxBitrate() {
    return this.senderMaxBitrate("audio");
  }

  /** The video sender's cap as the browser holds it (bit/s), or null: what the test hook shows. */
  videoSenderMaxBitrate() {
    return this.senderMaxBitrate("video");
  }

  /** The cap the current connection's sender of `kind` holds (bit/s), or null. */
  senderMaxBitrate(kind) {
    const sender = this.currentSender(kind);
    const encodings = sender ? sender.getParameters().encodings : null;
    return (encodings && encodings.length && encodings[0].maxBitrate) || null;
  }

  /** The current connection's sender of `kind` ("audio" | "video"); null without one or after the call. */
  currentSender(kind) {
    const pc = this.connection();
    const transceiver = pc ? pc.getTransceivers().find((t) => t.receiver.track.kind === kind) : null;
    return transceiver ? transceiver.sender : null;
  }
}
