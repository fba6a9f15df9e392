// A ground element's trajectory from the plan JSON as two edges, head and tail, each a polyline of
// [distance m, clock seconds] in route order. The plan puts an entry at every named point and every
// place the element's speed changes, so a straight line between two entries is the plan itself.
import { secondsOf } from "./time.js";

export function edgesOf(element, date) {
  const edge = (end) => element.trajectory.map((p) => [p.at_m, secondsOf(p[end], date)]);
  return { head: edge("head"), tail: edge("tail") };
}

// where an edge is at clock time t, in metres; null before it joins or after it leaves
export function distanceAt(edge, t) {
  for (let i = 1; i < edge.length; i++) {
    const [[d0, t0], [d1, t1]] = [edge[i - 1], edge[i]];
    if (t >= t0 && t <= t1) return t1 === t0 ? d1 : d0 + ((t - t0) / (t1 - t0)) * (d1 - d0);
  }
  return null;
}

// when an edge reaches distance d, in clock seconds; null where the element does not march
export function timeAt(edge, d) {
  for (let i = 1; i < edge.length; i++) {
    const [[d0, t0], [d1, t1]] = [edge[i - 1], edge[i]];
    if (d >= d0 && d <= d1) return d1 === d0 ? t0 : t0 + ((d - d0) / (d1 - d0)) * (t1 - t0);
  }
  return null;
}
