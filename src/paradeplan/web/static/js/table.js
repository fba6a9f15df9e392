// The march table (every ground element's head and tail time at every named point, sortable,
// CSV from the server) and the air table beside it. Times are the plan's, in tenths, as written.
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";
import { kmh, whole } from "./format.js";
import { clockText, secondsOf } from "./time.js";

function sortable(table, columns, rows, { onSelect, rowClass }) {
  let key = null;
  let dir = 1;
  const head = el("thead", {}, el("tr", {}, columns.map((c) => el("th", {
    class: `${c.num ? "num" : ""} sortable`, title: "Sort", dataset: { key: c.key },
    onclick: () => {
      dir = key === c.key ? -dir : 1;
      key = c.key;
      render();
    },
  }, c.label))));
  const body = el("tbody");
  table.replaceChildren(head, body);
  function render() {
    const sorted = key === null ? rows : [...rows].sort((a, b) => {
      const [x, y] = [a.sort[key], b.sort[key]];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
    for (const th of head.querySelectorAll("th")) th.dataset.sorted = th.dataset.key === key ? (dir > 0 ? "asc" : "desc") : "";
    body.replaceChildren(...sorted.map((r) => el("tr", {
      dataset: { id: r.id }, class: rowClass(r), onclick: () => onSelect(r.id),
    }, columns.map((c) => el("td", { class: c.num ? "num" : "" }, r.cells[c.key] ?? "")))));
  }
  render();
  return render;
}

const MARCH_COLUMNS = [
  { key: "order", label: "#", num: true },
  { key: "name", label: "Element" },
  { key: "kind", label: "Kind" },
  { key: "strength", label: "Pers./veh.", num: true },
  { key: "length", label: "Length m", num: true },
  { key: "speed", label: "km/h", num: true },
  { key: "gap", label: "Gap s", num: true },
];

const AIR_COLUMNS = [
  { key: "id", label: "Formation" },
  { key: "aircraft", label: "Aircraft" },
  { key: "count", label: "No.", num: true },
  { key: "altitude", label: "Alt ft", num: true },
  { key: "tas", label: "TAS kt", num: true },
  { key: "gs", label: "GS kt", num: true },
  { key: "hold", label: "Leave hold", num: true },
  { key: "ip", label: "IP", num: true },
  { key: "tot", label: "Over tribune", num: true },
];

function marchRow(e, order, points, date) {
  const cells = {
    order: order + 1,
    name: el("span", { class: "swatch-name" }, swatch(colourOf(e)), e.name),
    kind: e.kind,
    strength: e.vehicles ? `${e.vehicles} veh.` : e.personnel,
    length: e.length_m.toFixed(1),
    speed: kmh(e.speed_mps),
    gap: e.gap_before_s === null ? "" : e.gap_before_s.toFixed(0),
  };
  const sort = { order, name: e.name, kind: e.kind, strength: e.vehicles || e.personnel, length: e.length_m, speed: e.speed_mps, gap: e.gap_before_s };
  for (const p of points) {
    const times = e.times[p.name];
    for (const end of ["head", "tail"]) {
      cells[`${p.name}.${end}`] = times ? clockText(times[end]) : "";
      sort[`${p.name}.${end}`] = times ? secondsOf(times[end], date) : null;
    }
  }
  return { id: e.id, cells, sort, flag: e.flag };
}

function airRow(e, date) {
  const time = (iso) => (iso ? clockText(iso) : null);
  const sortTime = (iso) => (iso ? secondsOf(iso, date) : null);
  return {
    id: e.id, flag: e.flag,
    cells: { id: e.name, aircraft: e.aircraft_name, count: e.count, altitude: whole(e.altitude_ft),
      tas: Math.round(e.tas_kt), gs: Math.round(e.ground_speed_kt), hold: time(e.hold_exit), ip: time(e.ip), tot: time(e.over_tribune) },
    sort: { id: e.name, aircraft: e.aircraft_name, count: e.count, altitude: e.altitude_ft, tas: e.tas_kt, gs: e.ground_speed_kt,
      hold: sortTime(e.hold_exit), ip: sortTime(e.ip), tot: sortTime(e.over_tribune) },
  };
}

export class Tables {
  // store: the workspace's (plan, elements, selected); a click on a row selects its element
  constructor(marchTable, airTable, store) {
    this.marchTable = marchTable;
    this.airTable = airTable;
    this.store = store;
    this.renderMarch = () => {};
    this.renderAir = () => {};
    store.subscribe(["elements"], (s) => this.setPlan(s.plan, s.elements));
    store.subscribe(["selected", "elements"], (s) => this.setSelected(s.selected));
  }

  setPlan(plan, elements) {
    const onSelect = (id) => this.store.set({ selected: id });
    const rowClass = (r) => [r.id === this.store.get().selected ? "selected" : "", r.flag ? `flag-${r.flag}` : ""].join(" ");
    const march = [...MARCH_COLUMNS, ...plan.points.flatMap((p) => [
      { key: `${p.name}.head`, label: `${p.name} head`, num: true },
      { key: `${p.name}.tail`, label: `${p.name} tail`, num: true },
    ])];
    const marchRows = elements.filter((e) => e.group === "ground").map((e, order) => marchRow(e, order, plan.points, plan.date));
    this.renderMarch = sortable(this.marchTable, march, marchRows, { onSelect, rowClass });
    const airRows = elements.filter((e) => e.group === "air").map((e) => airRow(e, plan.date));
    if (airRows.length) {
      this.renderAir = sortable(this.airTable, AIR_COLUMNS, airRows, { onSelect, rowClass });
    } else {
      this.airTable.replaceChildren(el("caption", { class: "empty" }, "No air segment in this scenario."));
      this.renderAir = () => {};
    }
  }

  setSelected(id) {
    this.renderMarch();
    this.renderAir();
    const row = [this.marchTable, this.airTable].map((t) => t.querySelector(`tr[data-id="${CSS.escape(id || "")}"]`)).find(Boolean);
    if (row) row.scrollIntoView({ block: "nearest" });
  }
}
