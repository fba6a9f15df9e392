"""Printed handouts: a Jinja2 template of HTML and CSS per handout, made a PDF by WeasyPrint.

Every template extends templates/handout.html (the page, its running head and page numbers, the type)
and shows what the views layer worked out (views/tables.py, views/cards.py): no time is formatted here.
The command (cli.py) and the workspace's download menu (web/handouts.py) call the same builders.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

STYLESHEET = "handout.css"
for _noisy in ("weasyprint", "fontTools"):  # WeasyPrint reports every CSS rule it skips and every font it subsets
    logging.getLogger(_noisy).setLevel(logging.ERROR)


@cache
def templates() -> Environment:
    """The handouts' templates (export/templates), autoescaped; an undefined name is an error, not a blank."""
    return Environment(loader=PackageLoader("paradeplan.export", "templates"), autoescape=select_autoescape(),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


@cache
def stylesheet_text() -> str:
    """handout.css, the stylesheet every handout is printed with."""
    return (resources.files("paradeplan.export") / "templates" / STYLESHEET).read_text(encoding="utf-8")


def render_html(template: str, context: Mapping[str, Any]) -> str:
    """The handout as HTML: `template` (a file in export/templates) filled with `context`."""
    return templates().get_template(template).render(context)


def render_pdf(template: str, context: Mapping[str, Any], *, title: str) -> bytes:
    """The handout as PDF bytes, with `title` in its metadata and the stylesheet handout.css."""
    from weasyprint import CSS, HTML  # imported here: WeasyPrint takes a moment to load its system libraries

    html = HTML(string=render_html(template, {"title": title, **context}), base_url=None)
    stylesheet = CSS(string=stylesheet_text())
    document = html.render(stylesheets=[stylesheet])
    document.metadata.title = title
    document.metadata.generator = "paradeplan"
    document.metadata.created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return document.write_pdf()
