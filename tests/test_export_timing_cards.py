"""The timing cards PDF, read back with pypdf and drawn by Poppler (tests/pdfs.py), independent of WeasyPrint.

A small hand-made flypast: one Trainer (envelope 150-230 kt) at 200 kt TAS in still air from an IP
10 NM (18,520 m) before the tribune, over it at 10:40:00: 180 s from the IP, so at the IP at 10:37:00.0.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from conftest import FOOT, plan_of
from pdfs import inked_fraction, page_sizes_mm, pdf_text, render_pages
from test_air import air_plan, formation

from paradeplan import load_scenario, make_plan
from paradeplan.export.timing_cards import timing_cards_pdf
from paradeplan.model.times import clock
from paradeplan.model.units import NM
from paradeplan.plan.planner import Plan
from paradeplan.views.cards import by_time, card_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
A5_MM = (148, 210)
TRAINER = formation(aircraft={"category": "fixed-wing", "name": "Trainer", "min_kt": 150, "max_kt": 230},
                    run_in={"heading_deg": 0, "ip_distance_km": 10 * NM / 1000})


@cache
def astana() -> tuple[Plan, bytes]:
    plan = make_plan(load_scenario(EXAMPLES / "astana-2025.yaml"))
    return plan, timing_cards_pdf(plan)


def pages(data: bytes) -> list[str]:
    """Each page's text, every run of white space one space (a long line may wrap on the card)."""
    return [re.sub(r"\s+", " ", page) for page in pdf_text(data).split("\f")]


def card_times(f) -> list[str]:
    """A formation's hold exit (when it holds), IP and tribune times as clock() prints them."""
    return [clock(t) for t in (f.hold_exit_s, f.ip_s, f.over_tribune_s) if t is not None]


def test_astana_has_one_a5_portrait_page_per_formation():
    plan, data = astana()
    assert page_sizes_mm(data) == [A5_MM] * len(plan.air)


def test_each_astana_card_holds_its_formations_name_and_times_in_tribune_order():
    plan, data = astana()
    found = [(f.name in text, [t for t in card_times(f) if t in text]) for f, text in zip(by_time(plan), pages(data),
                                                                                         strict=True)]
    assert found == [(True, card_times(f)) for f in by_time(plan)]


def test_the_card_shows_the_times_the_text_card_prints():
    plan, data = astana()
    f = by_time(plan)[0]
    text = card_text(f, plan)
    printed = [re.search(rf"^{label}\s+(\S+)", text, re.M).group(1) for label in ("Hold exit", "IP", "Tribune")]
    assert printed == card_times(f) and all(t in pages(data)[0] for t in printed)


def test_astana_cards_render_with_ink_on_every_page():
    _, data = astana()
    assert all(inked_fraction(png) > 0.02 for png in render_pages(data, "timing-cards"))


def test_the_hand_worked_correction_is_on_the_card():
    # 10 s early at the IP: 190 s for 18,520 m = 97.47 m/s = 189.5 kt -> "189 kt TAS";
    # 10 s late: 170 s = 108.94 m/s = 211.8 kt -> "212 kt TAS"
    text = pages(timing_cards_pdf(air_plan(TRAINER)))[0]
    assert "10 s 189 kt TAS 212 kt TAS" in text


def test_a_speed_outside_the_envelope_reads_not_recoverable():
    # 30 s late: 150 s for 18,520 m = 123.47 m/s = 240.0 kt, above the Trainer's 230 kt
    text = pages(timing_cards_pdf(air_plan(TRAINER)))[0]
    assert "30 s 171 kt TAS not recoverable" in text


def test_the_hand_made_card_gives_ip_and_tribune_times():
    # 180 s before 10:40:00.0
    text = pages(timing_cards_pdf(air_plan(TRAINER)))[0]
    assert ("IP 10:37:00.0" in text, "Tribune 10:40:00.0" in text) == (True, True)


def test_the_hand_made_card_is_one_a5_page():
    assert page_sizes_mm(timing_cards_pdf(air_plan(TRAINER))) == [A5_MM]


@pytest.mark.parametrize("count", [2, 5])
def test_every_card_is_exactly_one_page(count):
    # formations a minute apart: as many pages as cards, whatever their number
    plan = air_plan(*[{**TRAINER, "id": f"f{n}", "over_tribune": f"10:{40 + n}:00"} for n in range(count)])
    assert len(page_sizes_mm(timing_cards_pdf(plan))) == count


def test_a_plan_without_formations_says_so_on_one_page():
    data = timing_cards_pdf(plan_of(FOOT))
    assert (len(page_sizes_mm(data)), "No formation" in pdf_text(data)) == (1, True)
