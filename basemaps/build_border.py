"""Rebuild basemaps/data/{border,countries,crossings}.geojson from a registry package.

Source: the npm package @geo-maps/countries-land-100m@0.6.0 (OpenStreetMap-derived
country polygons, ODbL). Run from anywhere:

    python basemaps/build_border.py            # uses basemaps/.cache, fetches with `npm pack`

What it does, and why:

1. Fetch the pinned tarball with `npm pack` and check its SHA-256.
2. Read AFG, PAK and the neighbours with GDAL and repair them: the source
   multipolygons self-intersect (e.g. near 73.02E 37.09N, 74.88E 36.45N).
3. The border line is one continuous section of Afghanistan's outer ring: from the
   first to the last ring vertex lying within 100 m of Pakistan. Between those, the
   two countries' OSM outlines disagree in places by up to ~3.5 km; taking
   Afghanistan's ring through those gaps (instead of stitching pieces) gives one
   line with no gap at all, and it runs from the Afghanistan-Iran-Pakistan tripoint
   to the Afghanistan-China-Pakistan tripoint.
4. The side of a point is decided by the country polygons, so they must agree with
   the line exactly: Afghanistan is kept as repaired, and Pakistan becomes
   (Pakistan + the slivers between the two outlines, near the line) - Afghanistan.
   Their shared boundary is then the line itself.
5. Crossings (basemaps/crossings.csv, authored by us) are put on the line at the
   point nearest their recorded approximate position; the snap distance is kept.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pyogrio
import pyproj
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checksums import write_checksums  # noqa: E402

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
OUT = HERE / "data"

PACKAGE = "@geo-maps/countries-land-100m@0.6.0"
TARBALL = "geo-maps-countries-land-100m-0.6.0.tgz"
TARBALL_SHA256 = "e6dca8a0026501a2908b0eb8f4a926d5198abbf15b2077e1a856433f8073f5c2"
SOURCE = (
    "OpenStreetMap contributors (ODbL 1.0), via npm @geo-maps/countries-land-100m 0.6.0; "
    "section of Afghanistan's outline between the AF-IR-PK and AF-CN-PK tripoints"
)
NEIGHBOURS = ("IRN", "CHN", "TJK", "IND", "TKM", "UZB")
NEAR_M = 100.0  # a ring vertex this close to Pakistan lies on the shared border
SLIVER_BAND_M = 5000.0  # gaps between the outlines are at most ~3.5 km wide
DECIMALS = 5  # ~1 m; the source has 4 decimals
GEOD = pyproj.Geod(ellps="WGS84")
# Build-time selection only (never for reported distances): a local equidistant plane.
AEQD = pyproj.Transformer.from_crs(
    "EPSG:4326", "+proj=aeqd +lat_0=33 +lon_0=68 +datum=WGS84 +units=m", always_xy=True
)


def fetch() -> Path:
    """Return the path of the package's map.geo.json, fetching it if needed."""
    CACHE.mkdir(exist_ok=True)
    tgz = CACHE / TARBALL
    if not tgz.exists():
        subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=CACHE, check=True)
    digest = hashlib.sha256(tgz.read_bytes()).hexdigest()
    if digest != TARBALL_SHA256:
        sys.exit(f"{tgz}: SHA-256 {digest} differs from the pinned {TARBALL_SHA256}")
    geojson = CACHE / "package" / "map.geo.json"
    if not geojson.exists():
        with tarfile.open(tgz) as tar:
            tar.extract("package/map.geo.json", CACHE, filter="data")
    return geojson


def read_countries(path: Path) -> dict[str, shapely.Geometry]:
    os.environ["OGR_GEOJSON_MAX_OBJ_SIZE"] = "0"  # features are larger than GDAL's default
    codes = ("AFG", "PAK", *NEIGHBOURS)
    where = "A3 IN ({})".format(",".join(f"'{c}'" for c in codes))
    df = pyogrio.read_dataframe(path, where=where)
    repaired = {}
    for code, geom in zip(df["A3"], df.geometry, strict=True):
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        repaired[code] = shapely.normalize(fixed)
    return repaired


def to_plane(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(AEQD.transform(*xy.T)))


def border_line(afg, pak) -> shapely.LineString:
    main = max(shapely.get_parts(afg), key=lambda p: p.area)
    ring = np.asarray(main.exterior.coords)[:-1]
    x, y = AEQD.transform(ring[:, 0], ring[:, 1])
    pak_m = to_plane(pak)
    shapely.prepare(pak_m)
    near = shapely.dwithin(shapely.points(x, y), pak_m, NEAR_M)
    # Rotate the ring so that the shared section does not wrap around index 0.
    start_far = int(np.flatnonzero(~near)[0])
    order = np.roll(np.arange(len(ring)), -start_far)
    near_rot = near[order]
    idx = np.flatnonzero(near_rot)
    section = ring[order[idx[0] : idx[-1] + 1]]
    if section[0, 0] > section[-1, 0]:  # run west (Iran tripoint) to east (China tripoint)
        section = section[::-1]
    return shapely.LineString(np.round(section, DECIMALS))


def pakistan_consistent(afg, pak, line, neighbours) -> shapely.Geometry:
    band = shapely.buffer(to_plane(line), SLIVER_BAND_M)
    others = to_plane(shapely.union_all([afg, *neighbours]))
    pak_m = to_plane(pak)
    slivers = [
        part
        for part in shapely.get_parts(shapely.difference(band, others))
        if shapely.intersects(part, pak_m)
    ]
    inverse = pyproj.Transformer.from_crs(AEQD.target_crs, "EPSG:4326", always_xy=True)
    slivers_ll = [
        shapely.transform(s, lambda xy: np.column_stack(inverse.transform(*xy.T))) for s in slivers
    ]
    # Difference with Afghanistan last, so that the shared boundary is Afghanistan's ring.
    grown = shapely.union_all([pak, *slivers_ll])
    return shapely.make_valid(shapely.difference(grown, afg), method="structure")


def geodesic_length_km(line) -> float:
    return GEOD.geometry_length(line) / 1000.0


def snap_crossings(line) -> list[dict]:
    rows = []
    with open(HERE / "crossings.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lon, lat = float(row["approx_lon"]), float(row["approx_lat"])
            snapped = shapely.line_interpolate_point(
                line, shapely.line_locate_point(line, shapely.Point(lon, lat))
            )
            # Refine on the geodesic: the nearest of densely sampled points around it.
            snapped = _geodesic_nearest(line, lon, lat, snapped)
            _, _, snap_m = GEOD.inv(lon, lat, snapped.x, snapped.y)
            given = row["uncertainty_km"].strip()
            decimals = len(row["approx_lat"].split(".")[1])
            half_step_km = 0.5 * 10.0 ** (-decimals) * 111.0  # rounding of the recorded value
            uncertainty = (
                float(given) if given else round(max(0.1, half_step_km) + snap_m / 1000.0, 1)
            )
            rows.append(
                {
                    "name": row["name"],
                    "alt_names": row["alt_names"],
                    "pk_side": row["pk_side"],
                    "af_side": row["af_side"],
                    "status": row["status"],
                    "estimated": bool(given),
                    "uncertainty_km": uncertainty,
                    "approx_lat": lat,
                    "approx_lon": lon,
                    "snap_km": round(snap_m / 1000.0, 3),
                    "position_source": row["approx_source"],
                    "note": row["note"],
                    "lon": round(snapped.x, DECIMALS),
                    "lat": round(snapped.y, DECIMALS),
                }
            )
    return rows


def _geodesic_nearest(line, lon, lat, guess) -> shapely.Point:
    """Nearest line point by geodesic distance, searched within 20 km of a planar guess."""
    pos = shapely.line_locate_point(line, guess)
    # ~55 m spacing over about +-22 km, in the line's own (degree) units.
    along = np.clip(pos + np.linspace(-0.2, 0.2, 801), 0, line.length)
    pts = shapely.line_interpolate_point(line, along)
    px, py = shapely.get_x(pts), shapely.get_y(pts)
    _, _, dist = GEOD.inv(np.full(len(px), lon), np.full(len(px), lat), px, py)
    best = int(np.argmin(dist))
    return shapely.Point(px[best], py[best])


def feature(geometry, properties) -> dict:
    geo = shapely.geometry.mapping(shapely.set_precision(geometry, 10.0**-DECIMALS))
    return {"type": "Feature", "properties": properties, "geometry": geo}


def write_json(name: str, collection: dict) -> None:
    OUT.mkdir(exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    tmp = OUT / f".{name}.tmp"
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(OUT / name)


def save_lookup_grid() -> None:
    """Precompute geomap's distance lookup grid for the line just written."""
    sys.path.insert(0, str(HERE.parent))
    from geomap.boundary.model import GRID_FILE, border

    border.cache_clear()
    index = border()._index
    tmp = OUT / f".{GRID_FILE}"
    index.save_grid(tmp)
    tmp.replace(OUT / GRID_FILE)


def main() -> None:
    countries = read_countries(fetch())
    afg, pak = countries["AFG"], countries["PAK"]
    line = border_line(afg, pak)
    pk = pakistan_consistent(afg, pak, line, [countries[c] for c in NEIGHBOURS])
    length_km = geodesic_length_km(line)
    built = dt.date.today().isoformat()
    disputed = (
        "The Durand Line is disputed: Afghanistan has never formally recognised it, and "
        "India claims the easternmost segment (Gilgit-Baltistan). This line is one "
        "OpenStreetMap-derived rendering, not an endorsement."
    )
    common = {"source": SOURCE, "licence": "ODbL-1.0", "built": built}
    write_json(
        "border.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(
                    line,
                    {
                        "name": "Afghanistan-Pakistan border (Durand Line)",
                        "length_km": round(length_km, 1),
                        "vertices": len(line.coords),
                        "disputed": disputed,
                        **common,
                    },
                )
            ],
        },
    )
    write_json(
        "countries.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(afg, {"iso2": "AF", "iso3": "AFG", "name": "Afghanistan", **common}),
                feature(pk, {"iso2": "PK", "iso3": "PAK", "name": "Pakistan", **common}),
            ],
        },
    )
    crossings = snap_crossings(line)
    write_json(
        "crossings.geojson",
        {
            "type": "FeatureCollection",
            "features": [
                feature(
                    shapely.Point(c.pop("lon"), c.pop("lat")),
                    {**c, "source": "geomap (basemaps/crossings.csv), placed on the line"},
                )
                for c in crossings
            ],
        },
    )
    save_lookup_grid()
    write_checksums()
    print(f"border: {length_km:.1f} km, {len(line.coords)} vertices")
    print(f"  start {line.coords[0]}  end {line.coords[-1]}")
    for c in crossings:
        print(f"  {c['name']}: snapped {c['snap_km']} km, uncertainty {c['uncertainty_km']} km")


if __name__ == "__main__":
    main()
