"""The timing cards as a PDF: one A5 kneeboard card per formation, in the order they cross the tribune.

Each card shows the strings of views/cards.py (`Card`), the same a crew reads from `paradeplan cards`:
the hold and its exit, the IP and tribune times in large type, the run-in's track, heading and wind
correction, the speeds, and the correction table. A card is one page and never splits across two.
"""

from __future__ import annotations

from ..plan.planner import Plan
from ..views.cards import cards
from .pdf import render_pdf

TEMPLATE = "timing_cards.html"


def timing_cards_pdf(plan: Plan) -> bytes:
    """The PDF's bytes: an A5 page per formation by tribune time; one page saying so when none could be timed."""
    scenario = plan.scenario
    context = {"cards": cards(plan), "parade": scenario.name, "date": f"{scenario.date:%A %d %B %Y}",
               "timezone": scenario.timezone}
    return render_pdf(TEMPLATE, context, title=f"{scenario.name}: timing cards")
