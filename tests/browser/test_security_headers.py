"""The Content-Security-Policy (web/security.py) blocks nothing the pages need: every page opens, runs and draws
with no violation reported, in the console ("Refused to ...") or as a securitypolicyviolation event."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"

# every violation the page reports, kept on window across the page's life (an init script runs before any other)
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_no_page_breaks_the_content_security_policy(ui, server):
    scenario = server.scenario_id(ASTANA)
    refused: list[str] = []
    ui.page.on("console", lambda m: refused.append(m.text) if "Refused to" in m.text or "CSP" in m.text else None)
    ui.page.add_init_script(WATCH_VIOLATIONS)
    violations: dict[str, list[str]] = {}

    def seen(path: str) -> None:
        violations[path] = ui.page.evaluate("() => window.__violations")

    ui.open_workspace(scenario)
    ui.page.click("#map")  # the map drawn and handling input, the worker and the editor up
    ui.page.wait_for_selector(".cm-content")
    seen("workspace")
    ui.shot("workspace")

    ui.goto("/")
    ui.page.wait_for_selector("#scenario-table tbody tr")
    seen("scenarios")

    ui.goto(f"/scenarios/{scenario}/versions")
    ui.page.wait_for_selector("#versions-table tbody tr")
    seen("versions")

    ui.goto(f"/scenarios/{scenario}/versions/1")
    ui.page.wait_for_function("() => window.paradeplan && window.paradeplan.tripsLoaded", timeout=60_000)
    seen("read-only version")

    ui.goto(f"/scenarios/{scenario}/diff?from=1&to=1")
    ui.page.wait_for_selector("#text-same, #text-diff")
    seen("diff")

    ui.goto(f"/scenarios/{scenario}/tribune")
    ui.page.wait_for_function("() => window.paradeplan && window.paradeplan.state", timeout=30_000)
    seen("tribune")
    ui.shot("tribune")

    ui.goto("/docs")
    ui.page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    seen("docs")
    ui.shot("docs")

    assert refused == []
    assert {path: found for path, found in violations.items() if found} == {}
