// The chart's names, placed by chartlabels.js and drawn here: the formations' names first (they have the
// fewest places to go), then each band's along it, then, for a column none of whose bands could be named
// (the whole parade in view), the column's name across it; last the chosen finding's code by its ring.
import { corners, LABEL_H_PX, leaderOf, placeBandLabels, placeMarkLabels } from "./chartlabels.js";
import { css, ERROR, WARNING } from "./colours.js";

export const FONT = "11px system-ui, sans-serif";
export const GROUP_NAMES = { band: "Bands", foot: "Foot column", mounted: "Mounted column", vehicle: "Vehicle column" };
const MIN_GROUP = 3; // a column of fewer bands is not named as a column

// Draws the names over the chart c as last drawn (bands with centre, edgesPx and box; marks and findings with
// x, y, r) inside plot [left, top, right, bottom]; returns {markLabels, bandLabels, groupLabels} as placed.
export function drawNames(ctx, c, plot) {
  ctx.font = FONT;
  const width = (text) => ctx.measureText(text).width;
  const inPlot = (x, y) => x >= plot[0] && x <= plot[2] && y >= plot[1] && y <= plot[3];
  const marks = c.marks.filter((m) => inPlot(m.x, m.y)).map((m) => {
    const text = m.element.label || m.element.name;
    return { id: m.element.id, text, width: width(text), x: m.x, y: m.y, r: m.r, selected: m.element.id === c.selected };
  });
  const markR = marks.length ? marks[0].r : 0;
  const markLabels = placeMarkLabels(marks, [plot[0] + 2, 2, c._w - 2, plot[3]], markR);
  const square = (x, y, r) => corners({ cx: x, cy: y, w: 2 * r, h: 2 * r, angle: 0 });
  const taken = [...markLabels.map((l) => corners(l.rect)), ...marks.map((m) => square(m.x, m.y, m.r)),
    ...c.findings.filter((f) => inPlot(f.x, f.y)).map((f) => square(f.x, f.y, f.r + 2))];

  const inView = c.bands.filter((b) => b.box[2] >= plot[0] && b.box[0] <= plot[2] && b.box[3] >= plot[1] && b.box[1] <= plot[3]);
  const order = [...inView.filter((b) => b.element.id === c.selected), ...inView.filter((b) => b.element.id !== c.selected)];
  const labelOf = (b, text = b.element.label || b.element.name, selected = b.element.id === c.selected) => (
    { id: b.element.id, text, centre: b.centre, edges: b.edgesPx, selected });
  const bandLabels = placeBandLabels(order.map((b) => labelOf(b)), plot, taken, width);
  const selectedBand = order.find((b) => b.element.id === c.selected);
  if (selectedBand && !bandLabels.some((l) => l.id === c.selected)) bandLabels.unshift(levelLabel(selectedBand, width, plot, inPlot));

  const groupLabels = [];
  const named = new Set(bandLabels.map((l) => l.id));
  for (const kind of new Set(inView.map((b) => b.element.kind))) {
    const members = inView.filter((b) => b.element.kind === kind);
    if (members.length < MIN_GROUP || members.some((b) => named.has(b.element.id))) continue;
    const text = `${GROUP_NAMES[kind] || kind} (${c.bands.filter((b) => b.element.kind === kind).length})`;
    const half = members.length / 2;
    const fromMiddle = members.map((b, i) => ({ b, i })).sort((p, q) => Math.abs(p.i - half) - Math.abs(q.i - half)).map((p) => p.b);
    for (const band of fromMiddle) {
      const [label] = placeBandLabels([labelOf(band, text, true)], plot, taken, width);
      if (label) {
        groupLabels.push({ ...label, kind });
        break;
      }
    }
  }

  for (const l of markLabels) drawMarkLabel(ctx, l, l.id === c.selected, markR);
  for (const l of bandLabels) drawBandLabel(ctx, l, l.id === c.selected ? "selected" : "band");
  for (const l of groupLabels) drawBandLabel(ctx, l, "group");
  const chosen = c.findings.find((f) => f.index === c.chosen);
  if (chosen && inPlot(chosen.x, chosen.y)) drawCode(ctx, chosen, width, plot);
  return { markLabels, bandLabels, groupLabels };
}

// the selected band's name level across its middle in view, where no turned label fits
function levelLabel(band, width, plot, inPlot) {
  const text = band.element.label || band.element.name;
  const w = width(text) + 6;
  const visible = band.centre.filter(([x, y]) => inPlot(x, y));
  const [x, y] = visible.length ? visible[Math.floor(visible.length / 2)] : [(band.box[0] + band.box[2]) / 2, (band.box[1] + band.box[3]) / 2];
  const cx = Math.min(plot[2] - w / 2, Math.max(plot[0] + w / 2, x));
  const cy = Math.min(plot[3] - LABEL_H_PX / 2, Math.max(plot[1] + LABEL_H_PX / 2, y));
  return { id: band.element.id, text, rect: { cx, cy, w, h: LABEL_H_PX, angle: 0 } };
}

// a band's name along it; the selected band's dark on white; a column's (group) in italics on a solid ground
function drawBandLabel(ctx, { text, rect }, style) {
  ctx.save();
  ctx.translate(rect.cx, rect.cy);
  ctx.rotate(rect.angle);
  ctx.fillStyle = { selected: "rgba(255, 255, 255, 0.92)", group: "rgba(11, 15, 20, 0.88)", band: "rgba(11, 15, 20, 0.6)" }[style];
  ctx.fillRect(-rect.w / 2, -rect.h / 2, rect.w, rect.h);
  ctx.font = style === "group" ? `italic ${FONT}` : FONT;
  ctx.fillStyle = style === "selected" ? "#0b0f14" : "#f1f5f9";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, 0, 0.5);
  ctx.restore();
}

// a formation's name in its row, with its leader line to the mark
function drawMarkLabel(ctx, label, selected, markR) {
  const { text, rect } = label;
  const [[x0, y0], [x1, y1]] = leaderOf(label, markR);
  ctx.strokeStyle = selected ? "#ffffff" : "rgba(125, 226, 245, 0.8)";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.fillStyle = selected ? "rgba(255, 255, 255, 0.92)" : "rgba(11, 15, 20, 0.85)";
  ctx.fillRect(rect.cx - rect.w / 2, rect.cy - rect.h / 2, rect.w, rect.h);
  ctx.fillStyle = selected ? "#0b0f14" : "#7de2f5";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(text, rect.cx, rect.cy + 0.5);
}

// the chosen finding's code on its severity's colour, up and right of its ring
function drawCode(ctx, f, width, plot) {
  const text = f.finding.code;
  const w = width(text) + 8;
  const x = Math.min(plot[2] - w, f.x + f.r + 3);
  const y = Math.max(plot[1], f.y - f.r - LABEL_H_PX);
  ctx.fillStyle = f.finding.severity === "error" ? css(ERROR) : css(WARNING);
  ctx.fillRect(x, y, w, LABEL_H_PX);
  ctx.fillStyle = "#0b0f14";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.fillText(text, x + 4, y + LABEL_H_PX / 2);
}
