// The forecast drawn beside the plan: on the chart, each ground element's forecast band (dashed, over
// its planned band) and each formation's forecast time over the flypast point; on the map, every agent
// where the forecast puts it. The times are the server's: at each named point an element's forecast
// minus planned time is its offset there (the records where it has them, planned + delay_s beyond its
// furthest record); the band's entries between named points take the offsets of the points around
// them, straight between. The browser computes no delay.
import { delayClass } from "./boardtime.js";
import { colourOf, css, ERROR, WARNING } from "./colours.js";
import { secondsOf } from "./time.js";

const SAME_S = 0.05; // an offset under this is none: the forecast band is the planned one
const DASH_PX = [5, 3];
const MARK_R_PX = 6; // a formation's forecast diamond, centre to tip
const EARLY = [96, 165, 250, 255];
const OUTLINES = { "on-time": null, late: WARNING, "very-late": ERROR, early: EARLY }; // null: the element's colour

// an offset (s) at distance d from [[distance m, offset s], ...] in route order, straight between them
function offsetAt(known, d) {
  if (d <= known[0][0]) return known[0][1];
  for (let i = 1; i < known.length; i++) {
    const [[d0, o0], [d1, o1]] = [known[i - 1], known[i]];
    if (d <= d1) return d1 === d0 ? o1 : o0 + ((d - d0) / (d1 - d0)) * (o1 - o0);
  }
  return known[known.length - 1][1];
}

// the forecast edges of a ground element ({head, tail}: [[distance m, clock s], ...] through every entry of
// its planned trajectory), or null where the forecast is the plan
function forecastEdges(element, state, points, date) {
  const known = { head: [], tail: [] };
  for (const p of points) {
    const [planned, forecast] = [element.times[p.name], state.forecast[p.name]];
    if (!planned || !forecast) continue;
    for (const end of ["head", "tail"]) {
      if (forecast[end]) known[end].push([p.at_m, secondsOf(forecast[end], date) - secondsOf(planned[end], date)]);
    }
  }
  if (!known.head.length || !known.tail.length || ![...known.head, ...known.tail].some(([, o]) => Math.abs(o) >= SAME_S)) return null;
  const edge = (end) => element.trajectory.map((e) => [e.at_m, secondsOf(e[end], date) + offsetAt(known[end], e.at_m)]);
  return { head: edge("head"), tail: edge("tail") };
}

// What the chart and the tests draw of a forecast: {bands: [{id, element, delay_s, head, tail}] of the ground
// elements off their plan, marks: [{id, element, delay_s, planned, t}] of the formations off theirs (clock s)}
export function forecastOf(plan, live) {
  const found = { bands: [], marks: [] };
  if (!plan || !live) return found;
  for (const element of plan.ground) {
    const state = live.elements[element.id];
    const edges = state && forecastEdges(element, state, plan.points, plan.date);
    if (edges) found.bands.push({ id: element.id, element, delay_s: state.delay_s, ...edges });
  }
  for (const element of plan.air) {
    const state = live.elements[element.id];
    const over = state && state.forecast.tribune && state.forecast.tribune.head;
    if (!over) continue;
    const [planned, t] = [secondsOf(element.over_tribune, plan.date), secondsOf(over, plan.date)];
    if (Math.abs(t - planned) >= SAME_S) found.marks.push({ id: element.id, element, delay_s: state.delay_s, planned, t });
  }
  return found;
}

// The chart's overlay for a forecast: draw(ctx, chart), called by the chart over its planned bands. A band
// is filled faintly in its element's colour and outlined dashed in its delay's colour (amber late, red very
// late, blue early); a formation's forecast is a hollow diamond joined to its planned mark.
export function drawForecast(forecast) {
  return (ctx, c) => {
    const y = c._y(c.plan.flypast_point.at_m);
    ctx.save();
    ctx.setLineDash(DASH_PX);
    for (const band of forecast.bands) {
      const outline = [...band.head, ...[...band.tail].reverse()].map(([d, t]) => [c._x(t), c._y(d)]);
      const path = new Path2D();
      for (const [x, py] of outline) path.lineTo(x, py);
      path.closePath();
      const colour = colourOf(band.element);
      ctx.fillStyle = css(colour, 0.22);
      ctx.fill(path);
      const selected = band.id === c.selected;
      ctx.lineWidth = selected ? 2 : 1.5;
      ctx.strokeStyle = selected ? "#ffffff" : css(OUTLINES[delayClass(band.delay_s)] || colour);
      ctx.stroke(path);
    }
    for (const mark of forecast.marks) {
      const [x0, x] = [c._x(mark.planned), c._x(mark.t)];
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = css(OUTLINES[delayClass(mark.delay_s)] || colourOf(mark.element));
      ctx.beginPath();
      ctx.moveTo(x0, y);
      ctx.lineTo(x, y);
      ctx.moveTo(x, y - MARK_R_PX); ctx.lineTo(x + 5, y); ctx.lineTo(x, y + MARK_R_PX); ctx.lineTo(x - 5, y); ctx.closePath();
      ctx.stroke();
    }
    ctx.restore();
  };
}

// Move every agent's trip by its element's forecast delay (plannedT: the trips' planned times, kept aside):
// the map then shows each element where the forecast has it now.
export function shiftAgents(agents, plannedT, elements, live) {
  if (!live) return;
  const shift = elements.map((e) => (live.elements[e.id] ? live.elements[e.id].delay_s : 0));
  for (let i = 0; i < agents.n; i++) {
    const s = shift[agents.element[i]];
    for (let k = agents.start[i]; k < agents.start[i + 1]; k++) agents.T[k] = plannedT[k] + s;
  }
  agents.time = NaN; // placed again at the next frame
}
