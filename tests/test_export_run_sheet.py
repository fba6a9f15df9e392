"""The run sheet PDF, read back with pypdf and drawn by Poppler (tests/pdfs.py), both independent of WeasyPrint.

The test parade (conftest): the colour guard at 1.5 m/s, 3 s long, its head over the tribune (1,000 m) at
10:05:00; the Buk column at 12 km/h (3.333 m/s), 30.6 m long (9.18 s), its head 15 s after the guard's tail,
so at 10:05:18.0 and its tail at 10:05:27.18, printed 10:05:27.2. The tribune is busy from 10:05:00.0 to
10:05:27.2: 27.18 s, printed "27 s". The column is faster and closes up on the guard past the tribune: one
error. The pages go to test-output/handouts/run-sheet-<n>.png (Astana) to look at.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import FOOT, VEHICLES, plan_of
from pdfs import inked_fraction, page_sizes_mm, pdf_text, render_pages
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from paradeplan import load_scenario, make_plan
from paradeplan.export.figures import nice_length, overview_map_svg, staggered, time_distance_svg
from paradeplan.export.run_sheet import march_parts, run_sheet_pdf
from paradeplan.model.times import clock
from paradeplan.views.tables import air_table, march_table, summary_lines

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
A4_PORTRAIT, A4_LANDSCAPE = (210, 297), (297, 210)
MARCH_HEADER = "# element kind strength"  # the first header row's text, as pypdf reads it
NOT_BLANK = 0.01  # a drawn page inks more than 1 % of its pixels


@pytest.fixture(scope="module")
def astana():
    return make_plan(load_scenario(EXAMPLES / "astana-2025.yaml"))


@pytest.fixture(scope="module")
def astana_pdf(astana) -> bytes:
    return run_sheet_pdf(astana, version="version 3")


@pytest.fixture(scope="module")
def astana_pages(astana_pdf) -> list[str]:
    return [one_line(page) for page in pdf_text(astana_pdf).split("\f")]


def one_line(text: str) -> str:
    """Text with every run of white space, line breaks too, made one space: a wrapped cell reads as one."""
    return re.sub(r"\s+", " ", text)


def row_lines(data: bytes) -> list[str]:
    """Every line of the PDF's text: pypdf gives a table row as one line, its cells in order."""
    return pdf_text(data).replace("\f", "\n").splitlines()


def images_in(resources: DictionaryObject) -> int:
    """How many image XObjects a page's (or a form's) resources hold, looking inside forms too."""
    found = 0
    xobjects = resources.get("/XObject")
    for ref in (xobjects.get_object() if xobjects is not None else {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            found += 1
        elif xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += images_in(xobject["/Resources"].get_object())
    return found


# ------------------------------------------------------------------------------------------------------ Astana


def test_every_ground_element_is_in_its_row_with_its_head_at_the_tribune(astana, astana_pdf):
    lines = row_lines(astana_pdf)
    for order, element in enumerate(astana.ground, start=1):
        head = clock(element.times[astana.anchor][0])
        row = [line for line in lines if line.startswith(f"{order} {element.name} ")]
        assert row, element.name
        assert head in row[0], (element.name, head)


def test_every_formation_is_in_its_row_with_its_time_over_the_tribune(astana, astana_pdf):
    lines = row_lines(astana_pdf)
    assert astana.air  # Astana flies 15 formations
    for order, formation in enumerate(sorted(astana.air, key=lambda f: (f.over_tribune_s, f.index)), start=1):
        row = [line for line in lines if line.startswith(f"{order} {formation.name} ")]
        assert row, formation.name
        assert clock(formation.over_tribune_s) in row[0], formation.name


def test_the_cover_says_what_the_terminal_says(astana, astana_pages):
    cover = astana_pages[0]
    for line in summary_lines(astana):
        assert one_line(line) in cover
    assert "first head 11:20:00.0, last tail 11:46:05.4 (26 min 5 s)" in cover  # the example's 11:20 tribune


def test_the_cover_names_the_day_the_zone_the_version_and_the_totals(astana_pages):
    cover = astana_pages[0]
    assert "Defender of the Fatherland Day parade, Astana 2025" in cover
    assert "Wednesday 7 May 2025" in cover
    assert "Asia/Almaty (UTC+05:00)" in cover
    assert "Plan version 3" in cover
    assert "formations 15 aircraft 66" in cover
    assert "paradeplan 0.1.0" in cover


def test_the_march_table_header_is_on_every_page_the_table_runs_onto(astana, astana_pages):
    rows = [f"{order} {element.name} " for order, element in enumerate(astana.ground, start=1)]
    with_rows = [n for n, page in enumerate(astana_pages) if any(row in page for row in rows)]
    with_header = [n for n, page in enumerate(astana_pages) if MARCH_HEADER in page]
    assert len(with_rows) >= 2  # Astana's 44 elements run over more than one page
    assert with_header == with_rows


def test_cover_is_portrait_and_the_tables_and_chart_landscape(astana_pdf, astana_pages):
    sizes = page_sizes_mm(astana_pdf)
    assert sizes[0] == A4_PORTRAIT
    assert all(sizes[n] == A4_LANDSCAPE for n, page in enumerate(astana_pages) if MARCH_HEADER in page)
    chart = next(n for n, page in enumerate(astana_pages) if "Time-distance chart" in page)
    assert sizes[chart] == A4_LANDSCAPE
    overview = next(n for n, page in enumerate(astana_pages) if "Overview map" in page)
    assert sizes[overview] == A4_PORTRAIT


def test_every_page_renders_and_none_is_blank(astana_pdf):
    pages = render_pages(astana_pdf, "run-sheet")
    assert len(pages) == len(page_sizes_mm(astana_pdf))
    assert [png.name for png in pages if inked_fraction(png) <= NOT_BLANK] == []


def test_the_chart_and_the_map_are_vectors_with_text_kept_as_text(astana_pdf, astana_pages):
    reader = PdfReader(io.BytesIO(astana_pdf))
    for heading in ("Time-distance chart", "Overview map"):
        n = next(n for n, page in enumerate(astana_pages) if heading in page)
        assert images_in(reader.pages[n]["/Resources"].get_object()) == 0, heading
    chart = next(page for page in astana_pages if "Time-distance chart" in page)
    assert "time of day" in chart and "11:20" in chart  # the axis label and a tick, as text


def test_the_chart_has_a_band_for_every_element_and_a_mark_for_the_formations(astana):
    svg = time_distance_svg(astana)
    for element in astana.ground:
        band = re.search(rf'<g id="band-{re.escape(element.id)}">\s*<path ', svg)
        assert band, element.id
    assert '<g id="formations">' in svg


def test_the_map_labels_every_named_point_and_the_ips(astana):
    svg = overview_map_svg(astana)
    text = one_line(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)))  # a wrapped label's lines, joined
    for name in astana.points:
        point = astana.geometry.points[name]
        assert f"{point.label} ({point.at_m:,.0f} m)" in text, name
    # 15 formations run in from three IPs, five each, numbered in the order they cross the tribune
    assert [label for label in ("IP 1-5", "IP 6-10", "IP 11-15") if label in svg] == ["IP 1-5", "IP 6-10", "IP 11-15"]


def test_there_are_no_findings_to_show_for_astana(astana_pages):
    assert "No findings" in " ".join(astana_pages)


# ------------------------------------------------------------------------------------------------- test parade


def test_hand_worked_times_of_the_test_parade():
    data = run_sheet_pdf(plan_of(FOOT, VEHICLES))
    lines = row_lines(data)
    guard = next(line for line in lines if line.startswith("1 Colour guard "))
    buk = next(line for line in lines if line.startswith("2 buk "))
    # the guard at the start (0 m): 1,000 m / 1.5 m/s = 666.67 s before 10:05:00 -> 09:53:53.3, tail 3 s later
    assert "09:53:53.3 09:53:56.3 10:05:00.0 10:05:03.0" in guard
    # the Buk at the tribune 10:05:18.0, tail 10:05:27.2; at the release point (1,000 m on, 300 s) 10:10:18.0
    assert "10:05:18.0 10:05:27.2" in buk
    assert buk.endswith("10:10:18.0 10:10:27.2")
    cover = one_line(pdf_text(data).split("\f")[0])
    assert "10:05:00.0 10:05:27.2 27 s" in cover  # the tribune's first head, last tail, and 27.18 s between


def test_a_plans_error_is_on_the_cover_and_in_the_findings():
    plan = plan_of(FOOT, VEHICLES)  # the Buk closes up on the guard past the tribune
    text = one_line(pdf_text(run_sheet_pdf(plan)))
    assert "1 error(s), 0 warning(s): see the findings after the tables." in text
    assert f"error gap-too-small {one_line(plan.findings[0].message)}" in text


def test_a_plan_without_air_has_no_air_table_and_no_version_line():
    text = one_line(pdf_text(run_sheet_pdf(plan_of(FOOT))))
    assert "Air segment" not in text
    assert "Plan version" not in text
    assert "formations 0 aircraft 0" in text


def test_many_points_split_the_march_table_into_parts_of_six():
    # 14 named points: parts of 6, 6 and 2 points, each with every element and its own head and tail columns
    points = {f"p{k:02d}": {"at_m": 200.0 * k} for k in range(14)}
    plan = plan_of(FOOT, route={"points": points}, timing={"anchor": "p05", "time": "10:05:00", "min_gap_m": 10,
                                                           "default_gap_s": 15})
    parts = march_parts(march_table(plan), plan.anchor)
    assert [len(part.points) for part in parts] == [6, 6, 2]
    assert [len(part.rows[0].times) for part in parts] == [6, 6, 2]
    # the guard is over p05 (1,000 m) at 10:05:00 and p06 (1,200 m) 200 m / 1.5 m/s = 133.3 s later
    assert parts[0].rows[0].times[5] == ("10:05:00.0", "10:05:03.0")
    assert parts[1].rows[0].times[0] == ("10:07:13.3", "10:07:16.3")


def test_air_table_rows_are_what_the_pdf_prints():
    lead = {"id": "lead", "name": "Lead", "aircraft": {"category": "fixed-wing", "min_kt": 100, "max_kt": 350},
            "tas_kt": 200, "altitude_ft": 1000, "over_tribune": "10:40:00",
            "run_in": {"heading_deg": 0, "ip_distance_km": 20}}
    plan = plan_of(FOOT, air={"formations": [lead]})
    text = one_line(pdf_text(run_sheet_pdf(plan)))
    # 200 kt = 102.89 m/s in still air: 20 km in 194.38 s before 10:40:00 -> IP 10:36:45.6
    row = air_table(plan).rows[0]
    assert (row.ip, row.tribune) == ("10:36:45.6", "10:40:00.0")
    assert "1 Lead " in text and "10:36:45.6 10:40:00.0" in text


# --------------------------------------------------------------------------------------------- figure helpers


def test_labels_closer_than_the_spacing_step_down_a_level():
    # at 0 s level 0; 10 s is 10 < 15 s after it: level 1; 20 s is 20 s after 0: level 0 again; 100 s: level 0
    assert staggered([0.0, 10.0, 20.0, 100.0], 15.0) == [0, 1, 0, 0]
    # in time order whatever the input order; three at once take the three levels
    assert staggered([5.0, 5.0, 5.0, 0.0], 15.0) == [1, 2, 2, 0]


def test_the_scale_bar_is_a_round_length():
    assert [nice_length(m) for m in (740.0, 2600.0, 45_000.0, 1000.0)] == [500.0, 2000.0, 20_000.0, 1000.0]
