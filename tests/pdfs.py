"""Reading a PDF handout back as its reader would: its text with pypdf, its pages drawn by Poppler's pdftoppm.

Both are independent of WeasyPrint, which wrote it. The pages go to test-output/handouts/<name>-<n>.png,
to look at after a run.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

PAGES = Path(__file__).resolve().parent.parent / "test-output" / "handouts"
PDFTOPPM = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"  # Debian's poppler-utils, installed by make test
DPI = 60  # enough to see a page's layout, small enough to look at many


def pdf_text(data: bytes) -> str:
    """The text of every page, pages joined by a form feed, runs of spaces made one."""
    reader = PdfReader(io.BytesIO(data))
    return "\f".join(re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in reader.pages)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def page_sizes_mm(data: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in millimetres (A4 portrait: 210 x 297)."""
    return [(round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72))
            for p in PdfReader(io.BytesIO(data)).pages]


def render_pages(data: bytes, name: str, dpi: int = DPI) -> list[Path]:
    """Every page drawn to PNG by pdftoppm and kept as test-output/handouts/<name>-<n>.png, in page order."""
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob(f"{name}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "handout.pdf"
        pdf.write_bytes(data)
        subprocess.run([PDFTOPPM, "-png", "-r", str(dpi), str(pdf), str(Path(folder) / "page")], check=True,
                       capture_output=True)
        drawn = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        kept = []
        for number, page in enumerate(drawn, start=1):
            target = PAGES / f"{name}-{number}.png"
            shutil.copyfile(page, target)
            kept.append(target)
    return kept


def inked_fraction(png: Path) -> float:
    """The share of a page's pixels that are not white: 0 for a blank page."""
    with Image.open(png) as image:
        grey = image.convert("L")
        histogram = grey.histogram()
    return 1 - sum(histogram[250:]) / sum(histogram)
