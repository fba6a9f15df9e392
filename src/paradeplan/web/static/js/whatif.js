// The what-if: the editor's unsaved text, planned by the server as it is typed (the editor's check
// returns the plan), shown in every view in place of the saved version, with a banner that says so,
// one click back to the saved plan and a comparison with it one click away. The agents of the edit
// come from POST /api/trips; without it the edit is shown without agents, and the banner says so.
import { postJSON } from "./api.js";
import { openCompare } from "./compare.js";
import { el } from "./dom.js";
import { plural } from "./format.js";

const sameIds = (a, b) => a.length === b.length && a.every((e, i) => e.id === b[i].id);

export class WhatIf {
  // editor: the Editor; store: the workspace's; banner, dialog: where it speaks; urls: {trips, compare};
  // elementsOf(plan), agentsOf(trips, elements): as the workspace builds them; show(view, edited): puts a
  // view ({plan, elements, agents}) in the store
  constructor({ editor, store, banner, dialog, urls, elementsOf, agentsOf, show }) {
    Object.assign(this, { editor, store, banner, dialog, urls, elementsOf, agentsOf, show });
    this.saved = null; // the saved version's view
    this.edit = null; // the view of the last unsaved text that planned, with its text
    this.mode = "saved"; // which of the two is shown
    this.problems = 0; // problems of the last check of an unsaved text that did not plan
    this.tripsMissing = false; // the server has no POST /api/trips
    this.tripsError = null; // why the edit's agents could not be had
    editor.addEventListener("validated", (e) => this._checked(e.detail));
    editor.addEventListener("change", () => this._changed());
  }

  // the text changed, or was saved: a saved edit is the saved version now (its stored plan follows)
  _changed() {
    if (!this.editor.dirty && this.edit && this.edit.text === this.editor.savedText) {
      Object.assign(this, { saved: this.edit, edit: null, mode: "saved", problems: 0 });
      this._apply();
    } else {
      this._render();
    }
  }

  // the saved version's plan (on opening, and after a save): shown unless an unsaved edit is
  setSaved(plan) {
    this.saved = { plan, elements: this.elementsOf(plan), agents: null };
    if (!this.editor.dirty) Object.assign(this, { edit: null, mode: "saved", problems: 0 });
    this._apply();
  }

  // the saved version's trips, once they come
  setSavedTrips(trips) {
    this.saved.agents = this.agentsOf(trips, this.saved.elements);
    this._apply();
  }

  // "Show saved" / "Show your edit"
  showSaved() {
    this.mode = "saved";
    this._apply();
  }

  showEdit() {
    if (this.edit) this.mode = "edit";
    this._apply();
  }

  compare() {
    return openCompare(this.dialog, this.urls.compare, this.editor.text, this.store.get().version);
  }

  // an answer of the editor's check: the saved text, an edit that plans, or an edit with problems
  _checked({ text, plan, problems }) {
    if (text === this.editor.savedText) {
      Object.assign(this, { edit: null, mode: "saved", problems: 0 });
    } else if (plan) {
      const elements = this.elementsOf(plan);
      const shown = this.store.get();
      // until its own trips come, the agents shown stay when the elements are the same
      const stale = !this.tripsMissing && shown.agents && sameIds(shown.elements, elements) ? shown.agents : null;
      this.edit = { plan, elements, agents: stale, text, tripsFollow: false };
      Object.assign(this, { mode: "edit", problems: 0, tripsError: null });
      if (!this.tripsMissing) this._loadTrips(this.edit);
    } else {
      this.problems = problems.length;
    }
    this._apply();
  }

  async _loadTrips(edit) {
    let trips;
    try {
      trips = await postJSON(this.urls.trips, { yaml: edit.text, filename: this.editor.filename });
    } catch (error) {
      if (error.status === 404 || error.status === 405) this.tripsMissing = true;
      else if (this.edit === edit) this.tripsError = error.message;
      if (this.edit === edit) edit.agents = null;
      this._apply();
      return;
    }
    if (this.edit !== edit) return; // typed on since
    edit.agents = this.agentsOf(trips, edit.elements);
    edit.tripsFollow = true;
    this._apply();
  }

  get view() {
    return this.mode === "edit" && this.edit ? this.edit : this.saved;
  }

  // the agents shown are the view's own (not, for a moment, those of the plan before an edit)
  get agentsFollow() {
    const view = this.view;
    return Boolean(view && view.agents && (view !== this.edit || view.tripsFollow));
  }

  _apply() {
    const view = this.view;
    if (view) this.show(view, view === this.edit);
    this._render();
  }

  // the banner: what is shown, and whether it is the text in the editor
  _render() {
    const { banner } = this;
    if (!this.editor.dirty || !this.saved) {
      banner.hidden = true;
      return;
    }
    const version = `v${this.store.get().version}`;
    const problems = this.problems ? `Your edit does not load (${plural(this.problems, "problem")})` : null;
    const showingEdit = this.view === this.edit;
    let text;
    if (showingEdit) {
      text = problems ? `${problems}: showing your last edit that loaded; ${version} is the last saved`
        : `Unsaved changes: showing your edit; ${version} is the last saved`;
    } else if (problems) {
      text = `${problems}: showing ${version}, the last saved`;
    } else if (this.edit) {
      text = `Unsaved changes: showing ${version}, the last saved, not your edit`;
    } else {
      text = `Unsaved changes: showing ${version} until your edit is checked`;
    }
    const agents = showingEdit && !this.edit.agents && (this.tripsMissing || this.tripsError)
      ? el("span", { class: "whatif-note" }, `agents not shown for the edit${this.tripsError ? ` (${this.tripsError})` : ""}`) : null;
    banner.dataset.kind = problems ? "problem" : showingEdit ? "edit" : "saved";
    banner.replaceChildren(...[
      el("span", { class: "whatif-text", id: "whatif-text" }, text), agents,
      el("span", { class: "whatif-actions" },
        showingEdit ? el("button", { type: "button", id: "show-saved", onclick: () => this.showSaved() }, "Show saved")
          : this.edit ? el("button", { type: "button", id: "show-edit", onclick: () => this.showEdit() }, "Show your edit") : null,
        this.edit && !problems ? el("button", { type: "button", id: "compare-saved", onclick: () => this.compare() }, "Compare with saved") : null),
    ].filter(Boolean));
    banner.hidden = false;
  }
}
