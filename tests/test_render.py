"""Structural tests of the map page (no browser): layers, escaping, determinism, assets."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from test_render_fixtures import PAYLOADS, StubBorder, hostile_incidents, sample_incidents

from geomap.errors import ConfigError, ExportError
from geomap.render import assets
from geomap.render.maps import build_map, render_html, save_map
from geomap.render.payload import safe_url, script_json


@pytest.fixture(scope="module")
def border():
    return StubBorder()


def blob_of(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="geomap-data-[0-9a-f]+">(.*?)</script>', html, re.S
    )
    assert match, "no data blob"
    return json.loads(match.group(1))


def column(data, name):
    c = data[name]
    if c is None:
        return [None] * data["n"]
    if isinstance(c, dict):
        return [None if k < 0 else c["dict"][k] for k in c["codes"]]
    return c


def test_payload_layers(border):
    m = build_map(sample_incidents(), border=border, buffers_km=(10, 50))
    p = m.geomap_payload
    assert p["incidents"]["n"] == 7 and p["unplaced"] == 1
    assert p["far"] == 1  # Washington
    assert [b["km"] for b in p["buffers"]] == [50, 10]
    assert p["border"]["geometry"]["type"] == "LineString"
    assert f"{border.length_km:,.0f} km" in p["border"]["length_text"]
    assert "disputed" in p["disputed_note"]
    assert len(p["crossings"]) == 2
    assert {f["properties"]["iso2"] for f in p["basemap"]["countries"]["features"]} == {"AF", "PK"}
    assert any("OpenStreetMap" in a for a in p["attributions"])
    assert any("GeoNames" in a for a in p["attributions"])
    assert any("Natural Earth" in a for a in p["attributions"])
    titles = column(p["incidents"], "title")
    assert "Fixture seminar in Washington" in titles
    # The first view hugs the border region; "all" reaches Washington.
    (s, w), (n, e) = p["view"]["fit"]
    assert w > 55 and n < 40
    (s, w), (n, e) = p["view"]["all"]
    assert w < -77 and n > 38.8


def test_meetings_and_violence_styled_apart(border):
    types = {
        t["key"]: t for t in build_map(sample_incidents(), border=border).geomap_payload["types"]
    }
    assert types["meeting"]["shape"] != types["clash"]["shape"]
    assert types["meeting"]["color"] != types["clash"]["color"]
    assert len({t["color"] for t in types.values()}) == len(types)


def test_deterministic_bytes(border, tmp_path):
    a = save_map(build_map(sample_incidents(), border=border), tmp_path / "a.html").read_bytes()
    b = save_map(build_map(sample_incidents(), border=border), tmp_path / "b.html").read_bytes()
    assert a == b
    other = sample_incidents()
    other.loc[0, "title"] = "Fixture talks, changed"
    c = save_map(build_map(other, border=border), tmp_path / "c.html").read_bytes()
    assert c != a
    assert not re.search(
        rb"[0-9a-f]{32}", a.replace(re.search(rb"map_([0-9a-f]{32})", a).group(1), b"")
    )


def test_hostile_text_stays_inert_in_the_html(border):
    html = render_html(build_map(hostile_incidents(), border=border))
    # No payload markup survives anywhere in the page source.
    # (Attribute text such as "onerror=" may appear, but never after a real "<".)
    for needle in ("<script>window", "<img", "<svg", "<iframe", "<!--", "<b>AF", "<i>2023"):
        assert needle not in html, needle
    assert "javascript:window" not in html.split('<script type="application/json"')[0]
    # Only our own scripts: count <script> tags.
    assert html.count("<script") == html.count("</script>")
    data = blob_of(html)["incidents"]
    # ...yet the payload text itself is shipped verbatim, for display as text.
    assert column(data, "title")[0] == PAYLOADS["title"]
    assert column(data, "quote")[0] == PAYLOADS["quote"]
    assert column(data, "place")[0] == PAYLOADS["place"]
    assert column(data, "source_url") == [None, None]  # javascript: and data: never become links
    assert column(data, "source_url_text") == [
        PAYLOADS["url"],
        "data:text/html,<script>alert(1)</script>",
    ]
    assert blob_of(html)["types"][data["type"][1]]["key"] == "other"


def test_script_json_escapes_every_breakout():
    text = script_json({"a": "</script><!--\u2028\u2029&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!--\u2028\u2029&"}


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://example.org/x?a=1&b=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("//example.org", False),
        ("https:///nohost", False),
        ("", False),
        (None, False),
        (float("nan"), False),
    ],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok


def test_online_page_loads_pinned_cdn_files_only(border):
    html = render_html(build_map(sample_incidents(), border=border, heatmap=True))
    srcs = re.findall(r'<script src="([^"]+)" integrity="sha256-[A-Za-z0-9+/=]+"', html)
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)" integrity="sha256-', html)
    wanted = {assets.ASSETS[n].cdn_url for n in assets.bundle(heatmap=True)}
    assert set(srcs) | set(hrefs) == wanted
    for dropped in ("jquery", "bootstrap", "fontawesome", "awesome-markers"):
        assert dropped not in html
    assert blob_of(html)["tiles"]["url"].startswith("https://tile.openstreetmap.org/")


def test_offline_page_is_self_contained(border):
    if assets.missing_assets():
        pytest.fail("map assets not cached: run `python -m geomap assets fetch` (tests/install.sh)")
    html = render_html(build_map(sample_incidents(), border=border, offline=True, heatmap=True))
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "url(images/" not in html and "data:image/png;base64," in html
    assert blob_of(html)["tiles"] is None
    for name in assets.bundle(heatmap=True):
        if name.endswith(".js"):
            assert assets.read_asset(name).decode()[:200] in html


def test_offline_without_assets_says_what_to_do(border, tmp_path):
    with pytest.raises(assets.AssetsMissing, match="geomap assets fetch"):
        build_map(sample_incidents(), border=border, offline=True, cache_dir=tmp_path)


def test_missing_border_columns_are_computed(border):
    frame = sample_incidents().drop(
        columns=["distance_to_border_km", "side", "nearest_crossing", "nearest_crossing_km"]
    )
    data = build_map(frame, border=border).geomap_payload["incidents"]
    assert all(d is not None for d in data["distance_to_border_km"])
    assert set(column(data, "side")) <= {"AF", "PK", "other", "ambiguous"}


def test_plain_dataframe_and_unplaced_only(border):
    m = build_map(pd.DataFrame({"lon": [np.nan], "lat": [np.nan], "title": ["x"]}), border=border)
    assert m.geomap_payload["incidents"]["n"] == 0 and m.geomap_payload["unplaced"] == 1
    out = build_map(pd.DataFrame({"lon": [69.17], "lat": [134.5]}), border=border).geomap_payload
    assert out["unplaced"] == 1  # an impossible latitude is not drawn


@pytest.mark.parametrize("bad", [(0,), (-5,), ("x",), (float("nan"),)])
def test_bad_buffer_widths(border, bad):
    with pytest.raises(ConfigError, match="buffers_km"):
        build_map(sample_incidents(), border=border, buffers_km=bad)


def test_no_buffers(border):
    assert (
        build_map(sample_incidents(), border=border, buffers_km=None).geomap_payload["buffers"]
        == []
    )


def test_title_is_escaped_in_head(border):
    html = render_html(build_map(sample_incidents(), border=border, title="<b>T</b> & co"))
    assert "<title>&lt;b&gt;T&lt;/b&gt; &amp; co</title>" in html


def test_save_map_is_atomic(border, tmp_path):
    target = tmp_path / "m.html"
    target.write_text("previous")
    with pytest.raises(ExportError):
        save_map(object(), target)
    assert target.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [target]


def test_folium_is_imported_lazily():
    code = "import geomap, sys; assert 'folium' not in sys.modules and 'branca' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_template_syntax_in_input_is_not_evaluated(border):
    frame = sample_incidents()
    frame.loc[0, "title"] = "{{ 7*7 }} {% for x in [1] %}loop{% endfor %} {# c #}"
    frame.loc[0, "quote"] = "{{ self.__init__.__globals__ }}"
    html = render_html(build_map(frame, border=border, title="{{ 6*7 }}"))
    data = blob_of(html)
    assert column(data["incidents"], "title")[0] == frame.loc[0, "title"]
    assert column(data["incidents"], "quote")[0] == frame.loc[0, "quote"]
    assert "<title>{{ 6*7 }}</title>" in html and "42" not in html.split("<script")[0]


def test_offline_page_carries_the_licences_of_inlined_code(border):
    if assets.missing_assets():
        pytest.fail("map assets not cached: run `python -m geomap assets fetch` (tests/install.sh)")
    html = render_html(build_map(sample_incidents(), border=border, offline=True, heatmap=True))
    for package in ("leaflet@1.9.3 (BSD", "supercluster@8.0.1 (ISC)", "leaflet.heat@0.2.0"):
        assert f"/*! {package}" in html
    assert "Copyright (c) 2021, Mapbox" in html


def _world_country_at(world: dict, lon: float, lat: float) -> set:
    from shapely.geometry import Point, shape

    return {
        f["properties"]["iso_a2"]
        for f in world["features"]
        if shape(f["geometry"]).contains(Point(lon, lat))
    }


def test_world_outlines_sit_under_far_incidents_and_neighbours(border):
    html = render_html(build_map(sample_incidents(), border=border, offline=True))
    data = blob_of(html)
    world = data["basemap"]["world"]
    assert len(world["features"]) > 150
    assert all(set(f["properties"]) == {"name", "iso_a2"} for f in world["features"])
    codes = {f["properties"]["iso_a2"] for f in world["features"]}
    assert {"IR", "IN", "CN", "TJ", "TM", "UZ", "US", "QA", "AF", "PK"} <= codes
    # Washington (the seed seminar), Doha, Tehran and Delhi each fall on one country.
    for (lon, lat), iso in (
        ((-77.04, 38.90), "US"),
        ((51.53, 25.29), "QA"),
        ((51.39, 35.69), "IR"),
        ((77.21, 28.61), "IN"),
    ):
        assert _world_country_at(world, lon, lat) == {iso}, iso
    assert data["styles"]["world"]["fillOpacity"] == 1
    assert any("world outlines" in a and "Natural Earth" in a for a in data["attributions"])
    # Small enough to inline in every page.
    assert len(script_json(world)) < 300_000


def test_world_outlines_are_the_online_outline_base_layer_too(border):
    data = build_map(sample_incidents(), border=border).geomap_payload
    assert data["tiles"] is not None
    assert len(data["basemap"]["world"]["features"]) > 150


def test_shipped_world_outlines_share_their_borders():
    import shapely
    from shapely.geometry import shape

    from geomap._data import data_file

    path = data_file("basemaps", "world_countries.geojson")
    assert path.stat().st_size < 300_000
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    geoms = np.array([shape(f["geometry"]) for f in features])
    assert all(g.is_valid and not g.is_empty for g in geoms)
    # Simplified as one coverage: neighbours meet exactly, with no gaps or overlaps.
    assert shapely.coverage_is_valid(geoms)
    names = [f["properties"]["name"] for f in features if f["properties"]["name"]]
    assert len(set(names)) == len(names) > 150  # one feature per named country
