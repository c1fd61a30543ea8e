"""Time geomap's incident reader and writers against the idiom a user would otherwise write.

Run: python bench/bench_incidents.py [N]   (default N = 100000 rows)

The idiom: ``pandas.read_csv`` + ``geopandas.points_from_xy`` to read, and
``GeoDataFrame.to_file`` (pyogrio) to write GeoJSON/GeoPackage. geomap does more
per row (validation of every value, precision codes, dates, problems kept with
their row), so the ratios say what that costs. The data is synthetic (an
ACLED-like CSV written to a temporary directory) and never shipped.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

import geomap


def timed(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main(n: int) -> None:
    rng = np.random.default_rng(0)
    folder = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    csv_path = folder / "synthetic.csv"
    frame = pd.DataFrame(
        {
            "id": [f"s{i}" for i in range(n)],
            "title": "synthetic event",
            "event_type": rng.choice(["clash", "attack", "shelling", "closure"], n),
            "date": pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "place": "synthetic",
            "lat": rng.uniform(28.5, 37.5, n).round(5),
            "lon": rng.uniform(60, 75.5, n).round(5),
            "geo_precision": rng.choice([1, 2, 3], n),
            "source_title": "synthetic source",
            "fatalities": rng.integers(0, 5, n),
        }
    )
    frame["date"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame.to_csv(csv_path, index=False)

    def idiom_read():
        df = pd.read_csv(csv_path)
        return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.lon, df.lat), crs=4326)

    ours = geomap.read_incidents(csv_path, strict=True)
    theirs = idiom_read()
    print(f"rows: {n}")
    t_ours = timed(lambda: geomap.read_incidents(csv_path, strict=True))
    t_idiom = timed(idiom_read)
    print(
        f"read CSV     geomap {t_ours:7.3f} s  idiom {t_idiom:7.3f} s  "
        f"ratio {t_ours / t_idiom:6.1f}"
    )
    for suffix, driver in ((".geojson", "GeoJSON"), (".gpkg", "GPKG")):
        out_ours, out_idiom = folder / f"ours{suffix}", folder / f"idiom{suffix}"

        def write_ours(out=out_ours):
            geomap.write_incidents(ours, out, with_border=False)

        def write_idiom(out=out_idiom, driver=driver):
            out.unlink(missing_ok=True)
            theirs.to_file(out, driver=driver)

        t_ours, t_idiom = timed(write_ours), timed(write_idiom)
        print(
            f"write {suffix:8s} geomap {t_ours:7.3f} s  idiom {t_idiom:7.3f} s  "
            f"ratio {t_ours / t_idiom:6.1f}"
        )
    if hasattr(geomap, "border"):
        t = timed(lambda: geomap.enrich(ours), repeat=1)
        print(
            f"enrich       geomap {t:7.3f} s  ({n / t:,.0f} rows/s; "
            "distance, side, crossing, admin-1)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
