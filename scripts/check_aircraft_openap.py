#!/usr/bin/env python3
"""Cross-check src/paradeplan/model/data/aircraft.yaml against openap (and BlueSky's envelopes).

What it checks, for every aircraft entry:

1. ``openap_type`` set: the type exists in openap, and our length, wingspan and max_kt agree with
   openap's ``fuselage.length``, ``wing.span`` and ``vmo`` (differences above 2 % are printed).
2. ``openap_type`` null: whether openap has meanwhile learnt the real type (by ICAO designator,
   synonyms included), so the entry could take openap's figures.
3. ``bluesky_type``: that BlueSky's OpenAP performance model would keep the aircraft inside
   min_kt..max_kt. BlueSky 1.1.x takes fixed-wing envelopes from openap's WRAP data
   (bluesky/traffic/performance/openap/coeff.py); this script recomputes them the same way.
   Our speeds are TRUE airspeeds, BlueSky's limits are CALIBRATED: min_kt is converted to CAS at
   --max-alt-m (the highest flypast altitude above sea level to allow for), max_kt at sea level.
   Helicopter envelopes come from BlueSky's resources/performance/OpenAP/rotor/aircraft.json when
   the bluesky-simulator package is installed (its files are read, the package is not imported,
   because importing and initialising BlueSky writes a ~/bluesky directory).

Needs openap (``pip install openap``); without it the script says so and exits 0. Exit status is 1
when a check fails, else 0. Install into a throwaway venv, not the project's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import warnings
from pathlib import Path

KT = 0.514444  # knot -> m/s
CATALOGUE = Path(__file__).resolve().parents[1] / "src" / "paradeplan" / "model" / "data" / "aircraft.yaml"

# ICAO Doc 8643 designators of the real types, used only to ask openap whether it knows them.
# Types whose designator was not confirmed are left out rather than guessed.
ICAO_DESIGNATORS = {
    "a400m": "A400",
    "l-410": "L410",
    "b-300": "B350",
    "c-295": "C295",
    "an-72": "AN72",
    "il-76md": "IL76",
    "su-25": "SU25",
    "l-39": "L39",
    "mi-17": "MI8",
    "mi-35": "MI24",
    "h145": "EC45",
    "mi-26": "MI26",
}

# BlueSky 1.1.1 rotor envelope of EC35 (resources/performance/OpenAP/rotor/aircraft.json),
# used only when the bluesky-simulator package is not installed.
FALLBACK_ROTOR_ENVELOPES_MPS = {"EC35": (-20.0, 71.95)}


def load_catalogue(path: Path) -> dict:
    try:
        from ruamel.yaml import YAML

        return YAML(typ="safe").load(path.read_text(encoding="utf-8"))["aircraft"]
    except ImportError:
        import yaml  # PyYAML

        return yaml.safe_load(path.read_text(encoding="utf-8"))["aircraft"]


def bluesky_fixwing_envelope(openap_mod, actype: str) -> dict | None:
    """The envelope BlueSky 1.1.x builds for ``actype`` (CAS in kt, Mach), or None if unknown."""
    prop = openap_mod.prop
    known = [t.upper() for t in prop.available_aircraft(use_synonym=True)]
    if actype.upper() not in known:
        return None
    wrap = openap_mod.WRAP(ac=actype.lower())
    phases = [
        wrap.initclimb_vcas(),
        wrap.climb_const_vcas(),
        wrap.cruise_mean_vcas(),
        wrap.descent_const_vcas(),
        wrap.finalapp_vcas(),
    ]
    # coeff.py: vminer/vmaxer over all phases; level flight below FL100 uses vminer..vmaxer
    return {
        "vmin_kt": min(p["minimum"] for p in phases) / KT,
        "vmax_kt": max(p["maximum"] for p in phases) / KT,
        "mmo": wrap.cruise_max_mach()["default"],
    }


def bluesky_rotor_envelopes() -> tuple[dict[str, tuple[float, float]], str]:
    spec = importlib.util.find_spec("bluesky")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            path = Path(location) / "resources" / "performance" / "OpenAP" / "rotor" / "aircraft.json"
            if path.is_file():
                data = json.loads(path.read_text(encoding="utf-8"))
                data.pop("__comment", None)
                env = {
                    k.upper(): (v["envelop"].get("v_min", -20.0), v["envelop"].get("v_max", 20.0))
                    for k, v in data.items()
                }
                return env, str(path)
    return dict(FALLBACK_ROTOR_ENVELOPES_MPS), "built-in copy of BlueSky 1.1.1 values"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=CATALOGUE)
    parser.add_argument(
        "--max-alt-m",
        type=float,
        default=1500.0,
        help="highest flypast altitude above sea level to check min_kt at (default 1500 m)",
    )
    args = parser.parse_args()

    try:
        import openap
        from openap import aero
    except ImportError:
        print(
            "openap is not installed, so nothing was checked.\n"
            "Install it in a throwaway environment, e.g.\n"
            "  python -m venv /tmp/openap-venv && /tmp/openap-venv/bin/pip install openap ruamel.yaml\n"
            f"  /tmp/openap-venv/bin/python {Path(__file__).resolve()}"
        )
        return 0

    warnings.simplefilter("ignore")
    catalogue = load_catalogue(args.catalogue)
    try:
        from importlib.metadata import version as _dist_version

        version = _dist_version("openap")
    except Exception:  # not installed as a distribution (e.g. vendored)
        version = "unknown version"
    known = {t.upper() for t in openap.prop.available_aircraft(use_synonym=True)}
    print(f"openap {version}: {len(known)} type codes (synonyms included)")
    rotor_env, rotor_src = bluesky_rotor_envelopes()
    print(f"BlueSky rotor envelopes from: {rotor_src}\n")

    failures = 0
    for key, entry in catalogue.items():
        lines: list[str] = []

        # 1 + 2: openap cross-check
        otype = entry.get("openap_type")
        if otype:
            if otype.upper() not in known:
                lines.append(f"FAIL openap_type {otype} is not an openap type")
                failures += 1
            else:
                ac = openap.prop.aircraft(otype.lower(), use_synonym=True)
                pairs = [
                    ("length_m", entry.get("length_m"), ac.get("fuselage", {}).get("length")),
                    ("wingspan_m", entry.get("wingspan_m"), ac.get("wing", {}).get("span")),
                    ("max_kt <= vmo", entry.get("max_kt"), ac.get("vmo")),
                ]
                for label, ours, theirs in pairs:
                    if ours is None or theirs is None:
                        continue
                    if label.startswith("max_kt"):
                        if ours > theirs:
                            lines.append(f"FAIL max_kt {ours} > openap vmo {theirs}")
                            failures += 1
                    elif abs(ours - theirs) > 0.02 * theirs:
                        lines.append(f"DIFF {label}: ours {ours}, openap {theirs}")
        else:
            icao = ICAO_DESIGNATORS.get(key)
            if icao and icao in known:
                lines.append(f"NOTE openap now knows {icao}: consider setting openap_type")

        # 3: BlueSky envelope
        btype = entry.get("bluesky_type")
        if entry.get("category") == "helicopter":
            env = rotor_env.get(str(btype).upper())
            if env is None:
                lines.append(f"FAIL bluesky_type {btype} is not a BlueSky rotor type")
                failures += 1
            else:
                vmin_kt, vmax_kt = env[0] / KT, env[1] / KT
                ok = vmin_kt <= entry["min_kt"] and entry["max_kt"] <= vmax_kt
                status = "ok  " if ok else "FAIL"
                failures += 0 if ok else 1
                lines.append(
                    f"{status} BlueSky {btype}: TAS {vmin_kt:.0f}..{vmax_kt:.1f} kt admits "
                    f"{entry['min_kt']}..{entry['max_kt']} kt"
                )
        else:
            env = bluesky_fixwing_envelope(openap, str(btype))
            if env is None:
                lines.append(f"FAIL bluesky_type {btype} unknown to BlueSky: it would fly as B744")
                failures += 1
            else:
                cas_min = aero.tas2cas(entry["min_kt"] * KT, args.max_alt_m) / KT
                cas_max = aero.tas2cas(entry["max_kt"] * KT, 0.0) / KT
                mach_max = aero.tas2mach(entry["max_kt"] * KT, 0.0)
                ok = cas_min >= env["vmin_kt"] and cas_max <= env["vmax_kt"] and mach_max <= env["mmo"]
                status = "ok  " if ok else "FAIL"
                failures += 0 if ok else 1
                lines.append(
                    f"{status} BlueSky {btype}: CAS {env['vmin_kt']:.1f}..{env['vmax_kt']:.1f} kt, "
                    f"MMO {env['mmo']:.2f}; ours {entry['min_kt']} kt TAS = {cas_min:.1f} kt CAS at "
                    f"{args.max_alt_m:.0f} m, {entry['max_kt']} kt TAS at sea level"
                )

        print(f"{key}:")
        for line in lines:
            print(f"  {line}")

    print(f"\n{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
