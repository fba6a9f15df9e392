// The records a marshal makes on this phone, and the queue that gets them to the server.
// Every record is written to localStorage first, then posted (POST .../live/events) with its own id,
// one at a time in the order made (a void goes after the record it voids). A record stays queued, and
// is sent again with the same id after a pause that grows (1 s to 30 s), until the server answers
// 201 or 200 (the same id again: the stored record, never a second one); only then is it taken off
// the queue, as "acknowledged". A 422 is the server refusing the record itself: it is kept as
// "failed" with the server's words and never sent again. The list survives a reload.

import { csrfToken } from "./api.js";

const BACKOFF_S = [1, 2, 4, 8, 15, 30];
const KEPT_DONE = 200;  // acknowledged and failed records kept for the list; queued ones are always kept

function heldWords(status, detail) {
  if (status === 409) return "the day is not running: the records wait on the phone until the control room starts it";
  if (status === 401) return "signed out: log in again; the records wait on the phone";
  if (status >= 500) return `the server failed (HTTP ${status}): trying again`;
  return `the server refused for now (HTTP ${status}${detail ? `: ${detail}` : ""}): trying again`;
}

export class RecordQueue {
  // onChange() after every change of a record's state; onRefused(item) when the server refuses one (422)
  constructor(apiUrl, scenarioId, { onChange, onRefused }) {
    this.url = `${apiUrl}/scenarios/${scenarioId}/live/events`;
    this.key = `paradeplan.live.${scenarioId}.records`;
    this.onChange = onChange;
    this.onRefused = onRefused;
    this.items = this.load();
    this.sending = null;  // the id of the record in flight
    this.held = null;  // why the queue is waiting, in words
    this.attempt = 0;
    this.timer = null;
    window.addEventListener("online", () => this.pump());
  }

  load() {
    try {
      const items = JSON.parse(localStorage.getItem(this.key));
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }

  save() {
    const done = this.items.filter((i) => i.state !== "queued");
    const dropped = new Set(done.slice(0, Math.max(0, done.length - KEPT_DONE)).map((i) => i.id));
    this.items = this.items.filter((i) => !dropped.has(i.id));
    localStorage.setItem(this.key, JSON.stringify(this.items));
  }

  // keep a record (the POST body) and what it is about, for the list; then send what waits
  add(body, about) {
    const item = { id: body.id, body, about, state: "queued" };
    this.items.push(item);
    this.save();
    this.onChange();
    this.pump();
    return item;
  }

  waiting() {
    return this.items.filter((i) => i.state === "queued").length;
  }

  // the stream brought a record back: stored, whatever became of the reply to its POST
  acknowledge(id, seq) {
    const item = this.items.find((i) => i.id === id);
    if (!item || item.state === "acknowledged") return;
    Object.assign(item, { state: "acknowledged", seq });
    delete item.error;
    this.save();
    this.onChange();
  }

  async pump() {
    if (this.sending) return;
    clearTimeout(this.timer);
    this.timer = null;
    for (;;) {
      const item = this.items.find((i) => i.state === "queued");
      if (!item) {
        this.held = null;
        break;
      }
      this.sending = item.id;
      this.onChange();
      const stored = await this.send(item);
      this.sending = null;
      if (stored === null) {
        const wait_s = BACKOFF_S[Math.min(this.attempt, BACKOFF_S.length - 1)];
        this.attempt += 1;
        this.timer = setTimeout(() => this.pump(), wait_s * 1000);
        break;
      }
      this.attempt = 0;
      this.held = null;
    }
    this.onChange();
  }

  // one try: true when stored, false when refused for good (422), null to try again later
  async send(item) {
    let response;
    try {
      response = await fetch(this.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify(item.body),
      });
    } catch {
      this.held = navigator.onLine ? "the server cannot be reached: trying again" : "no network: the records wait on the phone";
      return null;
    }
    let reply = null;
    try {
      reply = await response.json();
    } catch {
      reply = null;
    }
    const detail = reply && typeof reply.detail === "string" ? reply.detail : null;
    if (response.status === 200 || response.status === 201) {
      if (item.state !== "acknowledged") Object.assign(item, { state: "acknowledged", seq: reply ? reply.seq : null });
      delete item.error;
      this.save();
      return true;
    }
    if (response.status === 422) {
      Object.assign(item, { state: "failed", error: detail || "the server refused this record" });
      this.save();
      this.onRefused(item);
      return false;
    }
    this.held = heldWords(response.status, detail);
    return null;
  }
}
