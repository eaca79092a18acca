// "Meine Buchungen": the customer's bookings, kept current by `booking` events.

import { ChangeLedger } from "./change-ledger.js";
import { byId, el, setMessage } from "./dom.js";
import { BOOKING_STATE_LABEL, describeError, formatDateTime } from "./texts.js";

const CANCELLABLE = new Set(["requested", "confirmed"]);
const SHOWS_CODE = new Set(["confirmed", "in_call", "completed"]);
const CONFIRM_WINDOW_MS = 5000;

export class BookingList {
  constructor(api, { advisorName }) {
    this.api = api;
    this.advisorName = advisorName;
    this.bookings = new Map();
    this.changes = new ChangeLedger();
    this.list = byId("booking-list");
    this.armedCancel = null;
    this.drawn = null; // what the list shows, as drawn last (JSON of the bookings)
  }

  /** All bookings from the platform; a booking that changed while they travelled stays as it is. */
  async load() {
    const mark = this.changes.mark();
    const { bookings } = await this.api.request("GET", "/bookings");
    this.bookings = this.changes.merge(new Map(bookings.map((b) => [b.id, b])), this.bookings, mark);
    this.render();
  }

  /** A new or changed booking (from the form, an action answer or a `booking` event). */
  upsert(booking) {
    if (!booking || !booking.id) return;
    this.changes.noteChange(booking.id);
    this.bookings.set(booking.id, booking);
    this.render();
  }

  get(bookingId) {
    return this.bookings.get(bookingId) || null;
  }

  async act(booking, action, button) {
    button.disabled = true;
    try {
      const changed = await this.api.request("POST", `/bookings/${booking.id}/${action}`, {});
      this.drawn = null; // the disabled button is drawn anew, whatever the answer
      this.upsert(changed);
    } catch (error) {
      button.disabled = false;
      const line = this.list.querySelector(`[data-booking-id="${CSS.escape(booking.id)}"] .message`);
      if (line) setMessage(line, describeError(error), "error");
    }
  }

  /** Cancelling takes two clicks, so a slip of the finger does not give up an appointment. */
  cancelClicked(booking, button) {
    if (this.armedCancel === booking.id) {
      this.armedCancel = null;
      this.act(booking, "cancel", button);
      return;
    }
    this.armedCancel = booking.id;
    this.drawn = null; // the armed button is changed in place: the next render draws it anew
    button.textContent = "Wirklich stornieren?";
    button.classList.add("armed");
    setTimeout(() => {
      if (this.armedCancel === booking.id) {
        this.armedCancel = null;
        this.render();
      }
    }, CONFIRM_WINDOW_MS);
  }

  render() {
    const sorted = [...this.bookings.values()].sort((a, b) =>
      String(b.created_at).localeCompare(String(a.created_at)),
    );
    // Drawn again only when something changed: a refresh that brings the same bookings (after a
    // reconnect) must not replace a button under the customer's pointer.
    const drawn = JSON.stringify(sorted);
    if (drawn === this.drawn) return;
    this.drawn = drawn;
    byId("bookings-empty").hidden = sorted.length > 0;
    this.list.hidden = sorted.length === 0;
    this.list.replaceChildren(...sorted.map((b) => this.item(b)));
  }

  item(booking) {
    const facts = el("dl", { class: "facts" });
    const fact = (label, value, testid) =>
      facts.append(el("div", {}, el("dt", {}, label), el("dd", { dataset: testid ? { testid } : {} }, value)));

    if (booking.confirmed_slot) {
      fact("Termin", formatDateTime(booking.confirmed_slot), "booking-slot");
    } else {
      fact(
        "Wunschtermine",
        el("ul", { class: "plain" }, ...(booking.wished_slots || []).map((s) => el("li", {}, formatDateTime(s)))),
      );
    }
    fact("Dauer", `${booking.duration_minutes} Minuten`);
    fact("Bezahlung", booking.paid ? "Bezahlt ✓" : "Noch nicht bezahlt", "booking-paid");
    if (booking.confirmation_code && SHOWS_CODE.has(booking.state)) {
      fact("Bestätigungscode", el("strong", { class: "code" }, booking.confirmation_code), "booking-code");
    }
    if (booking.decline_reason) fact("Grund", booking.decline_reason);

    const actions = el("div", { class: "item-actions" });
    if (booking.state === "confirmed" && !booking.paid) {
      const pay = el(
        "button",
        { type: "button", class: "btn primary small", dataset: { testid: "booking-pay" } },
        "Bezahlen (Demo)",
      );
      pay.addEventListener("click", () => this.act(booking, "pay", pay));
      actions.append(pay);
    }
    if (CANCELLABLE.has(booking.state)) {
      const cancel = el(
        "button",
        { type: "button", class: "btn secondary small", dataset: { testid: "booking-cancel" } },
        "Stornieren",
      );
      cancel.addEventListener("click", () => this.cancelClicked(booking, cancel));
      actions.append(cancel);
    }
    const note =
      booking.state === "confirmed"
        ? el(
            "p",
            { class: "fine" },
            `${this.advisorName(booking.advisor_id)} ruft Sie zum Termin hier auf dieser Seite an. Halten Sie den Bestätigungscode bereit.`,
          )
        : null;

    return el(
      "li",
      { class: "booking", dataset: { bookingId: booking.id, state: booking.state, testid: "booking-item" } },
      el(
        "div",
        { class: "booking-head" },
        el("span", { class: "booking-advisor" }, this.advisorName(booking.advisor_id)),
        el("span", { class: "state", dataset: { state: booking.state, testid: "booking-state" } }, BOOKING_STATE_LABEL[booking.state] || booking.state),
      ),
      facts,
      note,
      el("p", { class: "message", role: "alert", hidden: true }),
      actions.childElementCount ? actions : null,
    );
  }
}
