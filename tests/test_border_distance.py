"""Exact geodesic distance, side, nearest point and crossing, and the geodesic buffer."""

import numpy as np
import pyproj
import pytest
import shapely

import geomap
from geomap.boundary.distance import GeodesicLineIndex
from geomap.boundary.reference import reference_distance_m

GEOD = pyproj.Geod(ellps="WGS84")
# Test positions (lon, lat), rounded city-centre coordinates.
PLACES = {
    "Peshawar": (71.5785, 34.0151, "PK"),
    "Quetta": (66.9750, 30.1798, "PK"),
    "Islamabad": (73.0479, 33.7215, "PK"),
    "Jalalabad": (70.4494, 34.4265, "AF"),
    "Kandahar": (65.7101, 31.6133, "AF"),
    "Kabul": (69.1723, 34.5281, "AF"),
    "Tehran": (51.3890, 35.6892, "other"),
    "Delhi": (77.2090, 28.6139, "other"),
}


@pytest.fixture(scope="module")
def b():
    return geomap.border()


@pytest.fixture(scope="module")
def line_xy(b):
    return np.asarray(b.line.coords)


@pytest.mark.parametrize("name", list(PLACES))
def test_side_of_cities(b, name):
    lon, lat, side = PLACES[name]
    assert b.side(lon, lat).tolist() == [side]


def test_vectorised_over_arrays_and_series(b):
    import pandas as pd

    lon = pd.Series([v[0] for v in PLACES.values()])
    lat = pd.Series([v[1] for v in PLACES.values()])
    km = b.distance_km(lon, lat)
    assert km.shape == (len(PLACES),)
    assert list(b.side(lon, lat)) == [v[2] for v in PLACES.values()]
    assert b.distance_km(71.5785, 34.0151).shape == (1,)


def test_matches_brute_force_reference_on_random_points(b, line_xy):
    rng = np.random.default_rng(7)
    lon = rng.uniform(60, 75.5, 250)
    lat = rng.uniform(28.5, 37.5, 250)
    ours = b.distance_km(lon, lat) * 1000
    truth = reference_distance_m(lon, lat, line_xy[:, 0], line_xy[:, 1])
    assert np.abs(ours - truth).max() < 0.5  # metres; the goal is 10 m


def test_matches_reference_next_to_the_line(b, line_xy):
    """Points within a few km of the line, where its bends and spikes matter."""
    rng = np.random.default_rng(8)
    pick = rng.integers(0, len(line_xy), 300)
    lon = line_xy[pick, 0] + rng.normal(0, 0.02, pick.size)
    lat = line_xy[pick, 1] + rng.normal(0, 0.02, pick.size)
    ours = b.distance_km(lon, lat) * 1000
    truth = reference_distance_m(lon, lat, line_xy[:, 0], line_xy[:, 1])
    assert np.abs(ours - truth).max() < 0.5


def test_far_points_are_exact_too(b, line_xy):
    lon = np.array([-77.0369, 151.2093, -112.0, 51.389, 12.5])
    lat = np.array([38.9072, -33.8688, 34.0, 35.689, -89.0])
    ours = b.distance_km(lon, lat) * 1000
    truth = reference_distance_m(lon, lat, line_xy[:, 0], line_xy[:, 1])
    assert np.abs(ours - truth).max() < 1.0


def test_large_batch_uses_the_grid_and_stays_exact(b, line_xy):
    rng = np.random.default_rng(9)
    n = 60_000  # above the size where the lookup grid is used
    lon = rng.uniform(58, 77, n)
    lat = rng.uniform(27, 39, n)
    ours = b.distance_km(lon, lat) * 1000
    sample = rng.choice(n, 200, replace=False)
    truth = reference_distance_m(lon[sample], lat[sample], line_xy[:, 0], line_xy[:, 1])
    assert np.abs(ours[sample] - truth).max() < 0.5
    # The same points one by one (no grid) give the same answers.
    again = b.distance_km(lon[sample], lat[sample]) * 1000
    assert np.abs(again - ours[sample]).max() < 1e-6


def test_web_mercator_would_be_wrong(b):
    """Why geomap measures on the ellipsoid: planar Web Mercator is off by a lot here."""
    lon, lat, _ = PLACES["Quetta"]
    to_merc = pyproj.Transformer.from_crs(4326, 3857, always_xy=True)
    line_m = shapely.transform(b.line, lambda xy: np.column_stack(to_merc.transform(*xy.T)))
    planar_km = shapely.distance(shapely.Point(to_merc.transform(lon, lat)), line_m) / 1000
    assert planar_km / b.distance_km(lon, lat)[0] > 1.1


def test_nearest_point_is_on_the_line_and_at_that_distance(b):
    lon, lat = np.array([71.5785, 66.975]), np.array([34.0151, 30.1798])
    nlon, nlat = b.nearest(lon, lat)
    assert b.distance_km(nlon, nlat).max() < 1e-6
    _, _, d = GEOD.inv(lon, lat, nlon, nlat)
    assert np.allclose(d / 1000, b.distance_km(lon, lat), atol=1e-9)


def test_nearest_crossing(b):
    names, km = b.nearest_crossing([71.5785, 66.975], [34.0151, 30.1798])
    assert names.tolist() == ["Torkham", "Chaman-Spin Boldak"]
    crossings = b.crossings.set_index("name")
    for name, d, (lon, lat) in zip(names, km, [(71.5785, 34.0151), (66.975, 30.1798)], strict=True):
        c = crossings.loc[name]
        assert d == pytest.approx(GEOD.inv(lon, lat, c.lon, c.lat)[2] / 1000, abs=1e-9)


def test_uncertainty_makes_the_side_ambiguous(b):
    lon, lat = 71.0911, 34.1197  # near Torkham, a few km from the line
    km = b.distance_km(lon, lat)[0]
    assert b.side(lon, lat, uncertainty_km=km + 1).tolist() == ["ambiguous"]
    assert b.side(lon, lat, uncertainty_km=km / 2).tolist() == [b.side(lon, lat)[0]]
    # A province-level answer (hundreds of km of uncertainty) near the border is ambiguous.
    assert b.side(*PLACES["Peshawar"][:2], uncertainty_km=150).tolist() == ["ambiguous"]
    # NaN uncertainty means "unknown", not ambiguous.
    assert b.side(lon, lat, uncertainty_km=np.nan).tolist() == [b.side(lon, lat)[0]]


def test_query_table(b):
    table = b.query([71.5785, 69.1723], [34.0151, 34.5281], uncertainty_km=[0, 500])
    from geomap.cli.distance import FIELDS

    assert list(table.columns) == list(FIELDS)
    assert table["side"].tolist() == ["PK", "ambiguous"]


@pytest.mark.parametrize(
    "lon, lat",
    [(71.0, 95.0), (200.0, 34.0), (np.nan, 34.0), (71.0, np.inf)],
)
def test_bad_coordinates_are_refused(b, lon, lat):
    with pytest.raises(geomap.CoordinateError):
        b.distance_km(lon, lat)


def test_buffer_is_geodesically_correct(b):
    band = b.buffer(10)
    assert band.is_valid
    ring = np.asarray(
        shapely.get_exterior_ring(max(shapely.get_parts(band), key=lambda p: p.area)).coords
    )
    pick = ring[:: max(1, len(ring) // 400)]
    km = b.distance_km(pick[:, 0], pick[:, 1])
    assert np.abs(km - 10).max() < 0.2  # straight edges between exact vertices sag slightly
    assert band.contains(shapely.Point(71.0911, 34.1197))  # near Torkham
    assert not band.contains(shapely.Point(*PLACES["Kabul"][:2]))
    with pytest.raises(geomap.ConfigError):
        b.buffer(0)


def test_index_rejects_a_degenerate_line():
    with pytest.raises(ValueError):
        GeodesicLineIndex([69.0], [33.0])


def test_geoseries_input(b):
    import geopandas as gpd

    points = gpd.GeoSeries(gpd.points_from_xy([71.5785, 69.1723], [34.0151, 34.5281]), crs=4326)
    assert b.side(points).tolist() == ["PK", "AF"]
    in_utm = points.to_crs(32642)  # reprojected back to WGS84 before measuring
    assert np.allclose(b.distance_km(in_utm), b.distance_km(points), atol=1e-6)
    with pytest.raises(geomap.CoordinateError, match="row 2"):
        b.distance_km(gpd.GeoSeries([points.iloc[0], None], crs=4326))


def test_nearest_crossing_is_the_exact_minimum(b):
    """Against measuring every crossing on the ellipsoid, near and far."""
    rng = np.random.default_rng(11)
    lon = np.concatenate([rng.uniform(58, 78, 3000), [-77.0369, 151.2093, 2.35]])
    lat = np.concatenate([rng.uniform(26, 40, 3000), [38.9072, -33.8688, 48.85]])
    names, km = b.nearest_crossing(lon, lat)
    c = b.crossings
    every = np.stack(
        [
            GEOD.inv(lon, lat, np.full(lon.size, x), np.full(lon.size, y))[2] / 1000
            for x, y in zip(c["lon"], c["lat"], strict=True)
        ],
        axis=1,
    )
    assert np.allclose(km, every.min(axis=1), rtol=0, atol=1e-9)
    assert (names == c["name"].to_numpy()[every.argmin(axis=1)]).all()
