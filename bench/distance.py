"""Distance to the border for many points: geomap against the usual planar idiom.

    python bench/distance.py                 # 1,000,000 points
    python bench/distance.py --points 200000 --truth 500

Random points over 28.5-37.5N, 60-75.5E (the border region). Reports points/s
and the error against exact geodesic truth (a brute-force golden-section search
on the ellipsoid, geomap.boundary.reference) on a sample, for:

- geomap: ``geomap.border().distance_km(lon, lat)``;
- the idiom a user would write: ``GeoSeries.to_crs(32642).distance(line_utm)``
  (one UTM zone, planar), and Web Mercator (EPSG:3857) for reference.

Both run in the same process on the same points; the ratio is geomap's time
over the idiom's (<= 1.0 means geomap is at least as fast).
"""

from __future__ import annotations

import argparse
import os
import time

import geopandas as gpd
import numpy as np

import geomap
from geomap.boundary.reference import reference_distance_m


def timed(func, repeat):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--truth", type=int, default=1000, help="points checked exactly")
    parser.add_argument("--repeat", type=int, default=3, help="best of N timings")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    lon = rng.uniform(60.0, 75.5, args.points)
    lat = rng.uniform(28.5, 37.5, args.points)
    b = geomap.border()
    line_xy = np.asarray(b.line.coords)

    start = time.perf_counter()
    b.distance_km(lon[:10], lat[:10])
    b._index.grid  # noqa: B018 - built once per process, reported apart
    setup_s = time.perf_counter() - start

    def with_geomap():
        return b.distance_km(lon, lat)

    def planar(epsg):
        def run():
            points = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326).to_crs(epsg)
            line = gpd.GeoSeries([b.line], crs=4326).to_crs(epsg).iloc[0]
            return points.distance(line).to_numpy() / 1000.0

        return run

    t_geomap, km_geomap = timed(with_geomap, args.repeat)
    t_utm, km_utm = timed(planar(32642), args.repeat)
    t_merc, km_merc = timed(planar(3857), 1)

    sample = rng.choice(args.points, size=min(args.truth, args.points), replace=False)
    truth_km = reference_distance_m(lon[sample], lat[sample], line_xy[:, 0], line_xy[:, 1]) / 1e3

    def err_m(km):
        return np.abs(km[sample] - truth_km) * 1000.0

    print(
        f"points: {args.points:,}  truth sample: {sample.size:,}  cpus: {os.cpu_count()}  "
        f"load average: {os.getloadavg()[0]:.2f}"
    )
    print(f"geomap one-time setup (index + lookup grid): {setup_s:.2f} s")
    header = f"{'method':<34}{'time s':>9}{'points/s':>14}{'max err m':>14}{'median err m':>14}"
    print(header)
    for name, seconds, km in (
        ("geomap border().distance_km", t_geomap, km_geomap),
        ("to_crs(32642).distance (UTM 42N)", t_utm, km_utm),
        ("to_crs(3857).distance (Web Merc.)", t_merc, km_merc),
    ):
        e = err_m(km)
        print(
            f"{name:<34}{seconds:>9.3f}{args.points / seconds:>14,.0f}"
            f"{e.max():>14.3f}{np.median(e):>14.3f}"
        )
    print(f"time ratio geomap / UTM idiom: {t_geomap / t_utm:.2f} (target <= 1.0)")
    print(
        f"max error: geomap {err_m(km_geomap).max():.1e} m, UTM idiom "
        f"{err_m(km_utm).max():,.0f} m (goal <= 10 m)"
    )


if __name__ == "__main__":
    main()
