// The scenario editor: CodeMirror 6 with YAML, validated by the server while typing (debounced),
// problems and findings shown at their lines; Save with a message makes a new version. A version
// opened read-only is not validated: it shows the findings of its stored plan (show()).
import {
  basicSetup, EditorView, EditorState, keymap, yaml, lintGutter, setDiagnostics, HighlightStyle, syntaxHighlighting, tags,
} from "codemirror";
import { postJSON, problemLines } from "./api.js";
import { el } from "./dom.js";

const DEBOUNCE_MS = 300;

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "12.5px", backgroundColor: "#0f141b", color: "#d6deeb" },
  ".cm-scroller": { fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, monospace", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "#0f141b", color: "#4b5563", border: "none" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "#18202b" },
  ".cm-cursor": { borderLeftColor: "#f8fafc" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "#264f78 !important" },
  ".cm-tooltip": { backgroundColor: "#1f2937", color: "#e5e7eb", border: "1px solid #374151" },
  ".cm-panels": { backgroundColor: "#1f2937", color: "#e5e7eb" },
}, { dark: true });

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#7dd3fc" },
  { tag: tags.comment, color: "#6b7280", fontStyle: "italic" },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: "#e5e7eb" },
  { tag: [tags.number, tags.bool, tags.null], color: "#fbbf24" },
  { tag: [tags.keyword, tags.typeName, tags.labelName], color: "#c4b5fd" },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "#9ca3af" },
  { tag: tags.invalid, color: "#f87171" },
]);

export class Editor extends EventTarget {
  // root: the editor pane; yamlText, filename: the text and its file; readOnly: a version opened for reading;
  // saveUrl, validateUrl: where a save and a check go
  constructor(root, { yamlText, filename, readOnly, saveUrl, validateUrl }) {
    super();
    this.filename = filename;
    this.saveUrl = saveUrl;
    this.validateUrl = validateUrl;
    this.savedText = yamlText;
    this.sequence = 0;
    this.status = root.querySelector(".editor-status");
    this.list = root.querySelector(".editor-problems");
    this.view = new EditorView({
      parent: root.querySelector(".editor-host"),
      state: EditorState.create({
        doc: yamlText,
        extensions: [
          basicSetup, yaml(), lintGutter(), theme, EditorView.lineWrapping, syntaxHighlighting(highlight),
          EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly),
          keymap.of([{ key: "Mod-s", preventDefault: true, run: () => { this.dispatchEvent(new Event("save-requested")); return true; } }]),
          EditorView.updateListener.of((update) => { if (update.docChanged) this._changed(); }),
        ],
      }),
    });
    if (!readOnly) this.validate();
  }

  get text() {
    return this.view.state.doc.toString();
  }

  get dirty() {
    return this.text !== this.savedText;
  }

  _changed() {
    this.dispatchEvent(new Event("change"));
    clearTimeout(this._timer);
    this._setStatus("checking", "Checking…");
    this._timer = setTimeout(() => this.validate(), DEBOUNCE_MS);
  }

  // check the text now; a "validated" event brings the answer ({problems, findings, plan}) with the text checked
  async validate() {
    const sequence = ++this.sequence;
    const text = this.text;
    const started = performance.now();
    let result;
    try {
      result = await postJSON(this.validateUrl, { yaml: text, filename: this.filename });
    } catch (error) {
      if (sequence === this.sequence) this._setStatus("invalid", `Could not check: ${error.message}`);
      return;
    }
    if (sequence !== this.sequence) return; // typed on since: a newer check is on its way
    this.show(result.problems, result.findings);
    this.dispatchEvent(new CustomEvent("validated", { detail: { ...result, text, ms: performance.now() - started } }));
  }

  // problems (from the loader) and findings (from the planner), each at its line when it has one
  show(problems, findings) {
    const doc = this.view.state.doc;
    const entries = [
      ...problems.map((p) => ({ severity: "error", line: p.line, label: p.path ? `${p.path}: ${p.message}` : p.message })),
      ...findings.map((f) => ({ severity: f.severity, line: f.line, label: `${f.code}: ${f.message}` })),
    ];
    const diagnostics = entries.filter((e) => e.line && e.line <= doc.lines).map((e) => {
      const line = doc.line(e.line);
      return { from: line.from, to: Math.max(line.from, line.to), severity: e.severity, message: e.label };
    });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
    this.list.replaceChildren(...entries.map((e) => el("li", {
      class: `sev-${e.severity}`, dataset: { line: e.line || "" }, onclick: () => e.line && this.goToLine(e.line),
    }, el("span", { class: "where" }, e.line ? `line ${e.line}` : "—"), el("span", { class: "what" }, e.label))));
    const errors = entries.filter((e) => e.severity === "error").length;
    const warnings = entries.length - errors;
    if (problems.length) this._setStatus("invalid", `${problems.length} problem${problems.length > 1 ? "s" : ""}: not a valid scenario`);
    else if (errors) this._setStatus("errors", `Valid file · ${errors} error${errors > 1 ? "s" : ""}, ${warnings} warning${warnings === 1 ? "" : "s"} in the plan`);
    else if (warnings) this._setStatus("warnings", `Valid plan · ${warnings} warning${warnings > 1 ? "s" : ""}`);
    else this._setStatus("ok", "Valid plan · no findings");
  }

  _setStatus(kind, text) {
    this.status.dataset.kind = kind;
    this.status.textContent = text;
  }

  goToLine(number) {
    const line = this.view.state.doc.line(Math.min(number, this.view.state.doc.lines));
    this.view.dispatch({ selection: { anchor: line.from }, effects: EditorView.scrollIntoView(line.from, { y: "center" }) });
    this.view.focus();
  }

  // Scroll (without taking the focus) to the line that defines element `id`, when the text has one.
  reveal(id) {
    const doc = this.view.state.doc;
    const pattern = new RegExp(`^\\s*(-\\s+)?id:\\s*["']?${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*(#.*)?$`);
    for (let n = 1; n <= doc.lines; n++) {
      const line = doc.line(n);
      if (pattern.test(line.text)) {
        this.view.dispatch({ effects: EditorView.scrollIntoView(line.from, { y: "start", yMargin: 40 }) });
        return n;
      }
    }
    return null;
  }

  // POST a new version; resolves to its number, or throws with the server's problems shown
  async save(message) {
    const text = this.text;
    try {
      const created = await postJSON(this.saveUrl, { yaml: text, message });
      this.savedText = text;
      this.dispatchEvent(new Event("change"));
      return created.number;
    } catch (error) {
      if (error.status === 422 && error.body && error.body.problems) this.show(error.body.problems, []);
      throw new Error(problemLines(error).join("\n"));
    }
  }
}
