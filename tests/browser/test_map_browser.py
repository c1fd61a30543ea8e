"""What a person sees, clicks and must never see run, in a real headless Chromium."""

from __future__ import annotations

import pandas as pd
import pyproj
import pytest
from conftest import API, on_world_outline, ready
from test_render_fixtures import PAYLOADS, StubBorder, hostile_incidents, sample_incidents

from geomap.render.maps import build_map, save_map

NEAR_KABUL = [34.5281, 69.1723]


@pytest.fixture(scope="module")
def border():
    return StubBorder()


@pytest.fixture(scope="module")
def sample_html(tmp_path_factory, border):
    path = tmp_path_factory.mktemp("maps") / "sample.html"
    return save_map(build_map(sample_incidents(), border=border, heatmap=True), path)


@pytest.fixture(scope="module")
def offline_html(tmp_path_factory, border):
    path = tmp_path_factory.mktemp("maps") / "offline.html"
    return save_map(build_map(sample_incidents(), border=border, offline=True), path)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory, border):
    path = tmp_path_factory.mktemp("maps") / "hostile.html"
    frame = pd.concat([hostile_incidents(), sample_incidents()], ignore_index=True)
    return save_map(build_map(frame, border=border, offline=True), path)


def drawn_count(page) -> int:
    """Incidents visible as markers plus those counted inside cluster icons."""
    return page.evaluate(
        """() => {
        let n = document.querySelectorAll('.leaflet-marker-pane .geomap-marker').length;
        for (const s of document.querySelectorAll('.leaflet-marker-pane .geomap-cluster span'))
            n += Number(s.textContent);
        return n;
    }"""
    )


def settle(page):
    page.wait_for_timeout(700)  # zoom animation, then clusters redraw
    ready(page)


def show_all(page):
    page.click("button[title='Zoom to all incidents']")
    settle(page)


def test_page_draws_border_crossings_legend(open_map, sample_html):
    page, log = open_map(sample_html)
    assert log.errors == [] and log.dialogs == []
    d = page.get_attribute("path.geomap-border", "d")
    assert d and d.count("L") > 5
    assert page.locator("path.geomap-crossing").count() == 2
    assert page.locator("path.geomap-buffer").count() == 2
    legend = page.inner_text(".geomap-legend")
    assert "Meeting / talks (1)" in legend and "Clash (1)" in legend and "disputed" in legend
    assert "7 incidents on the map" in page.inner_text(".geomap-title")
    attribution = page.inner_text(".leaflet-control-attribution")
    for name in ("OpenStreetMap", "GeoNames", "Natural Earth", "disputed"):
        assert name in attribution
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-heatmap-layer").count() == 1
    # Only pinned CDN files and (blocked) tiles were requested.
    assert all("tile.openstreetmap.org" in u for u in log.blocked)


def test_border_tooltip_gives_length_and_dispute(open_map, sample_html, border):
    page, _ = open_map(sample_html)
    # Hover over one vertex of the fixture line (lon 68.0, lat 31.6).
    point = page.evaluate(f"{API}.map.latLngToContainerPoint([31.6, 68.0])")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.move(box["x"] + point["x"] + 3, box["y"] + point["y"] + 3)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tip = page.inner_text(".leaflet-tooltip")
    assert f"{border.length_km:,.0f} km" in tip and "disputed" in tip


def test_markers_and_clusters_add_up(open_map, sample_html):
    page, _ = open_map(sample_html)
    show_all(page)
    assert drawn_count(page) == 7  # 8 fixture rows, one without coordinates
    page.evaluate(f"{API}.map.setView([33.5, 70.5], 9, {{animate: false}})")
    settle(page)
    page.evaluate(f"{API}.map.setView([20, 0], 2, {{animate: false}})")
    settle(page)
    assert drawn_count(page) == 7


def test_clicking_a_marker_shows_its_citation(open_map, sample_html):
    page, log = open_map(sample_html)
    page.evaluate(f"{API}.map.setView({NEAR_KABUL}, 10, {{animate: false}})")
    settle(page)
    page.click(".geomap-marker[title='Fixture talks in Kabul']")
    popup = page.locator(".leaflet-popup-content")
    link = popup.locator("a.geomap-citation")
    assert link.inner_text() == "Fixture News"
    assert link.get_attribute("href") == "https://example.org/fixture/kabul"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    text = popup.inner_text()
    for part in (
        "Fixture talks in Kabul",
        "2023-06-01",
        "Meeting",
        "Kabul",
        "140 km from the Durand Line",
        "Afghan side",
        "Torkham",
        "fixture quote: concrete steps",
        "precision: city",
    ):
        assert part in text, part
    assert log.errors == []


def test_search_finds_far_meeting(open_map, sample_html):
    page, _ = open_map(sample_html)
    page.fill(".geomap-search input", "washington")
    page.wait_for_selector(".geomap-results .geomap-button")
    page.click(".geomap-results .geomap-button")
    page.wait_for_selector(".leaflet-popup-content")
    assert "Fixture seminar in Washington" in page.inner_text(".leaflet-popup-content")
    assert page.evaluate(f"{API}.map.getCenter().lng") < -60
    # Zoomed only as far as needed to show the incident on its own, not to street level.
    assert page.evaluate(f"{API}.map.getZoom()") <= 10


def test_time_filter_and_undated(open_map, sample_html):
    page, _ = open_map(sample_html)
    show_all(page)
    assert page.inner_text(".geomap-time .geomap-range") == "2022-12-01 \u2013 2023-09-10"
    assert "undated (1)" in page.inner_text(".geomap-time")
    # Move the start past the 2022 airstrike: one incident fewer.
    start = page.get_attribute(".geomap-from", "min")
    page.eval_on_selector(
        ".geomap-from",
        "(el, v) => { el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); }",
        str(int(start) + 40),
    )
    settle(page)
    assert drawn_count(page) == 6
    assert "6 of 7 shown" in page.inner_text(".geomap-time")
    page.uncheck(".geomap-undated-toggle input")
    settle(page)
    assert drawn_count(page) == 5


def test_type_switch_in_layer_control(open_map, sample_html):
    page, _ = open_map(sample_html)
    show_all(page)
    page.hover(".leaflet-control-layers")
    page.click(".leaflet-control-layers-overlays label:has-text('Statement (2)') input")
    settle(page)
    assert drawn_count(page) == 5


def test_measure_is_geodesic(open_map, sample_html):
    page, _ = open_map(sample_html)
    geod = pyproj.Geod(ellps="WGS84")
    for lat1, lon1, lat2, lon2 in [(34.53, 69.17, 33.69, 73.07), (29.86, 60.87, 37.03, 74.56),
                                   (34.53, 69.17, 38.9, -77.04)]:  # fmt: skip
        js = page.evaluate(f"{API}.geodesicKm({lat1}, {lon1}, {lat2}, {lon2})")
        ref = geod.inv(lon1, lat1, lon2, lat2)[2] / 1000
        assert abs(js - ref) < 0.001, (js, ref)
    page.click("button[title^='Measure']")
    box = page.locator(".folium-map").bounding_box()
    page.mouse.click(box["x"] + 500, box["y"] + 400)
    page.mouse.click(box["x"] + 700, box["y"] + 450)
    assert "km (geodesic, WGS84)" in page.inner_text(".geomap-measure-tip")


def test_hostile_csv_runs_nothing_and_shows_text(open_map, hostile_html):
    page, log = open_map(hostile_html, network=False)
    assert log.requests == []
    show_all(page)
    page.evaluate(f"{API}.map.setView([34.0, 70.5], 11, {{animate: false}})")
    settle(page)
    marker = page.evaluate_handle(
        "(t) => [...document.querySelectorAll('.geomap-marker')].find(e => e.title === t)",
        PAYLOADS["title"],
    ).as_element()
    assert marker is not None  # the payload is the marker's plain title attribute
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    text = popup.inner_text()
    for key in ("title", "place", "source_title"):
        assert PAYLOADS[key].split("\u2028")[0].strip() in text, key
    assert PAYLOADS["quote"] in popup.locator(".geomap-quote").inner_text()
    assert "link not shown" in text and PAYLOADS["url"] in text
    for tag in ("a", "img", "script", "iframe", "svg", "b", "i"):
        assert popup.locator(tag).count() == 0, tag
    # The second row: data: URL, hostile event type and date.
    page.evaluate(f"{API}.openIncident(1)")
    text = page.inner_text(".leaflet-popup-content")
    assert "data:text/html,<script>alert(1)</script>" in text and "Other" in text
    page.fill(".geomap-search input", "pwned")
    page.wait_for_selector(".geomap-results .geomap-button")
    assert "<script>window.__pwned=1</script>" in page.inner_text(".geomap-results")
    page.evaluate(
        f"{API}.map.closePopup(); {API}.map.setView([30.92, 66.44], 9, {{animate: false}})"
    )
    box = page.locator(".folium-map").bounding_box()
    point = page.evaluate(f"{API}.map.latLngToContainerPoint([30.92, 66.44])")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert "<img src=x onerror=alert(1)>" in page.inner_text(".leaflet-popup-content")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert log.dialogs == [] and log.errors == []


def test_offline_file_renders_with_every_request_blocked(open_map, offline_html):
    page, log = open_map(offline_html, network=False)
    assert log.requests == [] and log.errors == []
    assert page.get_attribute("path.geomap-border", "d")
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator("path.leaflet-interactive, path").count() > 3  # country outlines etc.
    show_all(page)
    assert drawn_count(page) == 7
    page.hover(".leaflet-control-layers")
    assert "Country outlines (offline)" in page.inner_text(".leaflet-control-layers")


def test_offline_world_outlines_under_far_incidents(open_map, offline_html):
    page, log = open_map(offline_html, network=False)
    assert page.locator("path.geomap-world").count() > 150
    # Drawn underneath: its pane is below the Afghan-Pakistani outlines, and it ignores the mouse.
    assert page.evaluate(
        f"""() => {{
        const m = {API}.map;
        return +m.getPane("geomapWorld").style.zIndex < +m.getPane("geomapBasemap").style.zIndex;
    }}"""
    )
    assert page.locator("path.geomap-world.leaflet-interactive").count() == 0
    assert "geomap-sea" in page.get_attribute(".folium-map", "class")
    show_all(page)
    assert on_world_outline(page, 38.90, -77.04) == ["US"]  # the fixture seminar in Washington
    assert on_world_outline(page, 35.69, 51.39) == ["IR"]  # Tehran
    assert on_world_outline(page, 28.61, 77.21) == ["IN"]  # Delhi
    assert on_world_outline(page, 38.5, -40.0) == []  # the Atlantic stays sea
    assert log.requests == [] and log.errors == []


def test_online_outline_base_layer_carries_the_world(open_map, sample_html):
    page, log = open_map(sample_html)  # pinned CDN files served, tiles blocked
    assert page.locator("path.geomap-world").count() == 0  # OpenStreetMap is the base layer
    page.hover(".leaflet-control-layers")
    page.get_by_label("Country outlines (no tiles)").check()
    assert page.locator("path.geomap-world").count() > 150
    assert "geomap-sea" in page.get_attribute(".folium-map", "class")
    page.get_by_label("OpenStreetMap").check()
    assert "geomap-sea" not in page.get_attribute(".folium-map", "class")
    assert log.errors == []


def test_clusters_zoom_in_and_list_colocated_incidents(open_map, tmp_path, border):
    from test_render_fixtures import frame

    rows = [
        dict(id=f"same-{k}", title=f"Fixture shelling {k} at one point", event_type="shelling",
             date=f"2023-01-0{k + 1}", place="Fixture point", lat=34.0, lon=70.0,
             source_title="Fixture News", source_url=f"https://example.org/fixture/same/{k}")
        for k in range(3)
    ] + [
        dict(id="talks-near", title="Fixture talks at the same point", event_type="meeting",
             place="Fixture point", lat=34.0, lon=70.0)
    ]  # fmt: skip
    path = save_map(build_map(frame(rows), border=border), tmp_path / "same.html")
    page, log = open_map(path)
    # Talks are never merged into a violence cluster: one cluster of 3 and one marker.
    assert page.locator(".geomap-cluster-violence").count() == 1
    assert page.inner_text(".geomap-cluster-violence span") == "3"
    assert page.locator(".geomap-marker").count() == 1
    page.click(".geomap-cluster-violence")
    settle(page)
    for _ in range(20):  # each click zooms in; at the last zoom the cluster lists its incidents
        if page.locator(".leaflet-popup-content").count():
            break
        page.click(".geomap-cluster-violence")
        settle(page)
    text = page.inner_text(".leaflet-popup-content")
    assert "3 incidents at this place" in text
    page.click(".leaflet-popup-content .geomap-button >> nth=1")
    link = page.locator(".leaflet-popup-content a.geomap-citation")
    assert link.get_attribute("href").startswith("https://example.org/fixture/same/")
    assert log.errors == []
