"""The commentators' cue sheet, read back with pypdf and drawn by Poppler (tests/pdfs.py).

The test parade (conftest): the colour guard (12 marching) over the tribune at 10:05:00, 3 s long, so clear at
10:05:03.0; the Buk column (4 vehicles) 15 s later at 10:05:18.0, 30.6 m at 3.333 m/s = 9.18 s long, clear at
10:05:27.18. Two formations follow over the tribune at 10:40:00 and 10:40:20.
"""

from __future__ import annotations

import re
from functools import cache

from conftest import FOOT, VEHICLES, element, plan_of
from pdfs import inked_fraction, page_count, page_sizes_mm, pdf_text, render_pages
from test_export_xlsx import EXAMPLES, LEAD

from paradeplan import load_scenario, make_plan
from paradeplan.export.cue_sheet import cue_sheet, cue_sheet_pdf
from paradeplan.model.times import clock
from paradeplan.plan.planner import Plan
from paradeplan.views.plan_json import element_labels, passes

SECOND = {**LEAD, "id": "second", "name": "Second", "over_tribune": "10:40:20", "count": 3,
          "description": "Three trainers in a vic."}


@cache
def astana() -> Plan:
    return make_plan(load_scenario(EXAMPLES / "astana-2025.yaml"))


@cache
def astana_pdf() -> bytes:
    return cue_sheet_pdf(astana())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def tribune_order(plan: Plan) -> list[tuple[str, str]]:
    """(name, clock) of every ground element at the anchor and formation over the tribune, by time."""
    rows = [(g.times[plan.anchor][0], g.name) for g in plan.ground if plan.anchor in g.times]
    rows += [(f.over_tribune_s, f.name) for f in plan.air]
    return [(name, clock(time_s)) for time_s, name in sorted(rows, key=lambda row: row[0])]


def test_astanas_sheet_holds_every_name_with_its_tribune_time_in_tribune_order():
    text = flat(pdf_text(astana_pdf()))
    expected = tribune_order(astana())
    assert len(expected) == len(astana().ground) + len(astana().air)
    at = 0
    for name, time in expected:
        at = text.index(f"{time} {name}", at)  # raises ValueError when missing or out of order


def test_the_order_is_the_tribune_views():
    plan = astana()
    names = {g.id: g.name for g in plan.ground} | {f.id: f.name for f in plan.air}
    assert [c.name for c in cue_sheet(plan).cues] == [names[p["id"]] for p in passes(plan, element_labels(plan))]


def test_gaps_worked_out_by_hand():
    cues = cue_sheet(plan_of(FOOT, VEHICLES, air={"formations": [LEAD, SECOND]})).cues
    # guard clear 10:05:03.0 -> Buks 10:05:18.0: 15 s; Buks clear 10:05:27.18 -> Lead 10:40:00: 2,072.82 s,
    # 34 min 32.8 s, shown to the nearest second; Lead 10:40:00 -> Second 10:40:20: 20 s; Second is last
    assert [(c.time, c.name, c.gap_word, c.gap) for c in cues] == [
        ("10:05:00.0", "Colour guard", "gap", "15 s"), ("10:05:18.0", "buk", "gap", "34 min 33 s"),
        ("10:40:00.0", "Lead", "gap", "20 s"), ("10:40:20.0", "Second", "last", "")]


def test_a_formation_over_a_passing_column_interleaves_and_shows_the_overlap():
    # Lead over the tribune at 10:05:20, while the Buks pass it (10:05:18.0 to 10:05:27.18): the Buks' gap to
    # Lead is 10:05:20 - 10:05:27.18 = -7.18 s, an overlap of 7 s; Lead's gap to nobody: last
    lead = {**LEAD, "over_tribune": "10:05:20"}
    cues = cue_sheet(plan_of(FOOT, VEHICLES, air={"formations": [lead]})).cues
    assert [(c.name, c.gap_word, c.gap) for c in cues] == [
        ("Colour guard", "gap", "15 s"), ("buk", "overlap", "7 s"), ("Lead", "last", "")]


def test_what_each_brings():
    cues = cue_sheet(plan_of(FOOT, VEHICLES, element(VEHICLES, id="one-buk", count=1, abreast=1),
                             air={"formations": [SECOND]})).cues
    # 4 ranks x 3 files; 4 Buks; 1 Buk; 3 aircraft of the formation's inline type
    assert [c.strength for c in cues] == ["12 personnel", "4 vehicles", "1 vehicle", "3 aircraft: inline type"]


def test_descriptions_show_where_given():
    guard = element(FOOT, description="The State Flag and the Standard of the Armed Forces.")
    plan = plan_of(guard, VEHICLES, air={"formations": [SECOND]})
    assert [c.description for c in cue_sheet(plan).cues] == [
        "The State Flag and the Standard of the Armed Forces.", None, "Three trainers in a vic."]
    text = flat(pdf_text(cue_sheet_pdf(plan)))
    assert "Colour guard The State Flag and the Standard of the Armed Forces." in text
    assert "Second Three trainers in a vic." in text


def test_the_pdf_shows_the_gaps():
    text = flat(pdf_text(cue_sheet_pdf(plan_of(FOOT, VEHICLES, air={"formations": [LEAD, SECOND]}))))
    assert re.findall(r"gap \d[\d a-z]* s|last", text.split("then", 1)[1]) == [
        "gap 15 s", "gap 34 min 33 s", "gap 20 s", "last"]


def test_pages_are_a4_portrait():
    data = astana_pdf()
    assert set(page_sizes_mm(data)) == {(210, 297)}


def test_every_page_renders_with_ink():
    pages = render_pages(astana_pdf(), "cue-sheet")
    assert len(pages) == page_count(astana_pdf()) > 1
    assert min(inked_fraction(page) for page in pages) > 0.01


def test_the_header_is_on_every_page():
    pages = pdf_text(astana_pdf()).split("\f")
    assert [flat(page).count("# time element brings then") for page in pages] == [1] * len(pages)


def test_no_row_splits_across_pages():
    # each element's time, name and gap (the row's first and last cells) on one page
    pages = [flat(page) for page in pdf_text(astana_pdf()).split("\f")]
    for cue in cue_sheet(astana()).cues:
        start = f"{cue.order} {cue.time} {cue.name}"
        [page] = [page for page in pages if start in page]
        assert f"{cue.gap_word} {cue.gap}".strip() in page.split(start, 1)[1], cue.name
