"""``geomap border`` and ``geomap distance``: output keys, batch CSV, and bad input."""

import json
import subprocess
import sys

import pyogrio
import pytest

from geomap.cli import main

FIELDS = [
    "distance_km",
    "side",
    "nearest_lat",
    "nearest_lon",
    "nearest_crossing",
    "nearest_crossing_km",
]  # spelled out: the issue fixes these names for users


def run_json(capsys, *argv):
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_border_json(capsys):
    out = run_json(capsys, "border")
    assert {"length_km", "start", "end", "vertices", "source"} <= set(out)
    assert 2600 < out["length_km"] < 2700
    assert isinstance(out["vertices"], int) and out["vertices"] > 2000
    assert len(out["start"]) == 2 and out["start"][0] == pytest.approx(60.87, abs=0.1)


def test_border_geojson_is_read_by_gdal(tmp_path, capsys):
    out = tmp_path / "border.geojson"
    assert main(["border", "--geojson", str(out)]) == 0
    frame = pyogrio.read_dataframe(out)
    assert frame.geometry.geom_type.tolist()[0] == "LineString"
    assert (frame.geometry.geom_type == "Point").sum() >= 8
    assert "disputed" in json.loads(out.read_text())["features"][0]["properties"]


@pytest.mark.parametrize(
    "argv", [["34.0151", "71.5785"], ["34.0151,71.5785"], ["34.0151,", "71.5785"]]
)
def test_distance_forms(capsys, argv):
    out = run_json(capsys, "distance", *argv)
    assert list(out)[:2] == ["lat", "lon"] and set(FIELDS) <= set(out)
    assert out["side"] == "PK" and out["nearest_crossing"] == "Torkham"
    assert isinstance(out["distance_km"], float) and 40 < out["distance_km"] < 50


def test_distance_to_a_place_name(capsys):
    out = run_json(capsys, "distance", "Torkham")
    assert out["distance_km"] < 3
    assert out["nearest_crossing"] == "Torkham"
    assert out["uncertainty_km"] > 0


def test_distance_unknown_place(capsys):
    assert main(["distance", "Qwxzzy"]) == 1
    err = capsys.readouterr().err
    assert "Qwxzzy" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["distance", "134", "71"], "latitude 134.0 is outside [-90, 90]"),
        (["distance", "34", "271"], "longitude 271.0 is outside [-180, 180]"),
    ],
)
def test_distance_bad_position(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_batch_keeps_every_column(tmp_path):
    src = write(
        tmp_path / "points.csv",
        'name,Latitude,lng,note\nPeshawar,34.0151,71.5785,"a, quoted"\nKabul,34.5281,69.1723,\n',
    )
    out = tmp_path / "out.csv"
    assert main(["distance", "--input", str(src), "--output", str(out)]) == 0
    import pandas as pd

    table = pd.read_csv(out, keep_default_na=False)
    assert list(table.columns) == ["name", "Latitude", "lng", "note", *FIELDS]
    assert table["note"].tolist() == ["a, quoted", ""]
    assert table["side"].tolist() == ["PK", "AF"]


def test_batch_uncertainty_column(tmp_path):
    src = write(
        tmp_path / "p.csv", "lat,lon,uncertainty_km\n34.0151,71.5785,100\n34.0151,71.5785,\n"
    )
    out = tmp_path / "o.csv"
    assert main(["distance", "--input", str(src), "--output", str(out)]) == 0
    import pandas as pd

    assert pd.read_csv(out)["side"].tolist() == ["ambiguous", "PK"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lat,lon\n34,71\n34,71\nabc,70\n", "row 3: field 'lat': not a number: 'abc'"),
        ("lat,lon\n34,71\n95,71\n", "row 2: field 'lat': latitude 95.0 is outside [-90, 90]"),
        ("y,x\n34,71\n34,\n", "row 2: field 'x': no value"),
        ("name,place\nA,Kabul\n", "no latitude column"),
        ("lat,lon\n", "no rows"),
        ("", "empty"),
    ],
)
def test_batch_bad_input_names_row_and_field(tmp_path, capsys, text, expected):
    src = write(tmp_path / "in.csv", text)
    out = tmp_path / "out.csv"
    assert main(["distance", "--input", str(src), "--output", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert expected in err and len(err.splitlines()) == 1 and str(src) in err
    assert not out.exists()
    assert not list(tmp_path.glob(".*tmp*"))  # no half-written temporary left behind


def test_batch_never_overwrites_input_and_keeps_old_output_on_failure(tmp_path, capsys):
    src = write(tmp_path / "in.csv", "lat,lon\n34,71\n")
    assert main(["distance", "--input", str(src), "--output", str(src)]) == 2
    assert src.read_text() == "lat,lon\n34,71\n"
    bad = write(tmp_path / "bad.csv", "lat,lon\nx,71\n")
    out = write(tmp_path / "out.csv", "previous result\n")
    assert main(["distance", "--input", str(bad), "--output", str(out)]) == 2
    assert out.read_text() == "previous result\n"


def test_cp1252_input_is_read(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes("name,lat,lon\nPesh\xe2war,34.0151,71.5785\n".encode("cp1252"))
    out = tmp_path / "out.csv"
    assert main(["distance", "--input", str(src), "--output", str(out)]) == 0
    assert "Peshâwar" in out.read_text(encoding="utf-8")


def test_real_process_exit_status_and_no_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "geomap", "distance", "91", "10"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1


def test_swapped_pair_is_answered_with_a_warning(capsys):
    assert main(["distance", "71.5785", "34.0151"]) == 0  # LON LAT by mistake
    captured = capsys.readouterr()
    assert "did you mean LAT LON = 34.0151 71.5785?" in captured.err
    assert "side other" in captured.out
