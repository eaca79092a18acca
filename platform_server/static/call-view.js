// The call screen: binds one CallSession to the DOM (videos, tile, timer, code, chat, buttons).

import { initials } from "./advisors.js";
import { byId, el, setShown } from "./dom.js";
import {
  CALL_STATUS_TEXT,
  endReasonText,
  formatDuration,
  formatTimer,
  noticeText,
  RECONNECTING_BANNER_TEXT,
  RECONNECTING_TILE_TEXT,
} from "./texts.js";

const NOTICE_SHOWN_MS = 10000;
const REMOTE_MEDIA = [
  ["remote-video", "remoteVideo"],
  ["remote-audio", "remoteAudio"],
];

export class CallView {
  constructor() {
    this.root = byId("call-view");
    this.session = null;
    this.notice = null;
    this.timer = null;
    byId("btn-camera").addEventListener("click", () => this.session && this.session.setCamera(!this.session.cameraOn));
    byId("btn-mic").addEventListener("click", () => this.session && this.session.setMicrophone(!this.session.microphoneOn));
    byId("chat-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const input = byId("chat-input");
      if (this.session && this.session.sendChat(input.value)) input.value = "";
    });
  }

  /** Opens the call screen before the session exists ("preparing camera…"). */
  open({ advisorName, bookingCode = null, status = "Kamera und Mikrofon werden vorbereitet…" }) {
    this.advisorName = advisorName;
    byId("call-advisor").textContent = advisorName;
    byId("remote-tile-name").textContent = advisorName;
    byId("remote-avatar").textContent = initials(advisorName);
    byId("call-status").textContent = status;
    byId("call-timer").textContent = formatTimer(0);
    byId("security-code").textContent = "–";
    byId("chat-log").replaceChildren();
    byId("call-booking-code").textContent = bookingCode || "";
    setShown(byId("call-booking-box"), Boolean(bookingCode));
    setShown(byId("call-ended"), false);
    setShown(byId("call-banner"), false);
    setShown(byId("remote-tile"), true);
    byId("remote-tile-note").textContent = "Warte auf Bild…";
    this.setControlsEnabled(false);
    setShown(this.root, true);
    setShown(byId("main"), false);
    byId("btn-hangup").focus();
  }

  attach(session) {
    this.session = session;
    byId("local-video").srcObject = session.media.stream;
    byId("local-video").play().catch(() => {});
    this.showRemoteMedia();
    session.addEventListener("tracks", () => this.showRemoteMedia());
    session.addEventListener("change", () => this.render());
    session.addEventListener("chat", (event) => this.addChat(event.detail));
    session.addEventListener("notice", (event) => {
      // The app sends a code with parameters; the page words it in German (texts.js).
      const text = noticeText(event.detail);
      if (text === null) return; // a notice of a newer app: nothing this page can say
      this.notice = { text, until: Date.now() + NOTICE_SHOWN_MS };
      this.render();
    });
    this.timer = setInterval(() => this.render(), 1000);
    this.setControlsEnabled(true);
    this.render();
  }

  /**
   * (Re)binds the advisor's picture and sound. After a reconnect the streams hold the fresh
   * connection's tracks, but a media element keeps playing what it loaded: assigning the stream
   * again makes it load the new tracks.
   */
  showRemoteMedia() {
    for (const [id, stream] of REMOTE_MEDIA) {
      const element = byId(id);
      element.srcObject = null;
      element.srcObject = this.session[stream];
      element.play().catch(() => {});
    }
  }

  render() {
    const s = this.session;
    if (!s) return;
    const snap = s.snapshot();
    const status = isReconnecting(snap) ? "reconnecting" : snap.connectionState;
    byId("call-status").textContent = CALL_STATUS_TEXT[status] || status;
    byId("call-timer").textContent = formatTimer(snap.elapsedSeconds);
    byId("security-code").textContent = snap.codeUnverified
      ? "NICHT bestätigt – jemand könnte mithören"
      : snap.securityCode || "wird berechnet…";

    setShown(byId("remote-video"), !snap.remoteCameraOff);
    setShown(byId("remote-tile"), snap.remoteCameraOff);
    byId("remote-tile-note").textContent = tileNote(snap, s.remoteSaysCameraOff);

    setShown(byId("local-off"), !snap.cameraOn || snap.videoPaused);
    byId("local-off").textContent = snap.videoPaused && snap.cameraOn ? "Video pausiert" : "Ihre Kamera ist aus";
    this.setToggle("btn-camera", snap.hasVideo ? (snap.cameraOn ? "Kamera aus" : "Kamera an") : "Keine Kamera",
      snap.cameraOn ? "#i-video" : "#i-video-off", !snap.hasVideo || Boolean(s.ended));
    this.setToggle("btn-mic", snap.hasAudio ? (snap.microphoneOn ? "Mikrofon aus" : "Mikrofon an") : "Kein Mikrofon",
      snap.microphoneOn ? "#i-mic" : "#i-mic-off", !snap.hasAudio || Boolean(s.ended));
    byId("btn-camera").classList.toggle("off", !snap.cameraOn);
    byId("btn-mic").classList.toggle("off", !snap.microphoneOn);

    byId("chat-input").disabled = !snap.channelOpen;
    this.renderBanner(snap);
  }

  renderBanner(snap) {
    let text = null;
    const reconnecting = isReconnecting(snap);
    if (reconnecting) text = RECONNECTING_BANNER_TEXT;
    else if (snap.videoPaused) text = "Video pausiert: Verbindung zu langsam";
    else if (!snap.hasAudio && snap.connectionState !== "closed") {
      text = "Kein Mikrofon gefunden – Ihr Berater kann Sie nicht hören. Nutzen Sie den Chat.";
    } else if (this.notice && this.notice.until > Date.now()) text = this.notice.text;
    const banner = byId("call-banner");
    if (banner.textContent !== (text || "")) banner.textContent = text || "";
    if (reconnecting) banner.dataset.tone = "reconnecting";
    else delete banner.dataset.tone;
    setShown(banner, Boolean(text));
  }

  setToggle(id, label, icon, disabled) {
    const button = byId(id);
    button.querySelector("span").textContent = label;
    button.querySelector("use").setAttribute("href", icon);
    button.disabled = disabled;
  }

  setControlsEnabled(enabled) {
    for (const id of ["btn-camera", "btn-mic", "chat-input"]) byId(id).disabled = !enabled;
  }

  addChat({ from, text }) {
    const log = byId("chat-log");
    log.append(
      el(
        "li",
        { class: `chat-line ${from === "me" ? "mine" : "theirs"}` },
        el("span", { class: "chat-from" }, from === "me" ? "Sie" : this.advisorName),
        el("span", { class: "chat-text" }, text),
      ),
    );
    log.scrollTop = log.scrollHeight;
  }

  /**
   * The "Gespräch beendet" card. `call` (platform's Call, may come later) gives the billed
   * seconds; `reason`/`by` say why. Called again when the ended Call event arrives.
   */
  showEnded({ title = "Gespräch beendet", reason = null, by = null, call = null, seconds = null }) {
    clearInterval(this.timer);
    if (this.session) this.render();
    byId("ended-title").textContent = title;
    byId("ended-reason").textContent = endReasonText(reason, by, this.advisorName, call && call.kind) || reason || "";
    const duration = seconds !== null ? seconds : this.session ? this.session.elapsedSeconds() : 0;
    byId("ended-duration").textContent = formatDuration(duration);
    const billed = byId("ended-billed");
    if (call && call.state === "ended") {
      billed.textContent = formatDuration(call.billed_seconds);
      billed.dataset.billedSeconds = String(call.billed_seconds);
    } else if (!billed.dataset.billedSeconds) {
      billed.textContent = "wird ermittelt…";
    }
    setShown(byId("call-ended"), true);
    byId("btn-back").focus();
  }

  /** Back to the home screen; the view is reset for the next call. */
  close() {
    clearInterval(this.timer);
    this.session = null;
    delete byId("ended-billed").dataset.billedSeconds;
    for (const id of ["remote-video", "remote-audio", "local-video"]) byId(id).srcObject = null;
    setShown(this.root, false);
    setShown(byId("main"), true);
  }
}

/** The call is not over but its connection is down (the session waits for a fresh one). */
function isReconnecting(snap) {
  return snap.connectionState !== "closed" && (snap.reconnecting || snap.connectionState === "disconnected");
}

/** The line under the advisor's name when their picture is not shown: why it is not. */
function tileNote(snap, remoteSaysCameraOff) {
  if (snap.reconnecting) return RECONNECTING_TILE_TEXT;
  if (snap.framesDecoded === 0 && !remoteSaysCameraOff && snap.connectionState !== "connected") {
    return "Warte auf Bild…";
  }
  return "Nur Audio – die Kamera ist aus";
}
