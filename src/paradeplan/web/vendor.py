"""The vendored front-end libraries: where each one's folder is served, read from static/vendor/VERSIONS.json.

scripts/vendor_frontend.sh writes VERSIONS.json with each package's version and folder; the
templates and the API docs take the folder URLs from here instead of spelling versions out.
"""

from __future__ import annotations

import json
from pathlib import Path

VERSIONS_FILE = "VERSIONS.json"
SWAGGER_UI = "swagger-ui-dist"


def vendor_urls(static_folder: Path, static_url: str) -> dict[str, str]:
    """Package name -> URL of its folder with no trailing slash, e.g.
    {"maplibre-gl": "/static/vendor/maplibre-gl-6.17.0"}; empty when nothing is vendored."""
    versions = static_folder / "vendor" / VERSIONS_FILE
    if not versions.is_file():
        return {}
    packages = json.loads(versions.read_text(encoding="utf-8"))
    return {name: f"{static_url}/vendor/{package['folder']}" for name, package in packages.items()}
