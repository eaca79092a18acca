// "Termin buchen": alias, age, 1–3 wished slots (sent as UTC), duration and the request text.

import { byId, setMessage } from "./dom.js";
import { flagInvalid, readProfile } from "./profile.js";
import { describeError } from "./texts.js";

export const REQUEST_TEXT_MAX = 2000;
const DURATIONS = [15, 30, 45, 60];

/** A datetime-local value ("2026-11-21T10:30", the browser's local time) as "…T09:30:00Z". */
export function localInputToUtc(value) {
  const date = new Date(value);
  if (!value || Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "YYYY-MM-DDTHH:MM" for a datetime-local min attribute, in local time. */
function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Sends booking requests for the selected advisor; `onBooked(booking)` adds it to the list.
 * The submit button stays disabled (in the markup too) until an advisor is known (`setAdvisor`).
 */
export class BookingForm {
  constructor(api, { selectedAdvisor, onBooked }) {
    this.api = api;
    this.selectedAdvisor = selectedAdvisor;
    this.onBooked = onBooked;
    this.form = byId("booking-form");
    this.profile = { alias: byId("booking-alias"), age: byId("booking-age") };
    this.slots = [1, 2, 3].map((n) => byId(`booking-slot-${n}`));
    this.text = byId("booking-text");
    this.message = byId("booking-message");
    this.button = byId("booking-submit");
    this.sending = false;
    this.text.addEventListener("input", () => {
      byId("booking-text-count").textContent = `${this.text.value.length} / ${REQUEST_TEXT_MAX}`;
    });
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    const now = localInputValue(new Date());
    for (const slot of this.slots) slot.min = now;
  }

  /** The selected advisor changed (null until the advisor list has loaded). */
  setAdvisor(advisor) {
    this.button.disabled = this.sending || !advisor;
  }

  /** Reads and checks the form; returns the request body or {error, field}. */
  read() {
    const advisor = this.selectedAdvisor();
    if (!advisor) return { error: "Bitte wählen Sie zuerst einen Berater.", field: this.slots[0] };
    const profile = readProfile(this.profile);
    if (profile.error) return profile;
    const wished = [];
    for (const input of this.slots) {
      if (!input.value) continue;
      const utc = localInputToUtc(input.value);
      if (!utc) return { error: "Bitte geben Sie gültige Termine ein.", field: input };
      if (new Date(utc).getTime() <= Date.now()) {
        return { error: "Wunschtermine müssen in der Zukunft liegen.", field: input };
      }
      if (!wished.includes(utc)) wished.push(utc);
    }
    if (!wished.length) return { error: "Bitte geben Sie mindestens einen Wunschtermin an.", field: this.slots[0] };
    const duration = Number(byId("booking-duration").value);
    if (!DURATIONS.includes(duration)) return { error: "Bitte wählen Sie eine Dauer.", field: byId("booking-duration") };
    const requestText = this.text.value.trim();
    if (requestText.length > REQUEST_TEXT_MAX) {
      return { error: `Die Anfrage darf höchstens ${REQUEST_TEXT_MAX} Zeichen lang sein.`, field: this.text };
    }
    return {
      body: {
        advisor_id: advisor.id,
        alias: profile.alias,
        age: profile.age,
        wished_slots: wished,
        duration_minutes: duration,
        request_text: requestText,
      },
    };
  }

  async submit() {
    const checked = this.read();
    if (checked.error) {
      setMessage(this.message, checked.error, "error");
      flagInvalid(checked.field);
      return;
    }
    this.sending = true;
    this.button.disabled = true;
    setMessage(this.message, "Wird gesendet…", "info");
    try {
      const booking = await this.api.request("POST", "/bookings", checked.body);
      for (const slot of this.slots) slot.value = "";
      this.text.value = "";
      byId("booking-text-count").textContent = `0 / ${REQUEST_TEXT_MAX}`;
      setMessage(
        this.message,
        "Ihre Terminanfrage ist angekommen. Den Stand sehen Sie unter „Meine Buchungen“.",
        "ok",
      );
      this.onBooked(booking);
    } catch (error) {
      setMessage(this.message, describeError(error), "error");
    } finally {
      this.sending = false;
      this.setAdvisor(this.selectedAdvisor());
    }
  }
}
