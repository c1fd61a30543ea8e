"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright for map tests.

CDN requests are answered from the pinned npm files in geomap's asset cache
(filled by ``geomap assets fetch``, which tests/install.sh runs); tile and any
other network requests are blocked. With CI=true a missing browser, Playwright
or asset cache fails the run instead of skipping.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/test_render_fixtures.py

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TILE_HOSTS = ("tile.openstreetmap.org",)


def unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must not skip)")
    pytest.skip(reason)


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def cdn_files():
    from geomap.render import assets

    missing = assets.missing_assets()
    if missing:
        unavailable(
            f"map assets {missing} are not in {assets.assets_dir()}: run "
            "`python -m geomap assets fetch` (tests/install.sh does)"
        )
    return {a.cdn_url: (a.mime, assets.read_asset(name)) for name, a in assets.ASSETS.items()}


@dataclass
class Log:
    errors: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # every non-file request the page tried
    blocked: list = field(default_factory=list)


@pytest.fixture
def open_map(browser, cdn_files):
    """Open an HTML file; return (page, log). ``network=False`` blocks every request."""
    pages = []

    def _open(path, *, network: bool = True, viewport=(1280, 800)):
        page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        pages.append(page)
        page.set_default_timeout(8000)
        log = Log()

        def on_console(msg):
            if msg.type != "error":
                return
            url = (msg.location or {}).get("url", "")
            if any(h in url for h in TILE_HOSTS):
                return  # the tile we blocked on purpose
            log.errors.append(msg.text)

        def on_dialog(dialog):
            log.dialogs.append(dialog.message)
            dialog.dismiss()

        def route(r):
            url = r.request.url
            if url.startswith(("file:", "data:", "about:")):
                return r.continue_()
            log.requests.append(url)
            if network and url in cdn_files:
                mime, body = cdn_files[url]
                return r.fulfill(
                    status=200,
                    body=body,
                    headers={"Content-Type": mime, "Access-Control-Allow-Origin": "*"},
                )
            log.blocked.append(url)
            return r.abort()

        page.on("console", on_console)
        page.on("pageerror", lambda e: log.errors.append(f"pageerror: {e}"))
        page.on("dialog", on_dialog)
        page.route("**/*", route)
        page.goto(Path(path).resolve().as_uri())
        ready(page)
        return page, log

    yield _open
    for page in pages:
        page.close()


def ready(page, timeout_ms: int = 15000):
    page.wait_for_selector(".folium-map[data-geomap-ready]", state="attached", timeout=timeout_ms)


API = "Object.values(window.geomap)[0]"


def on_world_outline(page, lat: float, lon: float) -> list:
    """The iso_a2 codes of the drawn world outlines whose fill covers (lat, lon)."""
    return page.evaluate(
        f"""([lat, lon]) => {{
        const map = {API}.map, p = map.latLngToLayerPoint([lat, lon]), hit = [];
        map.eachLayer(l => {{
            const el = l.feature && l.getElement && l.getElement();
            if (el && el.classList.contains("geomap-world") &&
                el.isPointInFill(new DOMPoint(p.x, p.y))) hit.push(l.feature.properties.iso_a2);
        }});
        return hit;
    }}""",
        [lat, lon],
    )
