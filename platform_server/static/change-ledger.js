// Keeps a late snapshot from undoing newer events (a list fetched again after a reconnect).

/**
 * Counts the changes a list takes in (events, answers to the customer's own actions) and which
 * entry each one touched. A snapshot asked for before a change may arrive after it: `merge` keeps
 * the entries that changed after the snapshot was asked for, and takes the rest from the snapshot.
 */
export class ChangeLedger {
  constructor() {
    this.count = 0;
    this.changedAt = new Map(); // entry id → the count when it last changed
  }

  noteChange(id) {
    this.count += 1;
    this.changedAt.set(id, this.count);
  }

  /** A mark to take before asking for a snapshot, for `merge` when it arrives. */
  mark() {
    return this.count;
  }

  /** The snapshot's entries (a Map by id), with those changed since `mark` kept from `current`. */
  merge(snapshot, current, mark) {
    const merged = new Map(snapshot);
    for (const [id, entry] of current) {
      if ((this.changedAt.get(id) || 0) > mark) merged.set(id, entry);
    }
    return merged;
  }
}
