"""The editor's check, the what-if's hot path: Astana validated and planned on every keystroke.

    python benchmarks/bench_validate.py [--runs 40]

Starts `paradeplan serve` (examples imported) and POSTs /api/validate as the editor does after each
keystroke, each time a different text (the default gap stepped through 40 values, so no answer comes
from the cache), and prints the median and 90th percentile of:

- server time: what the handler took, from its Server-Timing header (read, check, plan, encode);
- round trip: from sending the request to having read the whole answer (the plan JSON with it), on loopback.

Also a text with a value the model refuses (located from the tree) and one with a YAML syntax error (read
again by ruamel's parser for the message); and, in process, the check alone (web/checking.py: read,
validate, plan, every output) with libyaml's parser and with ruamel's pure-Python one, whose ratio is what
the fast parse buys. Target (issue 10): under 50 ms server time for Astana.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

from _bench import ASTANA, median, ms, report, serving_examples, wall_times_s

from paradeplan.load import yamltree
from paradeplan.web.checking import check_text

TARGET_S = 0.050


def post(url: str, text: str) -> tuple[float, float, dict]:
    """(server s, round trip s, answer) of one check."""
    body = json.dumps({"yaml": text, "filename": ASTANA.name}).encode()
    request = urllib.request.Request(url + "/api/validate", data=body, headers={"content-type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
        timing = response.headers["Server-Timing"]
    round_trip_s = time.perf_counter() - started
    server_s = float(re.search(r"dur=([0-9.]+)", timing).group(1)) / 1000
    return server_s, round_trip_s, answer


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[round(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="keystrokes (different texts) to time")
    args = parser.parse_args()
    text = ASTANA.read_text(encoding="utf-8")
    gap = re.search(r"default_gap_s: *(\d+)", text)
    assert gap is not None, "the Astana example has no default_gap_s"
    texts = [text.replace(gap.group(0), f"default_gap_s: {5 + i * 0.25:g}", 1) for i in range(args.runs)]
    bad_value = text.replace(gap.group(0), "default_gap_s: -3", 1)
    bad_yaml = text.replace(gap.group(0), "default_gap_s: [15", 1)
    with tempfile.TemporaryDirectory() as tmp, serving_examples(Path(tmp)) as url:
        post(url, text)  # warm up: imports, first plan
        timed = [post(url, t) for t in texts]
        refused = [post(url, bad_value.replace("default_gap_s", f"# {i}\n  default_gap_s", 1)) for i in range(9)]
        broken = [post(url, bad_yaml + f"# {i}\n") for i in range(9)]
    server = [t[0] for t in timed]
    trip = [t[1] for t in timed]
    findings = [len(t[2]["findings"]) for t in timed]
    print(f"validate and plan Astana ({len(text):,} characters), {args.runs} keystrokes, each a new text "
          f"({min(findings)} to {max(findings)} findings)")
    report("server time, median", ms(statistics.median(server)), "< 50 ms", statistics.median(server) < TARGET_S)
    report("server time, 90th percentile", ms(percentile(server, 90)))
    report("round trip on loopback, median (plan JSON in the answer)", ms(statistics.median(trip)))
    report("round trip, 90th percentile", ms(percentile(trip, 90)))
    problems = refused[0][2]["problems"]
    report(f"a value the model refuses ({len(problems)} problem), server median",
           ms(statistics.median(t[0] for t in refused)))
    report("a YAML syntax error (read again for the message), server median",
           ms(statistics.median(t[0] for t in broken)))

    in_process(texts)


def in_process(texts: list[str]) -> None:
    """The check alone, libyaml's parser against ruamel's, over the same texts."""
    def check_all() -> None:
        for t in texts:
            check_text(t, ASTANA.name)

    fast = median(wall_times_s(check_all, 3)) / len(texts)
    libyaml, yamltree._libyaml = yamltree._libyaml, None
    try:
        pure = median(wall_times_s(check_all, 3)) / len(texts)
    finally:
        yamltree._libyaml = libyaml
    report("in process, one check with libyaml's parser", ms(fast))
    report("in process, one check with ruamel's pure-Python parser", ms(pure))
    report("ratio, ruamel / libyaml", f"{pure / fast:.2f}x")


if __name__ == "__main__":
    main()
