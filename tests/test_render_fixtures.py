"""Fixtures for the map tests (no tests here): a small border stub and invented incidents.

Everything below is TEST FIXTURE data: the incident texts, URLs and most
coordinates are invented for the tests and are not facts. The stub border is a
coarse hand-made polyline near the real Durand Line; it only has to offer the
border API the renderer uses.
"""

from __future__ import annotations

import geopandas
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry import LineString, Point, Polygon

GEOD = pyproj.Geod(ellps="WGS84")

# Coarse fixture polyline from near the AF-IR-PK tripoint to near the AF-CN-PK tripoint.
_LINE = [
    (60.87, 29.86),
    (62.5, 29.4),
    (64.0, 29.5),
    (66.3, 29.9),
    (66.5, 31.0),
    (68.0, 31.6),
    (69.3, 32.5),
    (70.0, 33.1),
    (70.3, 33.9),
    (71.08, 34.11),
    (71.2, 34.8),
    (71.5, 35.3),
    (71.8, 36.2),
    (73.0, 36.9),
    (74.56, 37.03),
]


class StubBorder:
    """Just enough of ``geomap.border()`` for rendering tests (fixture)."""

    source = "test fixture line (not real data)"

    def __init__(self):
        self.line = LineString(_LINE)
        lons, lats = zip(*_LINE, strict=True)
        self.length_km = GEOD.line_length(lons, lats) / 1000
        self.crossings = geopandas.GeoDataFrame(
            {
                "name": ["Torkham", "Chaman <b>fixture</b>"],
                "status": ["open", "closed"],
                "uncertainty_km": [0.5, 3.0],
                "note": ["fixture crossing", "fixture note with <img src=x onerror=alert(1)>"],
            },
            geometry=[Point(71.08, 34.11), Point(66.44, 30.92)],
            crs="EPSG:4326",
        )
        af = Polygon([(60.5, 29.3), *_LINE, (74.9, 37.5), (60.5, 37.5)])
        pk = Polygon([*_LINE, (74.9, 23.7), (60.9, 23.7)])
        self.countries = geopandas.GeoDataFrame(
            {"iso2": ["AF", "PK"], "name": ["Afghanistan", "Pakistan"]},
            geometry=[af.buffer(0), pk.buffer(0)],
            crs="EPSG:4326",
        )
        aeqd = pyproj.CRS.from_proj4("+proj=aeqd +lat_0=33 +lon_0=68 +datum=WGS84 +units=m")
        self._fwd = pyproj.Transformer.from_crs(4326, aeqd, always_xy=True).transform
        self._inv = pyproj.Transformer.from_crs(aeqd, 4326, always_xy=True).transform
        self._line_m = shapely.transform(self.line, self._fwd, interleaved=False)

    def buffer(self, km):
        return shapely.transform(
            self._line_m.buffer(km * 1000, quad_segs=8), self._inv, interleaved=False
        )

    def query(self, lon, lat, *, uncertainty_km=None):
        lon = np.atleast_1d(np.asarray(lon, dtype=float))
        lat = np.atleast_1d(np.asarray(lat, dtype=float))
        x, y = self._fwd(lon, lat)
        dist = np.array(
            [self._line_m.distance(Point(a, b)) / 1000 for a, b in zip(x, y, strict=True)]
        )
        side = np.where(
            [
                self.countries.geometry.iloc[0].contains(Point(a, b))
                for a, b in zip(lon, lat, strict=True)
            ],
            "AF",
            np.where(
                [
                    self.countries.geometry.iloc[1].contains(Point(a, b))
                    for a, b in zip(lon, lat, strict=True)
                ],
                "PK",
                "other",
            ),
        )
        return pd.DataFrame(
            {
                "distance_km": dist,
                "side": side,
                "nearest_crossing": ["Torkham"] * len(lon),
                "nearest_crossing_km": np.full(len(lon), 42.0),
            }
        )


COLUMNS = [
    "id", "title", "event_type", "date", "date_precision", "place", "country", "admin1",
    "lat", "lon", "geo_precision", "uncertainty_km", "distance_to_border_km", "side",
    "nearest_crossing", "nearest_crossing_km", "source_title", "source_url",
    "source_published", "quote", "fatalities", "notes",
]  # fmt: skip


def frame(rows: list[dict]) -> geopandas.GeoDataFrame:
    """A GeoDataFrame in the incidents schema from partial rows (missing fields empty)."""
    data = {c: [r.get(c) for r in rows] for c in COLUMNS}
    geometry = [
        Point(r["lon"], r["lat"]) if r.get("lon") is not None and r.get("lat") is not None else None
        for r in rows
    ]
    return geopandas.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")


def sample_incidents() -> geopandas.GeoDataFrame:
    """Eight invented fixture incidents: near and far, dated and undated, one unplaced."""
    base = {
        "source_title": "Fixture News",
        "source_published": "2023-06-02",
        "country": "AF",
    }
    rows = [
        dict(base, id="fx-kabul", title="Fixture talks in Kabul", event_type="meeting",
             date="2023-06-01", date_precision="day", place="Kabul", admin1="Kabul",
             lat=34.5281, lon=69.1723, geo_precision="city", uncertainty_km=5.0,
             distance_to_border_km=140.2, side="AF", nearest_crossing="Torkham",
             nearest_crossing_km=180.0, source_url="https://example.org/fixture/kabul",
             quote="fixture quote: concrete steps"),
        dict(base, id="fx-islamabad", title="Fixture appearance in Islamabad",
             event_type="statement", date="2023-05-08", date_precision="day",
             place="Islamabad", country="PK", lat=33.6938, lon=73.0652, geo_precision="city",
             uncertainty_km=8.0, distance_to_border_km=180.0, side="PK",
             source_url="https://example.org/fixture/islamabad"),
        dict(base, id="fx-washington", title="Fixture seminar in Washington",
             event_type="statement", date="2023-05", date_precision="month",
             place="Washington", country="US", lat=38.8951, lon=-77.0364,
             geo_precision="city", uncertainty_km=10.0, distance_to_border_km=11000.0,
             side="other", source_url="https://example.org/fixture/washington"),
        dict(base, id="fx-torkham", title="Fixture closure at Torkham", event_type="closure",
             date="2023-09-06", date_precision="day", place="Torkham", lat=34.11, lon=71.08,
             geo_precision="exact", uncertainty_km=0.2, distance_to_border_km=0.1,
             side="ambiguous", source_url="https://example.org/fixture/torkham"),
        dict(base, id="fx-clash", title="Fixture clash near the line", event_type="clash",
             date="2023-09-10", date_precision="day", place="Fixture village", lat=33.2,
             lon=69.8, geo_precision="district", uncertainty_km=25.0,
             distance_to_border_km=12.5, side="AF", fatalities=3,
             source_url="https://example.org/fixture/clash"),
        dict(base, id="fx-shelling", title="Fixture shelling, date unknown",
             event_type="shelling", date=None, place="Fixture district", lat=35.0, lon=71.6,
             geo_precision="district", uncertainty_km=15.0, distance_to_border_km=20.0,
             side="PK", source_url="http://example.org/fixture/shelling"),
        dict(base, id="fx-airstrike", title="Fixture airstrike", event_type="airstrike",
             date="2022-12-01", date_precision="day", place="Fixture valley", lat=32.0,
             lon=68.0, geo_precision="admin1", uncertainty_km=60.0,
             distance_to_border_km=40.0, side="AF",
             source_url="https://example.org/fixture/airstrike"),
        dict(base, id="fx-unplaced", title="Fixture incident with no coordinates",
             event_type="attack", date="2023-01-01", place="Somewhere unknown"),
    ]  # fmt: skip
    return frame(rows)


PAYLOADS = {
    "title": '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">',
    "quote": "`${window.__pwned=3}` \\1\\0 \"'</blockquote><svg onload=window.__pwned=4>",
    "place": "</script><script>window.__pwned=5</script>",
    "url": "javascript:window.__pwned=6",
    "source_title": "<a href=javascript:window.__pwned=7>click</a> \u2028 \u2029 & <!--",
    "notes": "</div></dd></dl><iframe src=javascript:window.__pwned=8>",
    "id": '"><img src=x onerror=window.__pwned=9>',
}


def hostile_incidents() -> geopandas.GeoDataFrame:
    """Two fixture incidents whose every text field carries a script-injection payload."""
    p = PAYLOADS
    rows = [
        dict(id=p["id"], title=p["title"], event_type="clash", date="2023-09-10",
             place=p["place"], admin1=p["notes"], country="AF", lat=34.0, lon=70.5,
             geo_precision=p["quote"], uncertainty_km=2.0, distance_to_border_km=5.0,
             side="<b>AF</b>", nearest_crossing=p["title"], nearest_crossing_km=10.0,
             source_title=p["source_title"], source_url=p["url"],
             source_published="<i>2023</i>", quote=p["quote"], notes=p["notes"]),
        dict(id="hostile-2", title=p["place"], event_type="<script>x</script>",
             date="<script>", place=p["title"], country="PK", lat=33.0, lon=70.0,
             source_title=p["title"], source_url="data:text/html,<script>alert(1)</script>",
             quote=p["quote"]),
    ]  # fmt: skip
    return frame(rows)
