// The advisor directory: list with live presence badges, and which advisor the customer chose.

import { ChangeLedger } from "./change-ledger.js";
import { byId, el } from "./dom.js";
import { PRESENCE_LABEL } from "./texts.js";

/** First letters of a name for the round avatar ("Dr. Anna Berg" → "AB"). */
export function initials(name) {
  const words = String(name || "?")
    .split(/\s+/)
    .filter((w) => w && !w.endsWith("."));
  return (words.length ? words : ["?"])
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join("");
}

/** Fills a `.badge` with a presence word and colour. */
export function paintPresence(badge, presence) {
  const known = PRESENCE_LABEL[presence] ? presence : "offline";
  badge.dataset.presence = known;
  badge.textContent = PRESENCE_LABEL[known];
}

/**
 * Holds the advisors (from REST, then `presence` events) and the selection. `onChange(advisor)`
 * runs whenever the selected advisor or its presence changes.
 */
export class AdvisorDirectory {
  constructor(api, { preselectId = null, onChange = () => {} } = {}) {
    this.api = api;
    this.advisors = new Map();
    this.changes = new ChangeLedger();
    this.selectedId = preselectId;
    this.onChange = onChange;
    this.list = byId("advisor-list");
  }

  /** The advisors from the platform; a presence that changed while they travelled stays. */
  async load() {
    const mark = this.changes.mark();
    const { advisors } = await this.api.call("GET", "/advisors");
    this.advisors = this.changes.merge(new Map(advisors.map((a) => [a.id, a])), this.advisors, mark);
    if (!this.advisors.has(this.selectedId)) {
      const firstOnline = advisors.find((a) => a.presence === "online");
      this.selectedId = (firstOnline || advisors[0] || {}).id || null;
    }
    this.render();
    this.onChange(this.selected());
  }

  selected() {
    return this.advisors.get(this.selectedId) || null;
  }

  nameOf(advisorId) {
    const advisor = this.advisors.get(advisorId);
    return advisor ? advisor.display_name : "Ihr Berater";
  }

  /** A `presence` event: update the badge (and the selection panel if it is that advisor). */
  applyPresence(advisor) {
    if (!advisor || !advisor.id) return;
    this.changes.noteChange(advisor.id);
    this.advisors.set(advisor.id, { ...(this.advisors.get(advisor.id) || {}), ...advisor });
    this.render();
    if (advisor.id === this.selectedId) this.onChange(this.selected());
  }

  select(advisorId) {
    this.selectedId = advisorId;
    const url = new URL(window.location.href);
    url.searchParams.set("advisor", advisorId);
    window.history.replaceState(null, "", url);
    this.render();
    this.onChange(this.selected());
  }

  render() {
    this.list.setAttribute("aria-busy", "false");
    byId("advisors-empty").hidden = this.advisors.size > 0;
    const items = [...this.advisors.values()].map((advisor) => {
      const badge = el("span", { class: "badge" });
      paintPresence(badge, advisor.presence);
      const chosen = advisor.id === this.selectedId;
      return el(
        "li",
        {},
        el(
          "button",
          {
            type: "button",
            class: "advisor",
            "aria-pressed": chosen ? "true" : "false",
            dataset: { advisorId: advisor.id, testid: `advisor-${advisor.id}` },
            onclick: () => this.select(advisor.id),
          },
          el("span", { class: "avatar", "aria-hidden": "true" }, initials(advisor.display_name)),
          el("span", { class: "advisor-text" }, el("span", { class: "advisor-name" }, advisor.display_name), badge),
        ),
      );
    });
    // Re-rendering on a presence event must not steal the keyboard focus from the list.
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.advisorId
      : undefined;
    this.list.replaceChildren(...items);
    if (focused) {
      const again = this.list.querySelector(`[data-advisor-id="${CSS.escape(focused)}"]`);
      if (again) again.focus();
    }
  }
}
