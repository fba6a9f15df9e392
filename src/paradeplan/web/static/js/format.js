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
