// The day replayed on the workspace clock (a version opened read-only with ?live=1, from the report page):
// the day's records and forecast, as the server sends them in GET .../live/forecast, drawn over the plan
// as the control board draws them (dashed forecast bands on the chart, every agent moved by its element's
// forecast delay on the map), and the clock set a minute before the day's first record. Nothing is worked
// out here: the bands are boardtrack.js's drawing of the server's times.
import { getJSON } from "./api.js";
import { drawForecast, forecastOf, shiftAgents } from "./boardtrack.js";
import { secondsOf } from "./time.js";

const BEFORE_FIRST_RECORD_S = 60;

// the forecast JSON's elements keyed as the live state's: {id: {delay_s, forecast, recorded, ...}}
function liveOf(day) {
  return { elements: Object.fromEntries([...day.ground, ...day.air].map((e) => [e.id, e])) };
}

// the earliest recorded time of the day, clock seconds; null without a record
function firstRecordS(day) {
  const times = [...day.ground, ...day.air].flatMap((e) => Object.values(e.recorded || {}).flatMap((edges) => Object.values(edges)));
  return times.length ? Math.min(...times.map((t) => secondsOf(t, day.date))) : null;
}

// Fetch the day and lay it over the plan; `banner` says what is shown, or why nothing is.
export async function mountReplay({ api, store, clock, banner }) {
  banner.hidden = false;
  let day;
  try {
    day = await getJSON(`${api}/live/forecast`);
  } catch (error) {
    banner.textContent = error.status === 404 ? "No day has been run on this scenario: nothing to replay."
      : `Could not load the day: ${error.message}`;
    return null;
  }
  const live = liveOf(day);
  const records = day.day ? day.day.records : 0;
  const counted = `${records} record${records === 1 ? "" : "s"}`;
  banner.textContent = `Replay of the day on version ${day.day ? day.day.version : "?"} (${counted}): dashed bands `
    + "and moved agents are the day as recorded and forecast; filled bands the plan.";
  let shifted = null;
  const apply = ({ plan, agents, elements }) => {
    if (!plan) return;
    store.set({ overlay: drawForecast(forecastOf(plan, live)) });
    if (agents && agents !== shifted) {
      shiftAgents(agents, agents.T.slice(), elements, live);
      shifted = agents;
    }
  };
  store.subscribe(["plan", "agents"], apply);
  apply(store.get());
  const first = firstRecordS(day);
  if (first !== null) clock.seek(first - BEFORE_FIRST_RECORD_S);
  return day;
}
