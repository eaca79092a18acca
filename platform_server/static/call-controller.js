// Which call is on screen and why: live calls after an accepted request (we offer), booked calls
// when the advisor rings (they offer), the platform's `call` events and signals routed to the session.

import { reportHangup } from "./call-hangup.js";
import { CallSession, Superseded } from "./call-session.js";
import { byId, setShown } from "./dom.js";
import { acquireLocalMedia, MediaUnavailable, stopStream } from "./media.js";
import { formatDateTime, noticeText } from "./texts.js";

/** How long after a hang-up we wait for the `call` event before asking for the Call ourselves. */
const BILLING_FALLBACK_MS = 1500;
/** How long a call's connection waits for the speakers to play (speakers.js). */
const SPEAKERS_WAIT_MS = 3000;

export class CallController {
  constructor({ api, events, view, directory, bookings, speakers, onPhase = () => {} }) {
    this.api = api;
    this.speakers = speakers;
    this.events = events;
    this.view = view;
    this.directory = directory;
    this.bookings = bookings;
    this.onPhase = onPhase;
    this.phase = null;
    this.callId = null;
    this.session = null;
    this.calls = new Map();
    this.pendingSignals = [];
    this.incoming = null;
    byId("btn-hangup").addEventListener("click", () => this.hangup());
    byId("btn-back").addEventListener("click", () => this.backHome());
    byId("incoming-accept").addEventListener("click", () => this.acceptIncoming());
    byId("incoming-decline").addEventListener("click", () => this.declineIncoming());
    byId("incoming").addEventListener("keydown", (event) => keepFocusIn(event, [
      byId("incoming-decline"),
      byId("incoming-accept"),
    ]));
  }

  /** Live call: the advisor accepted our request, so we prepare media and send the offer. */
  startLive(request) {
    if (this.callId) return;
    this.begin(request.call_id, request.advisor_id, null, (session) => session.offer());
  }

  /** A `signal` message from the socket. */
  handleSignal(message) {
    const { call_id: callId, data } = message;
    if (!callId || !data) return;
    if (callId === this.callId) {
      if (this.session) this.session.handleSignal(data);
      else if (this.phase === "incoming" && data.kind === "hangup") this.missed();
      else this.pendingSignals.push(data);
      return;
    }
    if (data.kind === "offer" && !this.callId) this.ring(callId, data);
  }

  /** A `call` event: remember it, and end our screen if the platform says the call ended. */
  handleCallEvent(call) {
    if (!call || !call.id) return;
    this.calls.set(call.id, call);
    if (call.id !== this.callId || call.state !== "ended") return;
    if (this.phase === "incoming") {
      this.missed();
      return;
    }
    if (this.session && !this.session.ended) {
      this.session.end({ by: call.ended_by, reason: call.end_reason });
    }
    if (this.phase === "ended" || this.phase === "in_call" || this.phase === "connecting") {
      this.view.showEnded({ reason: call.end_reason, by: call.ended_by, call, seconds: this.sessionSeconds(call) });
      this.setPhase("ended");
    }
  }

  /** Booked call: the advisor's offer (the signal: SDP and commitment) arrived; show "Ihr Berater ruft an". */
  async ring(callId, offer) {
    this.callId = callId;
    this.incoming = { offer };
    this.setPhase("incoming");
    let call = this.calls.get(callId);
    if (!call) {
      try {
        call = await this.api.request("GET", `/calls/${callId}`);
        this.calls.set(callId, call);
      } catch (error) {
        console.info("call details unavailable:", error.code || error.message);
      }
    }
    if (this.callId !== callId || this.phase !== "incoming") return;
    const booking = call && call.booking_id ? this.bookings.get(call.booking_id) : null;
    this.incoming.call = call || null;
    this.incoming.booking = booking;
    const name = call ? this.directory.nameOf(call.advisor_id) : "Ihr Berater";
    byId("incoming-title").textContent = `${name} ruft an`;
    byId("incoming-text").textContent = booking && booking.confirmed_slot
      ? `Ihr Termin am ${formatDateTime(booking.confirmed_slot)} (${booking.duration_minutes} Minuten).`
      : "Ihr gebuchtes Videogespräch beginnt.";
    byId("incoming-code").textContent = (booking && booking.confirmation_code) || "";
    setShown(byId("incoming-code-line"), Boolean(booking && booking.confirmation_code));
    setShown(byId("incoming"), true);
    byId("incoming-accept").focus();
  }

  acceptIncoming() {
    if (this.phase !== "incoming" || !this.incoming) return;
    const { offer, call, booking } = this.incoming;
    this.incoming = null;
    setShown(byId("incoming"), false);
    this.speakers.open(); // on the click, before the advisor's sound arrives (speakers.js)
    const callId = this.callId;
    this.callId = null;
    this.begin(callId, call ? call.advisor_id : null, booking, (session) => session.answer(offer));
  }

  async declineIncoming() {
    if (this.phase !== "incoming") return;
    const callId = this.callId;
    this.reset();
    await this.endOnPlatform(callId, "hangup");
  }

  /** Tells the advisor (signal) and the platform (retried until it has it) that we end `callId`. */
  async endOnPlatform(callId, reason) {
    const at = this.events.platformNow().toISOString();
    this.events.send({ type: "signal", call_id: callId, data: { kind: "hangup", reason, at } });
    const call = await reportHangup(this.api, callId, reason, at);
    if (call) this.calls.set(callId, call);
  }

  missed() {
    setShown(byId("incoming"), false);
    this.reset();
    const banner = byId("page-banner");
    banner.dataset.tone = "info";
    banner.textContent = "Sie haben einen Anruf Ihres Beraters verpasst.";
    banner.hidden = false;
  }

  /**
   * Shared start of both call kinds: screen, ICE servers, devices and speakers playing, then
   * `negotiate(session)`.
   */
  async begin(callId, advisorId, booking, negotiate) {
    this.callId = callId;
    this.setPhase("connecting");
    this.view.open({
      advisorName: advisorId ? this.directory.nameOf(advisorId) : "Ihr Berater",
      bookingCode: booking ? booking.confirmation_code : null,
    });
    let media = null;
    try {
      const [ice, acquired] = await Promise.all([
        this.api.request("GET", "/ice-servers"),
        acquireLocalMedia(),
        this.speakers.playing(SPEAKERS_WAIT_MS),
      ]);
      media = acquired;
      if (this.callId !== callId || this.phase !== "connecting") {
        // The call ended (or was hung up) while the devices were starting.
        stopStream(media.stream);
        return;
      }
      const session = new CallSession({
        callId,
        api: this.api,
        iceServers: ice.ice_servers || [],
        media,
        sendSignal: (data) => this.events.send({ type: "signal", call_id: callId, data }),
        sendMessage: (message) => this.events.send(message),
        platformNow: () => this.events.platformNow(),
      });
      this.session = session;
      session.addEventListener("connected", () => this.setPhase("in_call"));
      session.addEventListener("change", () => this.onPhase());
      session.addEventListener("ended", (event) => this.sessionEnded(callId, event.detail));
      this.view.attach(session);
      await negotiate(session).catch((error) => {
        // The advisor offered a fresh connection while we were still answering the first one.
        if (!(error instanceof Superseded) || session.ended) throw error;
      });
      for (const data of this.pendingSignals.splice(0)) await session.handleSignal(data);
    } catch (error) {
      if (media && !this.session) stopStream(media.stream);
      this.failBeforeCall(callId, error);
    }
  }

  async failBeforeCall(callId, error) {
    if (this.session) this.session.end({ by: "customer", reason: "error" });
    const text = error instanceof MediaUnavailable
      ? error.message
      : "Die Verbindung konnte nicht aufgebaut werden. Bitte versuchen Sie es erneut.";
    console.warn("call could not start:", error.name, error.code || error.message);
    this.view.showEnded({ title: "Gespräch nicht möglich", reason: text, seconds: 0 });
    this.setPhase("error");
    await this.endOnPlatform(callId, "error");
  }

  /** Our "Auflegen" button. */
  async hangup() {
    if (!this.session) {
      if (this.callId) this.failBeforeCall(this.callId, new Error("hung up while connecting"));
      return;
    }
    const call = await this.session.hangup("hangup");
    if (call) this.handleCallEvent(call);
  }

  sessionEnded(callId, { by, reason }) {
    if (callId !== this.callId) return;
    const known = this.calls.get(callId);
    const call = known && known.state === "ended" ? known : null;
    this.view.showEnded({ reason, by, call, seconds: this.sessionSeconds(call) });
    this.setPhase("ended");
    if (!call) {
      setTimeout(async () => {
        const latest = this.calls.get(callId);
        if (this.callId !== callId || (latest && latest.state === "ended")) return;
        try {
          this.handleCallEvent(await this.api.request("GET", `/calls/${callId}`));
        } catch (error) {
          console.info("could not fetch the ended call:", error.code || error.message);
        }
      }, BILLING_FALLBACK_MS);
    }
  }

  /** The duration to show: the platform's start/end when known, else our own measurement. */
  sessionSeconds(call) {
    if (call && call.started_at && call.ended_at) {
      return (Date.parse(call.ended_at) - Date.parse(call.started_at)) / 1000;
    }
    return this.session ? this.session.elapsedSeconds() : 0;
  }

  backHome() {
    this.view.close();
    this.reset();
    byId("main").focus();
  }

  reset() {
    this.callId = null;
    this.session = null;
    this.incoming = null;
    this.pendingSignals = [];
    this.setPhase(null);
  }

  setPhase(phase) {
    this.phase = phase;
    this.onPhase();
  }

  /** For the test hook: the call part of the page state. */
  state() {
    const snap = this.session ? this.session.snapshot() : {};
    return {
      callPhase: this.phase,
      callId: this.callId,
      securityCode: snap.securityCode || null,
      connectionState: snap.connectionState || null,
      generation: snap.generation ?? null,
      reconnecting: snap.reconnecting ?? false,
      audioMaxKbps: snap.audioMaxKbps ?? null,
      audioSenderMaxBitrate: snap.audioSenderMaxBitrate ?? null,
      videoSenderMaxBitrate: snap.videoSenderMaxBitrate ?? null,
      cameraSize: snap.cameraSize ?? null,
      framesDecoded: snap.framesDecoded || 0,
      audioBytesReceived: snap.audioBytesReceived || 0,
      audioPacketsSent: snap.audioPacketsSent || 0,
      lastChat: snap.lastChat || null,
      lastNotice: snap.lastNotice ? snap.lastNotice.code : null, // as the advisor's app sent it
      lastNoticeParams: snap.lastNotice ? snap.lastNotice.params : null,
      lastNoticeShown: noticeText(snap.lastNotice), // as the page shows it (German)
      statsSent: snap.statsSent || 0,
      remoteCameraOff: snap.remoteCameraOff ?? null,
      cameraOn: snap.cameraOn ?? null,
      microphoneOn: snap.microphoneOn ?? null,
      videoPaused: snap.videoPaused ?? null,
      sendingVideo: snap.sendingVideo ?? null,
      billedSeconds: this.callId && this.calls.get(this.callId) ? this.calls.get(this.callId).billed_seconds : null,
      heartbeatsSent: snap.heartbeatsSent ?? 0,
    };
  }
}

/** Tab and Shift+Tab cycle through `buttons` only, while a modal dialog is open. */
function keepFocusIn(event, buttons) {
  if (event.key !== "Tab") return;
  event.preventDefault();
  const index = buttons.indexOf(document.activeElement);
  const step = event.shiftKey ? buttons.length - 1 : 1;
  buttons[index === -1 ? 0 : (index + step) % buttons.length].focus();
}
