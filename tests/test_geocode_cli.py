"""``geomap geocode`` offline: output keys, unknown names, country filter, exit status."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geomap.cli import main

KEYS = [
    "query",
    "name",
    "lat",
    "lon",
    "country",
    "kind",
    "precision",
    "uncertainty_km",
    "source",
    "score",
    "candidates",
]


def test_text_output(capsys):
    assert main(["geocode", "Peshawar", "Miran Shah"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2 and err == ""
    assert lines[0].startswith("Peshawar\tPeshawar, PK (city)\t34.00800, 71.57849")
    assert "GeoNames 1170367" in lines[1]


def test_json_keys_and_candidates(capsys):
    assert main(["geocode", "--json", "--limit", "2", "Kurram district", "KP"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [list(r) for r in records] == [KEYS, KEYS]
    kurram, kp = records
    assert (kurram["kind"], kurram["precision"], kurram["country"]) == ("district", 3, "PK")
    assert kp["name"] == "Khyber Pakhtunkhwa" and kp["precision"] == 4
    assert 1 <= len(kurram["candidates"]) <= 2
    assert kurram["candidates"][0]["name"] == kurram["name"]


def test_unknown_name_exit_1_others_answered(capsys):
    assert main(["geocode", "--json", "Torkham", "Qwxzlmnop", "Wana"]) == 1
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert [r["name"] for r in records] == ["Torkham", None, "Wana"]
    assert err.strip() == "no match for 'Qwxzlmnop'"


def test_country_filter(capsys):
    assert main(["geocode", "--json", "--country", "GB", "Washington"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["country"] == "GB"
    assert main(["geocode", "--json", "Washington"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["country"] == "US"


@pytest.mark.parametrize(
    "args",
    [["--country", "PAK", "Kabul"], ["--limit", "0", "Kabul"], ["--online", "nominatim", "Kabul"]],
)
def test_bad_input_is_one_line_exit_2(args, capsys, monkeypatch, tmp_path):
    from geomap.options import options

    monkeypatch.delenv("GEOMAP_USER_AGENT", raising=False)
    options.reset()
    options.cache_dir = tmp_path
    try:
        assert main(["geocode", *args]) == 2
    finally:
        options.reset()
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith("geomap: error:")


def test_geocode_path_stays_light():
    # The gazetteer lookup itself must not pull in the map stack.
    code = (
        "import sys; from geomap.cli import geocode as g; from geomap.geocoding import api;"
        "api.geocode('Peshawar');"
        "print(sorted(m for m in ('folium', 'geopandas', 'geopy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
