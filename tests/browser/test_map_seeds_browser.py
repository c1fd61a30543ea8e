"""`geomap map -o map.html` on the shipped seeds, opened in Chromium as a reader would."""

from __future__ import annotations

import pytest
from conftest import API, on_world_outline

from geomap.cli import main


@pytest.fixture(scope="module")
def seeds_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "map.html"
    assert main(["map", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def seeds_offline_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds") / "offline.html"
    assert main(["map", "-o", str(out), "--offline"]) == 0
    return out


@pytest.mark.parametrize(
    "query, place", [("kabul", "Kabul"), ("islamabad", "Islamabad"), ("washington", "Washington")]
)
def test_seed_items_have_popups_with_citations(open_map, seeds_html, query, place):
    page, log = open_map(seeds_html)
    assert page.get_attribute("path.geomap-border", "d")
    assert page.locator("path.geomap-crossing").count() >= 5
    assert "Legend" in page.inner_text(".geomap-legend")
    page.fill(".geomap-search input", query)
    page.wait_for_selector(".geomap-results .geomap-button")
    page.click(".geomap-results .geomap-button >> nth=0")
    page.wait_for_selector(".leaflet-popup-content")
    text = page.inner_text(".leaflet-popup-content")
    assert place in text
    assert "Source" in text and page.locator(".leaflet-popup-content .geomap-citation").count() == 1
    assert "from the Durand Line" in text
    assert log.errors == [] and log.dialogs == []


def test_seed_map_offline_with_network_blocked(open_map, seeds_offline_html):
    page, log = open_map(seeds_offline_html, network=False)
    assert log.requests == [] and log.errors == []
    assert page.get_attribute("path.geomap-border", "d")
    n = page.evaluate(f"{API}.data.incidents.n")
    page.click("button[title='Zoom to all incidents']")
    page.wait_for_timeout(700)
    drawn = page.evaluate(
        """() => {
        let k = document.querySelectorAll('.leaflet-marker-pane .geomap-marker').length;
        for (const s of document.querySelectorAll('.leaflet-marker-pane .geomap-cluster span'))
            k += Number(s.textContent);
        return k;
    }"""
    )
    assert drawn == n >= 3
    # Far seed places sit on a drawn country outline, not on a blank background.
    assert page.locator("path.geomap-world").count() > 150
    assert on_world_outline(page, 38.9, -77.04) == ["US"]  # Washington
