"""The shipped border: one continuous line between the tripoints, consistent polygons."""

import json

import numpy as np
import pyproj
import pytest
import shapely

import geomap
from geomap._data import data_file

GEOD = pyproj.Geod(ellps="WGS84")
# Tripoints as given in the project's data notes (degrees): Kuh-i-Malik Siah and the
# 1963 treaty peak near 37 deg 03'N 74 deg 36'E.
AF_IR_PK = (60.87, 29.86)
AF_CN_PK = (74.56, 37.03)


@pytest.fixture(scope="module")
def b():
    return geomap.border()


def km_between(a, c):
    return GEOD.inv(a[0], a[1], c[0], c[1])[2] / 1000


def test_length_within_published_range(b):
    assert 2600 < b.length_km < 2700
    # The same figure as the data file records, measured independently here.
    assert b.length_km == pytest.approx(GEOD.geometry_length(b.line) / 1000, rel=1e-9)


def test_ends_are_the_tripoints(b):
    assert km_between(b.start, AF_IR_PK) < 10
    assert km_between(b.end, AF_CN_PK) < 10


def test_one_continuous_simple_line(b):
    assert isinstance(b.line, shapely.LineString)
    assert b.line.is_simple
    assert len(b.line.coords) > 2000


def test_polygons_valid_and_disjoint(b):
    af, pk = (b._countries[k] for k in ("AF", "PK"))
    assert af.is_valid and pk.is_valid
    assert shapely.intersection(af, pk).area == pytest.approx(0, abs=1e-12)


def test_polygons_agree_with_the_line_everywhere(b):
    """30 m left of every segment is Afghanistan, 30 m right is Pakistan."""
    xy = np.asarray(b.line.coords)
    mx, my = (xy[:-1, 0] + xy[1:, 0]) / 2, (xy[:-1, 1] + xy[1:, 1]) / 2
    az, _, _ = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    # Mid-point of the lon/lat chord is not on the geodesic; skip the longest segments,
    # where the two differ by more than the 30 m offset.
    _, _, length = GEOD.inv(xy[:-1, 0], xy[:-1, 1], xy[1:, 0], xy[1:, 1])
    short = length < 5000
    for turn, expected in ((-90, "AF"), (90, "PK")):
        lon, lat, _ = GEOD.fwd(mx, my, az + turn, np.full(mx.size, 30.0))
        sides = b.side(lon[short], lat[short])
        assert (sides == expected).mean() > 0.999, (expected, np.unique(sides, return_counts=True))


def test_crossings_on_the_line_with_uncertainty(b):
    crossings = b.crossings
    names = set(crossings["name"])
    for expected in (
        "Torkham",
        "Chaman-Spin Boldak",
        "Ghulam Khan",
        "Angoor Adda",
        "Kharlachi",
        "Arandu",
        "Badini",
        "Nawa Pass",
    ):
        assert expected in names
    km = b.distance_km(crossings["lon"], crossings["lat"])
    assert km.max() < 3
    assert (crossings["uncertainty_km"] > 0).all()
    assert crossings.loc[crossings["estimated"], "uncertainty_km"].min() >= 10
    torkham = crossings.set_index("name").loc["Torkham"]
    assert km_between((torkham.lon, torkham.lat), (71.08, 34.11)) < 3


def test_data_files_match_their_checksums():
    sums = data_file("basemaps", "SHA256SUMS").read_text().split("\n")
    import hashlib

    checked = 0
    for line in filter(None, sums):
        digest, name = line.split()
        path = data_file("basemaps", name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, name
        checked += 1
    assert checked >= 3


def test_line_carries_source_and_disputed_note(b):
    props = json.loads(data_file("basemaps", "border.geojson").read_text())["features"][0][
        "properties"
    ]
    assert "OpenStreetMap" in b.source and "ODbL" in b.source
    assert "disputed" in b.disputed
    assert props["vertices"] == len(b.line.coords)


def test_swapped_line_is_usable():
    """The line is swappable: any LineString with polygons makes a Border."""
    import pandas as pd

    line = shapely.LineString([(69.0, 33.0), (70.0, 33.0)])
    north = shapely.box(68, 33.0, 71, 34)
    other = geomap.Border(
        line,
        countries={"AF": north},
        crossings=pd.DataFrame({"name": ["X"], "lon": [69.5], "lat": [33.0]}),
        source="test fixture",
        disputed="fixture",
    )
    assert other.side(69.5, 33.5).tolist() == ["AF"]
    assert other.distance_km(69.5, 33.5)[0] == pytest.approx(55.343, abs=0.001)


def test_bad_border_is_refused():
    import pandas as pd

    with pytest.raises(geomap.BorderDataError):
        geomap.Border(
            shapely.Point(0, 0), countries={}, crossings=pd.DataFrame(), source="", disputed=""
        )


def test_shipped_lookup_grid_belongs_to_the_shipped_line(b):
    """A stale grid would be ignored (and rebuilt slowly): rebuild it with the line."""
    assert b._index._load_grid(b._index.grid_path) is not None
