// The call screen: binds one CallSession to the DOM (videos, tile, timer, code, chat, buttons).

import { initials } from "./advisors.js";
import { byId, el, setShown } from "./dom.js";
import { endReasonText, formatDuration, formatTimer } from "./texts.js";

const NOTICE_SHOWN_MS = 10000;
const STATUS = {
  new: "Verbindung wird aufgebaut…",
  connecting: "Verbindung wird aufgebaut…",
  connected: "Verbunden · Ende-zu-Ende verschlüsselt",
  disconnected: "Verbindung unterbrochen – wird wiederhergestellt…",
  failed: "Verbindung abgebrochen",
  closed: "Beendet",
};

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
    byId("remote-video").srcObject = session.remoteVideo;
    byId("remote-audio").srcObject = session.remoteAudio;
    for (const id of ["remote-video", "remote-audio", "local-video"]) {
      byId(id).play().catch(() => {});
    }
    session.addEventListener("change", () => this.render());
    session.addEventListener("chat", (event) => this.addChat(event.detail));
    session.addEventListener("notice", (event) => {
      this.notice = { text: event.detail.text, until: Date.now() + NOTICE_SHOWN_MS };
      this.render();
    });
    this.timer = setInterval(() => this.render(), 1000);
    this.setControlsEnabled(true);
    this.render();
  }

  render() {
    const s = this.session;
    if (!s) return;
    const snap = s.snapshot();
    byId("call-status").textContent = STATUS[snap.connectionState] || snap.connectionState;
    byId("call-timer").textContent = formatTimer(snap.elapsedSeconds);
    byId("security-code").textContent = snap.securityCode || "wird berechnet…";

    setShown(byId("remote-video"), !snap.remoteCameraOff);
    setShown(byId("remote-tile"), snap.remoteCameraOff);
    byId("remote-tile-note").textContent =
      snap.framesDecoded === 0 && !s.remoteSaysCameraOff && snap.connectionState !== "connected"
        ? "Warte auf Bild…"
        : "Nur Audio – die Kamera ist aus";

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
    if (snap.connectionState === "disconnected") text = STATUS.disconnected;
    else if (snap.videoPaused) text = "Video pausiert: Verbindung zu langsam";
    else if (!snap.hasAudio && snap.connectionState !== "closed") {
      text = "Kein Mikrofon gefunden – Ihr Berater kann Sie nicht hören. Nutzen Sie den Chat.";
    } else if (this.notice && this.notice.until > Date.now()) text = this.notice.text;
    const banner = byId("call-banner");
    if (banner.textContent !== (text || "")) banner.textContent = text || "";
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
