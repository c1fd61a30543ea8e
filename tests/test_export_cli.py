"""``geomap export`` and ``geomap enrich``: exit statuses, stderr lines, refusals write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from geomap.cli import main
from geomap.incidents.model import COLUMNS

ROOT = Path(__file__).parents[1]
DATA = Path(__file__).parent / "data"


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "geomap", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONWARNINGS": "error::ResourceWarning"},
    )


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "kml", "parquet"])
def test_export_seeds_dir_every_format(tmp_path, fmt, capsys):
    out = tmp_path / f"x.{fmt}"
    assert main(["export", "seeds/", "-o", str(out)]) == 0
    assert f"wrote 3 incidents (3 placed) to {out}" in capsys.readouterr().out
    if fmt == "parquet":
        import geopandas as gpd

        back = gpd.read_parquet(out)
    elif fmt == "csv":
        back = pyogrio.read_dataframe(out, GEOM_POSSIBLE_NAMES="wkt", KEEP_GEOM_COLUMNS="NO")
    else:
        back = pyogrio.read_dataframe(out, layer="incidents" if fmt == "gpkg" else None)
    assert len(back) == 3 and set(COLUMNS) <= set(back.columns)
    assert back["distance_to_border_km"].astype(float).notna().all()
    assert set(back["side"]) == {"AF", "PK", "other"}


def test_export_merges_inputs_and_reports_json(tmp_path, capsys):
    out = tmp_path / "m.geojson"
    code = main(
        [
            "export",
            str(DATA / "acled_sample.csv"),
            str(DATA / "ucdp_sample.csv"),
            "seeds",
            "-o",
            str(out),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    summary = json.loads(captured.out)
    assert summary["rows"] == 13 and summary["placed"] == 12
    assert summary["unplaced"] == ["FIXTURE4"]
    assert [p["field"] for p in summary["problems"]] == ["place"]
    assert captured.err.count("geomap: warning:") == 1
    assert len(json.loads(out.read_text())["features"]) == 13


def test_bad_latitude_row_7(tmp_path):
    out = tmp_path / "out.geojson"
    out.write_text("previous")
    bad = DATA / "incidents_bad_lat_row7.csv"
    refused = run_cli("export", bad, "-o", out, "--strict")
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines() == [
        f"geomap: error: {bad}: row 7: field 'lat': latitude 95.2 is outside [-90, 90]"
    ]
    assert "Traceback" not in refused.stderr
    assert out.read_text() == "previous"  # nothing written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.geojson"]
    kept = run_cli("export", bad, "-o", out)
    assert kept.returncode == 0, kept.stderr
    assert "row 7" in kept.stderr and "95.2" in kept.stderr
    assert "(kept without coordinates)" in kept.stderr
    features = json.loads(out.read_text())["features"]
    assert len(features) == 8 and features[6]["geometry"] is None
    assert features[6]["properties"]["id"] == "fx-7"


def test_malformed_inputs_exit_2_with_one_line(tmp_path):
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("title,lat,lon\nx,1,2\ny,1,2,3\n")
    bad_json = tmp_path / "bad.geojson"
    bad_json.write_text('{"type": "FeatureCollection", "features": [}')
    for path, where in ((bad_csv, "row 2"), (bad_json, "line 1 column")):
        result = run_cli("export", path, "-o", tmp_path / "o.geojson")
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and where in lines[0] and str(path) in lines[0]
    assert not (tmp_path / "o.geojson").exists()


def test_never_overwrites_an_input(tmp_path):
    source = tmp_path / "in.geojson"
    result = run_cli("export", "seeds", "-o", source)
    assert result.returncode == 0
    before = source.read_bytes()
    result = run_cli("enrich", source, "-o", source)
    assert result.returncode == 2 and "refusing to overwrite the input" in result.stderr
    assert source.read_bytes() == before


def test_enrich_command_geocodes_and_keeps_unknown(tmp_path):
    out = tmp_path / "e.csv"
    result = run_cli("enrich", DATA / "incidents_places.csv", "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["rows"] == 4 and summary["placed"] == 3 and summary["unplaced"] == ["pl-4"]
    assert "Qqqxyz Nowhereabad" in result.stderr
    strict = run_cli("enrich", DATA / "incidents_places.csv", "-o", tmp_path / "s.csv", "--strict")
    assert strict.returncode == 2 and not (tmp_path / "s.csv").exists()


def test_cp1252_input_via_cli(tmp_path):
    out = tmp_path / "c.geojson"
    result = run_cli("export", DATA / "incidents_cp1252.csv", "-o", out)
    assert result.returncode == 0 and "Windows-1252" in result.stderr
    titles = [f["properties"]["title"] for f in json.loads(out.read_text("utf-8"))["features"]]
    assert titles[0] == "FIXTURE caf\u00e9 closure \u2013 Torkham"


@pytest.mark.parametrize("layer", ["border", "crossings"])
def test_export_border_and_crossings_layers(tmp_path, layer, capsys):
    out = tmp_path / f"{layer}.geojson"
    assert main(["export", "--layer", layer, "-o", str(out)]) == 0
    doc = json.loads(out.read_text())
    kinds = {f["geometry"]["type"] for f in doc["features"]}
    assert kinds == ({"LineString"} if layer == "border" else {"Point"})


def test_no_input_exports_the_seeds(tmp_path, capsys):
    out = tmp_path / "s.kml"
    assert main(["export", "-o", str(out)]) == 0
    assert out.read_text().count("<Placemark>") == 3
