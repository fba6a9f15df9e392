// The day into a store, for the board and the air page: GET /live (the day; none yet: asked again
// every few seconds), then GET /live/forecast and /live/events, then the stream from the last record
// (livestream.js). Keys set: plan (the forecast JSON: the baseline's plan JSON, its findings those of the
// forecast), elements (ground then formations, as the workspace lists them), live (the latest
// forecast), day, records (in seq order), status (of the stream).
import { elementsOf } from "./agents.js";
import { getJSON } from "./api.js";
import { clockSecondsAt, liveOf } from "./boardtime.js";
import { dayNow, openLive } from "./livestream.js";

const NO_DAY_POLL_S = 5; // while no day runs, ask again this often whether one started elsewhere

// Follow the day of a scenario into `store`. beforeShow(): awaited before the first plan goes in (the map's
// style); onLoaded(day): after a day's forecast is in; say(text, kind): what the page is waiting for or failed at.
// Returns {start(), started(day)}: start follows; started tells it of a day this page just started.
export function feedDay(store, { apiUrl, scenarioId, beforeShow = async () => {}, onLoaded = async () => {}, say }) {
  const api = `${apiUrl}/scenarios/${scenarioId}`;
  let stream = null;

  const addRecord = (record) => {
    const { records } = store.get();
    if (records.some((r) => r.seq === record.seq)) return;
    store.set({ records: [...records, record].sort((a, b) => a.seq - b.seq) });
  };

  // a forecast, of the stream or of GET /live/forecast; a stale one (an older seq) is dropped
  const setLive = (state) => {
    const { live, plan } = store.get();
    if (!plan || (live && state.seq < live.seq)) return;
    const patch = { live: state };
    if (JSON.stringify(state.findings) !== JSON.stringify(plan.findings)) {
      const shown = { ...plan, findings: state.findings };
      Object.assign(patch, { plan: shown, elements: elementsOf(shown) });
    }
    store.set(patch);
  };

  const follow = () => {
    if (stream) stream.close();
    const { records } = store.get();
    stream = openLive(apiUrl, scenarioId, {
      after: records.length ? records[records.length - 1].seq : null,
      onRecord: addRecord,
      onForecast: setLive,
      onDay: (day) => onDay(day).catch(fail),
      onStatus: (status) => store.set({ status }),
    });
  };

  const load = async (day) => {
    say("Loading the forecast…");
    const [full, events] = await Promise.all([getJSON(`${api}/live/forecast`), getJSON(`${api}/live/events`)]);
    await beforeShow();
    store.set({ day: full.day || day, plan: full, elements: elementsOf(full), live: null, records: events.records });
    setLive(liveOf(full));
    follow();
    await onLoaded(store.get().day);
    say("");
  };

  const onDay = async (day) => {
    const before = store.get().day;
    store.set({ day });
    if (!before || before.day !== day.day) await load(day);
  };

  const fail = (error) => {
    say(`Could not load the day: ${error.message}`, "error");
    throw error;
  };

  const waitForDay = async () => {
    let day = null;
    try {
      day = await getJSON(`${api}/live`);
    } catch (error) {
      if (error.status !== 404) throw error; // 404: the scenario never ran a day
    }
    if (day) {
      await load(day);
      return;
    }
    store.set({ day: null });
    say("No day has run on this scenario yet.");
    setTimeout(() => { if (!store.get().day) waitForDay().catch(fail); }, NO_DAY_POLL_S * 1000);
  };

  return {
    start: () => waitForDay().catch(fail),
    started: (day) => onDay(day).catch(fail),
  };
}

// The store's `time` follows the day's clock, once per animation frame (both boards run on it).
export function followDayClock(store) {
  const frame = () => {
    const { day, plan } = store.get();
    if (day && plan) store.set({ time: clockSecondsAt(plan, dayNow(day)) });
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
