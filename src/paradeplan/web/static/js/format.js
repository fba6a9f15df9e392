// Numbers of the plan JSON as the pages show them. The plan gives SI units (and knots and feet
// for aircraft); the only conversions here are to the units a reader expects on screen.

const KMH_PER_MPS = 3.6;
const M_PER_FT = 0.3048;

// 1.4 m/s -> "5.0" (km/h)
export function kmh(mps, digits = 1) {
  return (mps * KMH_PER_MPS).toFixed(digits);
}

// 1354.3 -> "1,354"
export function whole(n) {
  return Math.round(n).toLocaleString("en");
}

// 1354.3 -> "1,354 m"
export function metres(m) {
  return `${whole(m)} m`;
}

// 1500 -> "1,500 ft"
export function feet(ft) {
  return `${whole(ft)} ft`;
}

// 1500 ft -> "457 m", for the reader who thinks in metres
export function feetAsMetres(ft) {
  return metres(ft * M_PER_FT);
}

// 6.4 -> "6.4 s"
export function seconds(s, digits = 1) {
  return `${s.toFixed(digits)} s`;
}

// a span of time in words, to the nearest second: 1565.4 -> "26 min 5 s", 3725 -> "1 h 2 min 5 s", 42 -> "42 s"
export function duration(s) {
  const whole = Math.round(Math.abs(s));
  const [hours, minutes, secs] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const parts = [hours ? `${hours} h` : null, hours || minutes ? `${minutes} min` : null, `${secs} s`].filter(Boolean);
  return `${s < 0 ? "−" : ""}${parts.join(" ")}`;
}

// a signed change of time: 60 -> "+1 min 0 s", -5 -> "−5 s", 0 -> "±0 s"
export function signedDuration(s) {
  return Math.round(s) === 0 ? "±0 s" : `${s > 0 ? "+" : ""}${duration(s)}`;
}

// "3 errors", "1 warning"
export function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}
