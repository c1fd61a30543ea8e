"""``geomap map`` and ``geomap assets`` end to end (the shipped border and seed incidents)."""

from __future__ import annotations

import io
import json
import re
import tarfile

import pytest
from test_render_fixtures import PAYLOADS

from geomap.cli import main
from geomap.options import options
from geomap.render import assets


def blob_of(path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.search(
        r'<script type="application/json" id="geomap-data-[0-9a-f]+">(.*?)</script>', text, re.S
    )
    return json.loads(match.group(1))


def strings(data, name):
    c = data[name]
    if c is None:
        return []
    if isinstance(c, dict):
        return [None if k < 0 else c["dict"][k] for k in c["codes"]]
    return c


def test_default_map_and_geojson(tmp_path, capsys):
    html, gj = tmp_path / "geomap.html", tmp_path / "geomap.geojson"
    assert main(["map", "-o", str(html), "--geojson", str(gj), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["placed"] >= 3 and summary["bytes"] == html.stat().st_size
    data = blob_of(html)
    places = set(strings(data["incidents"], "place"))
    assert {"Kabul", "Islamabad", "Washington"} <= places
    assert data["far"] >= 1  # Washington: present, but not pulling the first view away
    assert len(data["crossings"]) >= 5
    assert data["border"]["geometry"]["type"] == "LineString"
    assert any(strings(data["incidents"], "source_title"))
    features = json.loads(gj.read_text())["features"]
    assert len(features) == summary["rows"]
    assert {"distance_to_border_km", "side"} <= set(features[0]["properties"])


def test_same_input_same_bytes(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    assert main(["map", "-o", str(a)]) == 0
    assert main(["map", "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_offline_map(tmp_path):
    out = tmp_path / "offline.html"
    assert main(["map", "-o", str(out), "--offline", "--heatmap", "--buffers-km", "5,25"]) == 0
    text = out.read_text()
    assert (
        not re.search(r"<script[^>]+src=", text) and "cdn.jsdelivr" not in text.split("<body>")[0]
    )
    data = blob_of(out)
    assert data["tiles"] is None and data["heatmap"] is True
    assert [b["km"] for b in data["buffers"]] == [25, 5]
    assert data["basemap"]["countries"]["features"]


def test_offline_without_assets_is_one_clear_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(options, "_cache_dir", tmp_path / "empty-cache")
    assert main(["map", "-o", str(tmp_path / "m.html"), "--offline"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "geomap assets fetch" in err and "Traceback" not in err
    assert not (tmp_path / "m.html").exists()


def test_hostile_csv(tmp_path):
    csv = tmp_path / "hostile.csv"
    p = PAYLOADS
    header = ["id", "title", "event_type", "date", "place", "lat", "lon"]
    header += ["source_title", "source_url", "quote"]
    row = ["h1", p["title"], "clash", "2023-09-10", p["place"], "34.0", "70.5"]
    row += [p["source_title"], p["url"], p["quote"]]
    rows = [header, row]
    import csv as csvmod

    with csv.open("w", newline="", encoding="utf-8") as f:
        csvmod.writer(f).writerows(rows)
    out = tmp_path / "h.html"
    assert main(["map", str(csv), "-o", str(out), "--no-enrich"]) == 0
    text = out.read_text()
    assert "<script>window" not in text and "<img" not in text and "<svg" not in text
    data = blob_of(out)["incidents"]
    assert strings(data, "title") == [p["title"]]
    assert strings(data, "source_url_text") == [p["url"]]


def test_refuses_to_overwrite_input(tmp_path, capsys):
    csv = tmp_path / "in.csv"
    csv.write_text("title,place,lat,lon\nx,Kabul,34.5,69.2\n")
    assert main(["map", str(csv), "-o", str(csv)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert csv.read_text().startswith("title,place")


@pytest.mark.parametrize("bad", ["0", "-3", "ten", "10,,50"])
def test_bad_buffer_widths(tmp_path, bad, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["map", "-o", str(tmp_path / "m.html"), "--buffers-km", bad])
    assert exit_info.value.code == 2


def test_assets_status_and_tampered_tarball(tmp_path, capsys):
    empty = tmp_path / "cache"
    assert main(["assets", "status", "--cache-dir", str(empty)]) == 1
    assert "geomap assets fetch" in capsys.readouterr().err
    # A tarball whose leaflet.js differs from the pinned file is refused.
    source = tmp_path / "packs"
    source.mkdir()
    data = b"window.__evil = 1;"
    with tarfile.open(source / "leaflet-1.9.3.tgz", "w:gz") as archive:
        info = tarfile.TarInfo("package/dist/leaflet.js")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    code = main(["assets", "fetch", "--from", str(source), "--cache-dir", str(empty)])
    assert code == 2
    assert "does not match its pinned SHA-256" in capsys.readouterr().err
    assert not (empty / "assets" / "leaflet@1.9.3" / "dist" / "leaflet.js").exists()


def test_assets_fetch_from_npm_pack_tarballs(tmp_path, capsys):
    """Tarballs as `npm pack` writes them, rebuilt here from the verified cache."""
    if assets.missing_assets():
        pytest.fail("map assets not cached: run `python -m geomap assets fetch` (tests/install.sh)")
    source = tmp_path / "packs"
    source.mkdir()
    by_tarball = {}
    for asset in assets.ASSETS.values():
        by_tarball.setdefault(asset.tarball_name, []).append(asset)
    for name, members in by_tarball.items():
        with tarfile.open(source / name, "w:gz") as archive:
            for asset in members:
                data = assets.read_asset(asset.name)
                info = tarfile.TarInfo(f"package/{asset.path}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    cache = tmp_path / "cache"
    assert (
        main(["assets", "fetch", "--from", str(source), "--cache-dir", str(cache), "--json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert all(r["present"] for r in rows) and len(rows) == len(assets.ASSETS)
