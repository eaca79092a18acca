// "Jetzt sprechen": the live call request to an online advisor, from the form to the answer.

import { byId, setMessage, setShown } from "./dom.js";
import { flagInvalid, readProfile } from "./profile.js";
import { describeError } from "./texts.js";

/** The line under the call button: can this advisor take a call now? */
function hint(advisor, connected = true) {
  if (!advisor) return "Bitte wählen Sie zuerst, mit wem Sie sprechen möchten.";
  if (!connected) return "Verbindung zur Plattform wird hergestellt…";
  const name = advisor.display_name;
  if (advisor.presence === "online") return `${name} ist online und kann Ihren Anruf jetzt annehmen.`;
  if (advisor.presence === "busy") {
    return `${name} ist gerade im Gespräch. Versuchen Sie es gleich noch einmal oder buchen Sie einen Termin.`;
  }
  return `${name} ist gerade offline. Buchen Sie einfach einen Termin.`;
}

/**
 * Phases: idle → sending → waiting → (accepted | declined | timed_out | cancelled).
 * `onAccepted(request)` starts the call; `onPhase()` lets the app refresh its test state. Asking
 * opens the `speakers` (speakers.js): `send()` runs on a click.
 * The call button stays disabled (in the markup too) until the page knows the advisor and its
 * event socket is up (the answer and the call's signals arrive there): a click before that is
 * impossible rather than lost.
 */
export class LiveRequestPanel {
  constructor(api, { onAccepted, speakers, onPhase = () => {} }) {
    this.api = api;
    this.speakers = speakers;
    this.onAccepted = onAccepted;
    this.onPhase = onPhase;
    this.advisor = null;
    this.connected = false;
    this.request = null;
    this.phase = "idle";
    this.profile = { alias: byId("live-alias"), age: byId("live-age") };
    this.form = byId("live-form");
    this.button = byId("live-call");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    byId("live-cancel").addEventListener("click", () => this.cancel());
    byId("live-retry").addEventListener("click", () => this.retry());
  }

  /** The selected advisor (or its presence) changed. */
  setAdvisor(advisor) {
    this.advisor = advisor;
    this.refreshButton();
  }

  /** The event socket came up (true) or went away (false). */
  setConnected(connected) {
    this.connected = connected;
    if (this.advisor) this.refreshButton();
  }

  /** Whether a live call can be asked for now. */
  canCall() {
    return Boolean(this.advisor) && this.advisor.presence === "online" && this.connected;
  }

  refreshButton() {
    this.button.disabled = this.phase === "sending" || !this.canCall();
    byId("live-hint").textContent = hint(this.advisor, this.connected);
  }

  async send() {
    const message = byId("live-message");
    const profile = readProfile(this.profile);
    if (profile.error) {
      setMessage(message, profile.error, "error");
      flagInvalid(profile.field);
      return;
    }
    if (!this.canCall()) {
      setMessage(message, hint(this.advisor, this.connected), "warn");
      return;
    }
    setMessage(message, "");
    this.speakers.open();
    this.show("sending");
    try {
      const request = await this.api.request("POST", "/call-requests", {
        advisor_id: this.advisor.id,
        alias: profile.alias,
        age: profile.age,
      });
      this.request = request;
      this.apply(request);
    } catch (error) {
      this.show("idle");
      const text = error.code === "conflict" ? hint({ ...this.advisor, presence: "busy" }) : describeError(error);
      setMessage(message, text, "error");
    }
  }

  async cancel() {
    if (!this.request) return;
    try {
      this.apply(await this.api.request("POST", `/call-requests/${this.request.id}/cancel`, {}));
    } catch (error) {
      // 409: it was answered meanwhile; the event with the real state follows.
      if (error.code !== "conflict") setMessage(byId("live-message"), describeError(error), "error");
    }
  }

  retry() {
    this.request = null;
    this.show("idle");
    if (this.canCall()) this.send();
    else this.button.focus();
  }

  /** A `call_request` event, or a request fetched again after a reconnect. */
  handleEvent(request) {
    if (!request) return;
    const mine = this.request && this.request.id === request.id;
    const adopt = !this.request && request.state === "ringing";
    if (mine || adopt) {
      this.request = request;
      this.apply(request);
    }
  }

  /** After a (re)connect: pick up a request still ringing, or the answer we may have missed. */
  async resync() {
    try {
      if (this.request) {
        this.handleEvent(await this.api.request("GET", `/call-requests/${this.request.id}`));
      } else {
        const { call_requests: ringing } = await this.api.request("GET", "/call-requests?state=ringing");
        if (ringing.length) this.handleEvent(ringing[ringing.length - 1]);
      }
    } catch (error) {
      console.info("could not re-check the call request:", error.code || error.message);
    }
  }

  apply(request) {
    switch (request.state) {
      case "ringing":
        this.show("waiting");
        break;
      case "accepted":
        this.show("idle");
        this.request = null;
        this.onAccepted(request);
        break;
      case "declined":
        this.showResult(
          "declined",
          `${this.advisorName()} hat die Anfrage abgelehnt`,
          request.decline_reason
            ? `Grund: „${request.decline_reason}“`
            : "Es wurde kein Grund angegeben. Sie können es später erneut versuchen oder einen Termin buchen.",
        );
        break;
      case "timed_out":
        this.showResult(
          "timed_out",
          "Keine Antwort",
          `${this.advisorName()} hat nicht rechtzeitig geantwortet. Versuchen Sie es erneut oder buchen Sie einen Termin.`,
        );
        break;
      case "cancelled":
        this.request = null;
        this.show("idle");
        setMessage(byId("live-message"), "Sie haben die Anfrage abgebrochen.", "info");
        break;
      default:
        console.info(`unknown call request state ${request.state}`);
    }
  }

  advisorName() {
    return this.advisor ? this.advisor.display_name : "Ihr Berater";
  }

  showResult(phase, title, text) {
    byId("live-result-title").textContent = title;
    byId("live-result-text").textContent = text;
    this.show(phase);
    byId("live-retry").focus();
  }

  show(phase) {
    this.phase = phase;
    const inResult = phase === "declined" || phase === "timed_out";
    setShown(this.form, phase === "idle" || phase === "sending");
    setShown(byId("live-waiting"), phase === "waiting");
    setShown(byId("live-result"), inResult);
    this.button.disabled = phase === "sending" || !this.canCall();
    this.button.setAttribute("aria-busy", phase === "sending" ? "true" : "false");
    if (phase === "waiting") byId("live-cancel").focus();
    this.onPhase();
  }
}
