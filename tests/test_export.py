"""Exports: every format round-trips, GDAL reads it back, RFC 7946 GeoJSON, atomic writes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

import geomap
from geomap.errors import ConfigError, ExportError
from geomap.incidents.model import COLUMNS
from geomap.incidents.problems import Problems
from geomap.incidents.reader import read_many

DATA = Path(__file__).parent / "data"
HOSTILE = '<script>alert("x")</script> & <b>bold</b> ]]> "quoted"'


@pytest.fixture(scope="module")
def incidents():
    """ACLED + UCDP fixtures and the seeds merged: placed, unplaced, extras, hostile text."""
    frame = read_many(
        [DATA / "acled_sample.csv", DATA / "ucdp_sample.csv", Path("seeds")],
        problems=Problems(report=lambda e: None),
    )
    frame.loc[0, "title"] = HOSTILE
    frame.loc[1, "quote"] = "Pashto \u067e\u069a\u062a\u0648 and Urdu \u0627\u0631\u062f\u0648"
    frame.loc[2, "distance_to_border_km"] = 12.3456
    frame.loc[2, "side"] = "PK"
    return frame


def _no_border_formats():
    return ["geojson", "csv", "kml", "parquet"]


def read_back_with_gdal(path: Path, fmt: str) -> gpd.GeoDataFrame:
    if fmt == "csv":
        return pyogrio.read_dataframe(path, GEOM_POSSIBLE_NAMES="wkt", KEEP_GEOM_COLUMNS="NO")
    if fmt == "gpkg":
        return pyogrio.read_dataframe(path, layer="incidents")
    return pyogrio.read_dataframe(path)


@pytest.mark.parametrize("fmt", ["geojson", "csv", "kml"])
def test_gdal_reads_every_row_property_and_position(tmp_path, incidents, fmt):
    out = geomap.write_incidents(incidents, tmp_path / f"x.{fmt}")
    back = read_back_with_gdal(out, fmt)
    assert len(back) == len(incidents)
    missing = set(COLUMNS) - set(back.columns)
    assert not missing
    placed = incidents.geometry.notna().to_numpy()
    assert (back.geometry.notna().to_numpy() == placed).all()
    got = back.geometry[placed]
    want = incidents.geometry[placed]
    assert np.allclose(got.x, want.x, atol=1e-5) and np.allclose(got.y, want.y, atol=1e-5)
    assert list(back["id"].astype(str)) == list(incidents["id"])
    assert HOSTILE in set(back["title"])


def test_gpkg_has_incidents_border_and_crossings(tmp_path, incidents):
    out = geomap.write_incidents(incidents, tmp_path / "x.gpkg")
    layers = dict(pyogrio.list_layers(out))
    assert set(layers) == {"incidents", "border", "crossings"}
    assert layers["border"] == "LineString" and layers["crossings"] == "Point"
    back = pyogrio.read_dataframe(out, layer="incidents")
    assert len(back) == len(incidents) and set(COLUMNS) <= set(back.columns)
    assert back.geometry.isna().sum() == incidents.geometry.isna().sum()
    assert back.crs.to_epsg() == 4326
    border = pyogrio.read_dataframe(out, layer="border")
    assert "disputed" in border.loc[0, "note"]
    assert border.loc[0, "length_km"] == pytest.approx(geomap.border().length_km)


def test_parquet_is_geoparquet(tmp_path, incidents):
    pq = pytest.importorskip("pyarrow.parquet")
    out = geomap.write_incidents(incidents, tmp_path / "x.parquet")
    meta = json.loads(pq.read_schema(out).metadata[b"geo"])
    assert meta["version"] == "1.0.0" and meta["primary_column"] == "geometry"
    assert meta["columns"]["geometry"]["encoding"] == "WKB"
    back = gpd.read_parquet(out)
    assert len(back) == len(incidents) and set(COLUMNS) <= set(back.columns)
    assert back.geometry.isna().tolist() == incidents.geometry.isna().tolist()
    if "Parquet" in pyogrio.list_drivers():  # GDAL built with Arrow reads it too
        assert len(pyogrio.read_dataframe(out)) == len(incidents)


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg", "parquet"])
def test_round_trip_through_read_incidents(tmp_path, incidents, fmt):
    out = geomap.write_incidents(incidents, tmp_path / f"x.{fmt}")
    back = geomap.read_incidents(out, strict=True)
    assert len(back) == len(incidents)
    for name in COLUMNS:
        want, got = incidents[name].tolist(), back[name].tolist()
        if name in ("lat", "lon"):
            assert np.allclose(
                np.array(got, float), np.array(want, float), atol=1e-5, equal_nan=True
            )
        elif name in ("notes",):
            continue  # default-uncertainty notes are not added twice; checked below
        else:
            assert [_same(a, b) for a, b in zip(got, want, strict=True)] == [True] * len(want), name
    assert back["notes"].tolist() == incidents["notes"].tolist()
    # Extra columns survive (as text in the typed formats).
    # (CSV cannot tell an empty text from a missing one.)
    got = [v or None for v in back["sub_event_type"]]
    assert got == [v or None for v in incidents["sub_event_type"]]


def _same(a, b) -> bool:
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return a == b or str(a) == str(b)


def test_geojson_follows_rfc_7946(tmp_path, incidents):
    out = geomap.write_incidents(incidents, tmp_path / "x.geojson")
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte-order mark (RFC 7946 section 11)

    def refuse(name):
        raise AssertionError(f"non-JSON number {name}")

    doc = json.loads(raw.decode("utf-8"), parse_constant=refuse)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == len(incidents)
    for feature, (_, row) in zip(doc["features"], incidents.iterrows(), strict=True):
        assert feature["type"] == "Feature" and set(feature) >= {"geometry", "properties"}
        assert "crs" not in feature
        assert set(COLUMNS) <= set(feature["properties"])
        geometry = feature["geometry"]
        if row.geometry is None:
            assert geometry is None
            continue
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]  # [lon, lat], no third value
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert abs(lon - row["lon"]) <= 5e-6 and abs(lat - row["lat"]) <= 5e-6
        for value in (lon, lat):
            assert len(repr(value).split(".")[-1]) <= 5  # about 1 m
    kabul = next(f for f in doc["features"] if f["id"] == "kabul-talks")
    assert kabul["geometry"]["coordinates"] == [69.17233, 34.52813]


def test_csv_has_lat_lon_and_wkt_and_spreadsheet_reads_it(tmp_path, incidents):
    out = geomap.write_incidents(incidents, tmp_path / "x.csv")
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-1] == "wkt" and "lat" in header and "lon" in header
    back = pyogrio.read_dataframe(out, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat")
    assert back.geometry.notna().sum() == incidents.geometry.notna().sum()
    assert "POINT (69.17233 34.52813)" in out.read_text(encoding="utf-8")


def test_kml_escapes_text_and_carries_citation(tmp_path, incidents):
    out = geomap.write_incidents(incidents, tmp_path / "x.kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(out).getroot()  # well-formed XML
    placemarks = root.findall(".//k:Placemark", ns)
    assert len(placemarks) == len(incidents)
    first = placemarks[0]
    assert first.find("k:name", ns).text == HOSTILE  # plain text, exactly
    assert "Source: Fixture Daily" in first.find("k:description", ns).text
    description = placemarks[1].find("k:description", ns).text  # HTML, which Google Earth renders
    assert "<script" not in description and "&lt;script&gt;" in description
    kabul = next(p for p in placemarks if p.find("k:name", ns).text.startswith("Afghan-Pak"))
    text = kabul.find("k:description", ns).text
    assert "News report citing diplomatic sources" in text and "date not known" in text
    islamabad = [p for p in placemarks if "Islamabad" in p.find("k:name", ns).text]
    assert islamabad[0].find("k:TimeStamp/k:when", ns).text == "2023-05-08"
    unplaced = [p for p in placemarks if p.find("k:Point", ns) is None]
    assert len(unplaced) == incidents.geometry.isna().sum()


def test_atomic_write_keeps_old_output_on_failure(tmp_path, incidents, monkeypatch):
    out = tmp_path / "x.geojson"
    out.write_text("previous output")
    import geomap.incidents.write_geojson as module

    def broken(frame, path, **kwargs):
        Path(path).write_text('{"type": "FeatureCollection", "features": [')
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "write_geojson", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        geomap.write_incidents(incidents, out)
    assert out.read_text() == "previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.geojson"]  # no temporary left


def test_an_input_is_never_overwritten(tmp_path, incidents):
    source = tmp_path / "in.csv"
    source.write_bytes((DATA / "acled_sample.csv").read_bytes())
    before = source.read_bytes()
    with pytest.raises(ExportError, match="refusing to overwrite the input"):
        geomap.write_incidents(incidents, tmp_path / "." / "in.csv", inputs=[source])
    assert source.read_bytes() == before


def test_unknown_output_format_and_missing_directory(tmp_path, incidents):
    with pytest.raises(ConfigError, match="cannot tell the output format"):
        geomap.write_incidents(incidents, tmp_path / "x.shp")
    with pytest.raises(ExportError, match="does not exist"):
        geomap.write_incidents(incidents, tmp_path / "nope" / "x.geojson")
    out = geomap.write_incidents(incidents, tmp_path / "x.txt", format="geojson")
    assert json.loads(out.read_text())["type"] == "FeatureCollection"


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "kml", "parquet"])
def test_border_and_crossings_on_their_own(tmp_path, fmt):
    from geomap.incidents.writer import border_frame, crossings_frame, write_layer

    border_out = write_layer(border_frame(), tmp_path / f"border.{fmt}", layer="border")
    crossings_out = write_layer(crossings_frame(), tmp_path / f"crossings.{fmt}", layer="crossings")
    if fmt == "parquet":
        border, crossings = gpd.read_parquet(border_out), gpd.read_parquet(crossings_out)
    else:
        border = read_back_with_gdal(border_out, fmt if fmt != "gpkg" else "other")
        crossings = read_back_with_gdal(crossings_out, fmt if fmt != "gpkg" else "other")
    assert len(border) == 1 and border.geometry[0].geom_type == "LineString"
    line = geomap.border().line
    assert border.geometry[0].coords[0] == pytest.approx(line.coords[0], abs=1e-5)
    assert len(border.geometry[0].coords) == len(line.coords)
    assert len(crossings) == len(geomap.border().crossings)
    assert set(crossings.geometry.geom_type) == {"Point"}


def test_geojson_rounding_never_moves_a_point_more_than_a_metre(tmp_path):
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(60, 75.5, 500), rng.uniform(28.5, 37.5, 500)
    frame = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(500)]}, geometry=shapely.points(lon, lat), crs=4326
    )
    out = tmp_path / "r.geojson"
    geomap.write_incidents(frame, out)
    coords = np.array(
        [f["geometry"]["coordinates"] for f in json.loads(out.read_text())["features"]]
    )
    from pyproj import Geod

    _, _, moved_m = Geod(ellps="WGS84").inv(lon, lat, coords[:, 0], coords[:, 1])
    assert moved_m.max() < 1.0
    assert re.search(r"\d\.\d{6}", out.read_text()) is None
