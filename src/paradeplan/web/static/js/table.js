// The march table (every ground element's head and tail time at every named point, sortable,
// CSV from the server) and the air table beside it.
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";

const KMH = 3.6;

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
      dataset: { index: r.index, id: r.id }, class: rowClass(r), onclick: () => onSelect(r.index),
    }, columns.map((c) => el("td", { class: c.num ? "num" : "" }, r.cells[c.key] ?? "")))));
  }
  render();
  return render;
}

export class Tables {
  constructor(marchTable, airTable, { timebase, onSelect }) {
    this.marchTable = marchTable;
    this.airTable = airTable;
    this.timebase = timebase;
    this.onSelect = onSelect;
    this.selected = -1;
  }

  setPlan(plan, elements, timeOf) {
    const fmt = (iso) => (iso ? this.timebase.format(timeOf(iso)) : null);
    const points = plan.points; // in route order
    const march = [
      { key: "order", label: "#", num: true },
      { key: "name", label: "Element" },
      { key: "kind", label: "Kind" },
      { key: "strength", label: "Pers./veh.", num: true },
      { key: "length", label: "Length m", num: true },
      { key: "speed", label: "km/h", num: true },
      { key: "gap", label: "Gap s", num: true },
      ...points.flatMap((p) => [
        { key: `${p.name}.head`, label: `${p.name} head`, num: true },
        { key: `${p.name}.tail`, label: `${p.name} tail`, num: true },
      ]),
    ];
    const ground = elements.filter((e) => e.group === "ground");
    const marchRows = ground.map((e, order) => {
      const cells = {
        order: order + 1,
        name: el("span", { class: "swatch-name" }, swatch(colourOf(e)), e.name),
        kind: e.kind,
        strength: e.vehicles ? `${e.vehicles} veh.` : e.personnel,
        length: e.length_m.toFixed(1),
        speed: (e.speed_mps * KMH).toFixed(1),
        gap: e.gap_before_s === null ? "" : e.gap_before_s.toFixed(0),
      };
      const sort = { order, name: e.name, kind: e.kind, strength: e.vehicles || e.personnel, length: e.length_m, speed: e.speed_mps, gap: e.gap_before_s };
      for (const p of points) {
        const times = e.times[p.name];
        for (const end of ["head", "tail"]) {
          cells[`${p.name}.${end}`] = times ? fmt(times[end]) : "";
          sort[`${p.name}.${end}`] = times ? timeOf(times[end]) : null;
        }
      }
      return { index: e.index, id: e.id, cells, sort, flag: e.flag };
    });
    const rowClass = (r) => [r.index === this.selected ? "selected" : "", r.flag ? `flag-${r.flag}` : ""].join(" ");
    this.renderMarch = sortable(this.marchTable, march, marchRows, { onSelect: this.onSelect, rowClass });

    const airCols = [
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
    const airRows = elements.filter((e) => e.group === "air").map((e) => ({
      index: e.index, id: e.id, flag: e.flag,
      cells: { id: e.name, aircraft: e.aircraft_name, count: e.count, altitude: Math.round(e.altitude_ft).toLocaleString("en"),
        tas: Math.round(e.tas_kt), gs: Math.round(e.ground_speed_kt), hold: fmt(e.hold_exit), ip: fmt(e.ip), tot: fmt(e.over_tribune) },
      sort: { id: e.name, aircraft: e.aircraft_name, count: e.count, altitude: e.altitude_ft, tas: e.tas_kt, gs: e.ground_speed_kt,
        hold: e.hold_exit ? timeOf(e.hold_exit) : null, ip: timeOf(e.ip), tot: timeOf(e.over_tribune) },
    }));
    if (airRows.length) {
      this.renderAir = sortable(this.airTable, airCols, airRows, { onSelect: this.onSelect, rowClass });
    } else {
      this.airTable.replaceChildren(el("caption", { class: "empty" }, "No air segment in this scenario."));
      this.renderAir = () => {};
    }
  }

  setSelected(index) {
    this.selected = index;
    this.renderMarch();
    this.renderAir();
    const row = [this.marchTable, this.airTable].map((t) => t.querySelector(`tr[data-index="${index}"]`)).find(Boolean);
    if (row) row.scrollIntoView({ block: "nearest" });
  }
}
