// The march table (every ground element's head and tail time at every named point, sortable,
// CSV from the server) and the air table beside it. Times are the plan's, in tenths, as written.
// The order and name columns stay in view while the times scroll sideways; a name cell shows the
// element's id under its name (four "Land Forces - Regional Command ..." differ only at the end)
// and its full name on hover.
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";
import { kmh, whole } from "./format.js";
import { clockText, secondsOf } from "./time.js";

// `order` ({key, dir}) is kept by the caller, so a new plan (each edit of the what-if) keeps the sort
function sortable(table, columns, rows, { onSelect, rowClass, order }) {
  if (!columns.some((c) => c.key === order.key)) Object.assign(order, { key: null, dir: 1 });
  const frozen = columns.filter((c) => c.frozen);
  const classOf = (c) => [c.num ? "num" : "", c.frozen ? `frozen frozen-${frozen.indexOf(c)}` : ""].join(" ");
  const head = el("thead", {}, el("tr", {}, columns.map((c) => el("th", {
    class: `${classOf(c)} sortable`, title: "Sort", dataset: { key: c.key },
    onclick: () => {
      Object.assign(order, { dir: order.key === c.key ? -order.dir : 1, key: c.key });
      render();
    },
  }, c.label))));
  const body = el("tbody");
  table.replaceChildren(head, body);
  function render() {
    const { key, dir } = order;
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
    }, columns.map((c) => el("td", { class: classOf(c), title: r.titles[c.key] }, r.cells[c.key] ?? "")))));
    freeze(table);
  }
  render();
  return render;
}

// each frozen column sticks where the frozen ones before it end (their widths as laid out)
function freeze(table) {
  let left_px = 0;
  table.querySelectorAll("thead th.frozen").forEach((th, i) => {
    table.style.setProperty(`--frozen-${i}`, `${left_px}px`);
    left_px += th.getBoundingClientRect().width;
  });
}

// a name cell: swatch and name, the id muted under it
function nameCell(e) {
  return [el("span", { class: "swatch-name" }, swatch(colourOf(e)), e.name), el("span", { class: "element-id" }, e.id)];
}

const MARCH_COLUMNS = [
  { key: "order", label: "#", num: true, frozen: true },
  { key: "name", label: "Element", frozen: true },
  { key: "kind", label: "Kind" },
  { key: "strength", label: "Pers./veh.", num: true },
  { key: "length", label: "Length m", num: true },
  { key: "speed", label: "km/h", num: true },
  { key: "gap", label: "Gap s", num: true },
];

const AIR_COLUMNS = [
  { key: "id", label: "Formation", frozen: true },
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
    name: nameCell(e),
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
  return { id: e.id, cells, sort, flag: e.flag, titles: { name: `${e.name} (${e.id})` } };
}

function airRow(e, date) {
  const time = (iso) => (iso ? clockText(iso) : null);
  const sortTime = (iso) => (iso ? secondsOf(iso, date) : null);
  return {
    id: e.id, flag: e.flag, titles: { id: `${e.name} (${e.id})`, aircraft: e.aircraft_name },
    cells: { id: nameCell(e), aircraft: e.aircraft_name, count: e.count, altitude: whole(e.altitude_ft),
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
    this.marchOrder = { key: null, dir: 1 };
    this.airOrder = { key: null, dir: 1 };
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
    this.renderMarch = sortable(this.marchTable, march, marchRows, { onSelect, rowClass, order: this.marchOrder });
    const airRows = elements.filter((e) => e.group === "air").map((e) => airRow(e, plan.date));
    this.airTable.closest(".table-box").classList.toggle("no-air", !airRows.length); // narrow: nothing to show
    if (airRows.length) {
      this.renderAir = sortable(this.airTable, AIR_COLUMNS, airRows, { onSelect, rowClass, order: this.airOrder });
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
