"""Readers: every input format lands on one schema; bad input is kept and reported, or refused."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import pytest

import geomap
from geomap.errors import CoordinateError, GeomapWarning, InputError
from geomap.incidents.model import COLUMNS, EVENT_TYPES

DATA = Path(__file__).parent / "data"


def read_quiet(path, **kwargs):
    found = []
    df = geomap.read_incidents(path, report=found.append, **kwargs)
    return df, found


def test_schema_columns_come_first_in_order():
    df, _ = read_quiet(DATA / "acled_sample.csv")
    assert list(df.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert df.columns[-1] == "geometry"
    assert df.crs.to_epsg() == 4326


def test_acled_mapping():
    df, found = read_quiet(DATA / "acled_sample.csv")
    assert found == []
    assert len(df) == 5
    row = df.set_index("id").loc["FIXTURE1"]
    assert row["date"] == "2023-05-08" and row["date_precision"] == "day"
    assert row["event_type"] == "clash"
    assert row["place"] == "Landi Kotal" and row["country"] == "Pakistan"
    assert row["admin1"] == "Khyber Pakhtunkhwa"
    assert (row["lat"], row["lon"]) == (34.0988, 71.1413)
    assert row["geo_precision"] == 1 and row["uncertainty_km"] == 5.0
    assert row["fatalities"] == 2
    assert row["source_title"] == "Fixture Daily"
    assert row["title"].startswith("Armed clash: Military Forces of Pakistan")
    # ACLED's own categories are kept, and columns not consumed stay untouched.
    assert row["acled_event_type"] == "Battles" and row["acled_geo_precision"] == "1"
    assert row["sub_event_type"] == "Armed clash" and row["admin2"] == "Khyber"
    by_id = df.set_index("id")
    assert by_id.loc["FIXTURE2", "event_type"] == "shelling"
    assert by_id.loc["FIXTURE2", "date_precision"] == "week"
    assert by_id.loc[
        "FIXTURE3", ["date_precision", "geo_precision", "uncertainty_km"]
    ].tolist() == [
        "month",
        4,
        200.0,
    ]
    assert by_id.loc["FIXTURE4", "event_type"] == "airstrike"
    assert by_id.loc["FIXTURE5", "event_type"] == "meeting"
    # No coordinates in the export: kept, unplaced.
    assert by_id.loc["FIXTURE4", "geometry"] is None
    assert "<script>" in by_id.loc["FIXTURE2", "notes"]  # text stays text, unchanged


def test_ucdp_mapping():
    df, found = read_quiet(DATA / "ucdp_sample.csv")
    assert found == []
    by_id = df.set_index("id")
    assert len(df) == 5
    assert by_id.loc["900001", ["date", "date_precision"]].tolist() == ["2023-05-08", "day"]
    assert by_id.loc["900002", ["date", "date_precision"]].tolist() == [
        "2023-05-10/2023-05-13",
        "week",
    ]
    assert by_id.loc["900003", "date_precision"] == "month"
    assert by_id.loc["900004", "date_precision"] == "year"
    assert by_id["geo_precision"].tolist() == [1, 2, 3, 4, 6]
    assert by_id["uncertainty_km"].tolist() == [2.0, 25.0, 50.0, 200.0, 1000.0]
    assert "assumed from geo_precision 6" in by_id.loc["900005", "notes"]
    assert by_id.loc["900001", "event_type"] == "clash"
    assert by_id.loc["900003", "event_type"] == "attack"
    assert by_id.loc["900001", "title"] == "Government of Pakistan - TTP"
    assert by_id.loc["900001", "place"] == "Torkham town"
    assert by_id.loc["900001", "admin1"] == "Khyber Pakhtunkhwa province"
    assert by_id.loc["900003", "fatalities"] == 5
    assert by_id.loc["900001", "source_published"] == "2023-05-08"
    assert by_id.loc["900001", "side_b"] == "TTP"  # extra column kept
    assert by_id.loc["900002", "date_start"] == "2023-05-10 00:00:00.000"


def test_format_forced_and_sniffed_agree():
    sniffed, _ = read_quiet(DATA / "ucdp_sample.csv")
    forced, _ = read_quiet(DATA / "ucdp_sample.csv", format="ucdp")
    assert sniffed.equals(forced)


def test_bad_latitude_row_7_is_reported_and_kept():
    df, found = read_quiet(DATA / "incidents_bad_lat_row7.csv")
    assert len(df) == 8
    assert [(e.row, e.field) for e in found] == [(7, "lat")]
    assert "row 7" in str(found[0]) and "95.2" in str(found[0])
    assert isinstance(found[0], CoordinateError)
    row = df.iloc[6]
    assert row["id"] == "fx-7" and row["geometry"] is None and math.isnan(row["lat"])
    assert "lat given as '95.2'" in row["notes"]  # the bad value is not lost
    assert df.geometry.notna().sum() == 7


def test_bad_latitude_row_7_refused_when_strict():
    with pytest.raises(CoordinateError, match=r"incidents_bad_lat_row7.csv: row 7: field 'lat'"):
        geomap.read_incidents(DATA / "incidents_bad_lat_row7.csv", strict=True)


def test_default_report_is_a_warning():
    with pytest.warns(GeomapWarning, match="row 7"):
        geomap.read_incidents(DATA / "incidents_bad_lat_row7.csv")


def test_cp1252_is_read_correctly_and_said():
    df, found = read_quiet(DATA / "incidents_cp1252.csv")
    assert df.loc[0, "title"] == "FIXTURE caf\u00e9 closure \u2013 Torkham"
    assert df.loc[0, "source_title"] == "Fixture \u201cDaily\u201d"
    assert [("Windows-1252" in str(e)) for e in found] == [True]
    forced, found = read_quiet(DATA / "incidents_cp1252.csv", encoding="cp1252")
    assert found == [] and forced.loc[1, "notes"].endswith("na\u00efve text)")


def test_wrong_explicit_encoding_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("title,lat,lon\nx\u00e9,1,2\n".encode("cp1252"))
    with pytest.raises(InputError, match="line 2: byte 0xe9 is not valid utf-8"):
        geomap.read_incidents(path, encoding="utf-8")


def test_undecodable_file_refused_with_line(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"title,lat,lon\nok,1,2\nbad\x81\xff,1,2\n")
    with pytest.raises(InputError, match=r"x.csv: line 3: byte 0x81 is neither UTF-8"):
        geomap.read_incidents(path)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("title,lat,lon\nx,1,2\ny,1,2,3\n", r"row 2: has 4 fields but the header has 3 \(line 3"),
        ('title,lat,lon\nx,1,2\n"y,1,2\n', r"row 2: malformed CSV"),
        ("title,lat,title\nx,1,2\n", r"column 'title' appears twice"),
        ("", r"the file is empty"),
        ("title,when\nx,2023\n", r"neither coordinates .* nor a 'place' column"),
    ],
)
def test_malformed_csv_is_one_clear_error(tmp_path, text, match):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(InputError, match=match) as info:
        geomap.read_incidents(path)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith(str(path))


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"type": "FeatureCollection", "features": [\n{"type": "Feature",}]}', "line 2 column"),
        ('{"type": "Topology"}', "not a Feature or FeatureCollection"),
        ('{"type": "FeatureCollection", "features": [{"type": "Nope"}]}', "row 1: is not a"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},'
            ' "geometry": {"type": "Point", "coordinates": ["69", 34]}}]}',
            r"row 1: field 'geometry': Point coordinates must be \[lon, lat\]",
        ),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": '
            '{"name": "urn:ogc:def:crs:EPSG::3857"}}, "features": []}',
            "is not WGS84",
        ),
    ],
)
def test_malformed_geojson_is_one_clear_error(tmp_path, text, match):
    path = tmp_path / "bad.geojson"
    path.write_text(text)
    with pytest.raises(InputError, match=match) as info:
        geomap.read_incidents(path)
    assert "\n" not in str(info.value)


def test_geojson_reader(tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "g1",
                "geometry": {"type": "Point", "coordinates": [71.08, 34.11]},
                "properties": {"title": "FIXTURE", "event_type": "Closure", "tags": ["a", "b"]},
            },
            {"type": "Feature", "geometry": None, "properties": {"place": "Kabul"}},
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[70, 30], [71, 31]]},
                "properties": {"id": "line"},
            },
        ],
    }
    path = tmp_path / "in.geojson"
    path.write_text(json.dumps(doc))
    df, found = read_quiet(path)
    assert df["id"].tolist() == ["g1", "in-2", "line"]
    assert (df.loc[0, "lon"], df.loc[0, "lat"]) == (71.08, 34.11)
    assert df.loc[0, "event_type"] == "closure"
    assert df.loc[0, "tags"] == ["a", "b"]
    assert df.geometry.isna().tolist() == [False, True, True]
    assert [(e.row, e.field) for e in found] == [(3, "geometry")]


def test_yaml_reader_and_its_errors(tmp_path):
    path = tmp_path / "in.yaml"
    path.write_text(
        "- {id: y1, title: FIXTURE, country: NO, date: 2023-05-08, lat: 34.1, lon: 71.1}\n"
        "- {id: y2, place: Kabul, date: 2023-05}\n"
    )
    df, found = read_quiet(path)
    assert found == []
    assert df["country"].tolist() == ["NO", None]
    assert df["date_precision"].tolist() == ["day", "month"]
    path.write_text("- {id: y1, title: [unclosed\n")
    with pytest.raises(InputError, match=r"in.yaml: not valid YAML at line 2"):
        geomap.read_incidents(path)
    path.write_text("- just text\n")
    with pytest.raises(InputError, match="row 1: is not a mapping"):
        geomap.read_incidents(path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("event_type", "skirmish", "event_type 'skirmish' is not one of"),
        ("date", "05/08/2023", "ambiguous date"),
        ("date", "2023-02-30", "not a calendar date"),
        ("date_precision", "fortnight", "date_precision 'fortnight' is not one of"),
        ("geo_precision", "9", "geo_precision 9 is not a UCDP where_prec code"),
        ("uncertainty_km", "-3", "uncertainty_km cannot be negative"),
        ("fatalities", "2.5", "not a whole number"),
        ("fatalities", "1e20", "too large a number"),
        ("lon", "east", "not a number: 'east'"),
    ],
)
def test_bad_values_kept_reported_or_refused(tmp_path, field, value, message):
    row = {"id": "b1", "title": "FIXTURE", "lat": "34.1", "lon": "71.1"}
    row[field] = value
    path = tmp_path / "b.csv"
    path.write_text(",".join(row) + "\n" + ",".join(row.values()) + "\n")
    df, found = read_quiet(path)
    assert len(df) == 1 and len(found) == 1
    assert message in str(found[0]) and found[0].row == 1
    assert repr(value) in df.loc[0, "notes"]  # what could not be used is kept in notes
    assert df.loc[0, "event_type"] in EVENT_TYPES
    with pytest.raises(InputError, match="b.csv: row 1"):
        geomap.read_incidents(path, strict=True)


def test_place_only_csv_reads_unplaced():
    df, found = read_quiet(DATA / "incidents_places.csv")
    assert found == [] and len(df) == 4
    assert df.geometry.isna().all() and df["lat"].isna().all()


def test_aliases_wkt_and_semicolons(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("title;latitude;longitude\nFIXTURE;34,5;69.2\n")
    df, found = read_quiet(path)
    assert [e.field for e in found] == ["lat"]  # decimal comma is refused, not misread
    path.write_text("title,WKT\nFIXTURE,POINT (69.2 34.5)\n")
    df, found = read_quiet(path)
    assert (df.loc[0, "lon"], df.loc[0, "lat"]) == (69.2, 34.5)


def test_directory_merges_and_flags_duplicate_ids(tmp_path):
    (tmp_path / "a.csv").write_text("id,title,lat,lon\nsame,FIXTURE a,34,70\n")
    (tmp_path / "b.yaml").write_text("- {id: same, title: FIXTURE b, lat: 33, lon: 70}\n")
    (tmp_path / "README.md").write_text("not incidents\n")
    df, found = read_quiet(tmp_path)
    assert df["title"].tolist() == ["FIXTURE a", "FIXTURE b"]
    assert len(found) == 1 and "id 'same' is used twice" in str(found[0])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no incident files"):
        geomap.read_incidents(tmp_path / "empty")


def test_missing_file_and_unknown_suffix(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        geomap.read_incidents(tmp_path / "nope.csv")
    (tmp_path / "x.dat").write_text("a")
    with pytest.raises(InputError, match="cannot tell the format"):
        geomap.read_incidents(tmp_path / "x.dat")


def test_seed_incidents_are_the_context_and_keep_dates_open():
    df = geomap.seed_incidents()
    by_id = df.set_index("id")
    assert set(by_id.index) == {
        "kabul-talks",
        "muttaqi-islamabad-2023-05-08",
        "west-washington-seminar",
    }
    assert by_id.loc["kabul-talks", ["date", "date_precision"]].tolist() == [None, "unknown"]
    assert by_id.loc["west-washington-seminar", ["date", "date_precision"]].tolist() == [
        None,
        "unknown",
    ]
    assert by_id.loc["muttaqi-islamabad-2023-05-08", ["date", "date_precision"]].tolist() == [
        "2023-05-08",
        "day",
    ]
    assert by_id["source_url"].isna().all()  # no URL is known; none is invented
    assert (by_id["uncertainty_km"] > 0).all() and by_id.geometry.notna().all()
    # The whole seeds/ directory reads cleanly, even under strict.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        whole = geomap.read_incidents(Path(__file__).parents[1] / "seeds", strict=True)
    assert len(whole) == len(df)


def test_seed_checksum_is_recorded():
    import hashlib

    seeds = Path(__file__).parents[1] / "seeds"
    recorded = dict(
        reversed(line.split()) for line in (seeds / "SHA256SUMS").read_text().splitlines()
    )
    digest = hashlib.sha256((seeds / "incidents.yaml").read_bytes()).hexdigest()
    assert recorded["incidents.yaml"] == digest, "update seeds/SHA256SUMS after editing the seeds"
