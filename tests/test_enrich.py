"""Enrichment: geocoding of unplaced rows and the border answers, rows never lost."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import geomap
from geomap.errors import InputError, PlaceNotFound

DATA = Path(__file__).parent / "data"


def quiet(path, **kwargs):
    found = []
    return geomap.read_incidents(path, report=found.append, **kwargs), found


def enrich_quiet(frame, **kwargs):
    found = []
    return geomap.enrich(frame, report=found.append, **kwargs), found


def test_seeds_get_distance_side_and_crossing():
    out, found = enrich_quiet(geomap.seed_incidents())
    assert found == []
    by_id = out.set_index("id")
    assert by_id.loc["kabul-talks", "side"] == "AF"
    assert by_id.loc["muttaqi-islamabad-2023-05-08", "side"] == "PK"
    assert by_id.loc["west-washington-seminar", "side"] == "other"
    border = geomap.border()
    expected = border.distance_km(out["lon"].to_numpy(), out["lat"].to_numpy())
    assert np.allclose(out["distance_to_border_km"], expected)
    assert (out["distance_to_border_km"] > 50).all()  # none of the three is on the border
    assert out["nearest_crossing"].notna().all() and (out["nearest_crossing_km"] > 0).all()
    names, km = border.nearest_crossing(out["lon"].to_numpy(), out["lat"].to_numpy())
    assert out["nearest_crossing"].tolist() == [str(n) for n in names]
    assert by_id.loc["kabul-talks", "admin1"] == "Kabul Province"
    assert by_id.loc["muttaqi-islamabad-2023-05-08", "admin1"] == "Islamabad Capital Territory"


def test_acled_and_ucdp_import_enrich_export_without_losing_a_row(tmp_path):
    for name in ("acled_sample.csv", "ucdp_sample.csv"):
        frame, _ = quiet(DATA / name)
        out, found = enrich_quiet(frame)
        assert len(out) == len(frame) == 5
        assert out["id"].tolist() == frame["id"].tolist()
        placed = out.geometry.notna()
        assert out.loc[placed, "distance_to_border_km"].notna().all()
        assert out.loc[placed, "side"].isin(["AF", "PK", "other", "ambiguous"]).all()
        assert out.loc[~placed, "side"].isna().all()
        for fmt in ("geojson", "gpkg", "csv", "kml", "parquet"):
            written = geomap.write_incidents(out, tmp_path / f"{name}.{fmt}")
            if fmt in ("geojson", "gpkg", "csv", "parquet"):
                assert len(geomap.read_incidents(written, strict=True)) == 5
    acled, found = enrich_quiet(quiet(DATA / "acled_sample.csv")[0])
    # FIXTURE4 has no coordinates and a place no gazetteer knows: reported, kept unplaced.
    assert [(e.row, e.field) for e in found] == [(4, "place")]
    assert "Fixture village" in str(found[0])
    assert acled.set_index("id").loc["FIXTURE4", "geometry"] is None


def test_uncertainty_larger_than_distance_is_ambiguous():
    ucdp, _ = quiet(DATA / "ucdp_sample.csv")
    out, _ = enrich_quiet(ucdp)
    by_id = out.set_index("id")
    # Country-level precision (1000 km radius): no side can be claimed.
    assert by_id.loc["900005", "side"] == "ambiguous"
    # Torkham town within 2 km, right at the crossing.
    assert by_id.loc["900001", "nearest_crossing"] == "Torkham"
    assert by_id.loc["900001", "nearest_crossing_km"] < 5
    # Same point, no uncertainty: the side is decided.
    sure = ucdp.copy()
    sure["uncertainty_km"] = np.nan
    sure["geo_precision"] = None
    assert (geomap.enrich(sure)["side"] != "ambiguous").all()


def test_place_only_rows_are_geocoded_and_unknown_places_kept():
    frame, _ = quiet(DATA / "incidents_places.csv")
    out, found = enrich_quiet(frame)
    assert len(out) == 4
    by_id = out.set_index("id")
    assert by_id.loc[["pl-1", "pl-2", "pl-3"]].geometry.notna().all()
    assert by_id.loc["pl-4", "geometry"] is None
    assert [(e.row, e.field) for e in found] == [(4, "place")]
    assert "Qqqxyz Nowhereabad" in str(found[0]) and "kept unplaced" in str(found[0])
    assert by_id.loc["pl-2", "country"] == "PK"  # filled from the gazetteer
    assert by_id.loc["pl-3", "side"] == "AF"
    assert "geocoded from 'Kabul'" in by_id.loc["pl-3", "notes"]
    assert by_id.loc["pl-1", "uncertainty_km"] > 0
    with pytest.raises(InputError, match=r"row 4: field 'place'.*Qqqxyz"):
        geomap.enrich(frame, strict=True)


def test_geocoder_is_pluggable_and_given_the_country():
    frame, _ = quiet(DATA / "incidents_places.csv")
    calls = []

    def geocoder(name, *, country=None):
        calls.append((name, country))
        if name == "Kabul":
            return geomap.geocode_one(name, country=country)
        raise PlaceNotFound(f"no match for {name!r}")

    out, found = enrich_quiet(frame, geocoder=geocoder)
    assert calls == [
        ("Torkham", "PK"),
        ("Chaman", None),
        ("Kabul", "AF"),
        ("Qqqxyz Nowhereabad", None),
    ]
    assert out.geometry.notna().tolist() == [False, False, True, False]
    assert len(found) == 3


def test_enrich_does_not_modify_its_input_and_recomputes():
    frame = geomap.seed_incidents()
    before = frame.copy()
    frame.loc[0, "distance_to_border_km"] = 9999.0
    frame.loc[0, "side"] = "PK"
    out = geomap.enrich(frame)
    assert out.loc[0, "side"] == "AF" and out.loc[0, "distance_to_border_km"] < 9999
    assert frame.loc[0, "side"] == "PK"
    assert before["id"].tolist() == out["id"].tolist()


def test_unplaced_row_without_place_is_reported():
    frame = geomap.seed_incidents()
    frame.loc[1, ["lat", "lon"]] = math.nan
    frame.loc[1, "place"] = None
    out, found = enrich_quiet(frame)
    assert [(e.row, e.field) for e in found] == [(2, "place")]
    assert out.loc[1, "geometry"] is None and out.loc[1, "side"] is None


def test_refused_coordinates_are_not_replaced_by_the_gazetteer():
    frame, _ = quiet(DATA / "incidents_bad_lat_row7.csv")
    out, found = enrich_quiet(frame)
    assert out.loc[6, "id"] == "fx-7" and out.loc[6, "geometry"] is None  # place is Angoor Adda
    assert [(e.row, e.field) for e in found] == [(7, "lat")]
    assert "not geocoded from its place" in str(found[0])
    assert out.geometry.notna().sum() == 7
