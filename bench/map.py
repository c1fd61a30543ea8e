"""Benchmark the map builder against the folium idiom users write, in the same run.

Incidents are SYNTHETIC (random points around the Durand Line, generated text);
no figure here describes real events. For each size the script times building
and saving the HTML with ``geomap.build_map`` + ``geomap.save_map`` and with the
idiom (one ``folium.Marker`` with a ``folium.Popup`` per incident inside a
``MarkerCluster``, plus the border line), compares the file sizes, and opens
both pages in headless Chromium (Debian's) to time how long until drawn. CDN
files are served from geomap's asset cache and tiles are blocked, so network
speed plays no part.

Run: python bench/map.py [--sizes 1000,10000,100000] [--no-browser] [--json]
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import geomap
from geomap.render.styles import EVENT_STYLES

TYPES = list(EVENT_STYLES)


def load_border():
    if callable(getattr(geomap, "border", None)):
        return geomap.border()
    from geomap.boundary.model import border  # before geomap.border() is exported

    return border()


def synthetic_incidents(n: int, border, *, seed: int = 0) -> pd.DataFrame:
    """n SYNTHETIC incidents within ~150 km of the line, 1% far away (talks abroad)."""
    rng = np.random.default_rng(seed)
    coords = np.asarray(border.line.coords)
    pick = coords[rng.integers(0, len(coords), n)]
    lon = pick[:, 0] + rng.normal(0, 0.6, n)
    lat = pick[:, 1] + rng.normal(0, 0.6, n)
    far = rng.random(n) < 0.01
    lon[far] = rng.uniform(-80, 40, far.sum())
    lat[far] = rng.uniform(20, 55, far.sum())
    q = border.query(lon, lat)
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 730, n), unit="D")
    dates = days.strftime("%Y-%m-%d").to_numpy(dtype=object)
    dates[rng.random(n) < 0.05] = None
    ids = [f"syn-{i}" for i in range(n)]
    return pd.DataFrame(
        {
            "id": ids,
            "title": [f"Synthetic incident {i} (benchmark data, not real)" for i in range(n)],
            "event_type": [TYPES[k] for k in rng.integers(0, len(TYPES), n)],
            "date": dates,
            "date_precision": "day",
            "place": [f"Synthetic place {k}" for k in rng.integers(0, 2000, n)],
            "country": q["side"].where(q["side"].isin(["AF", "PK"]), None),
            "admin1": None,
            "lat": lat,
            "lon": lon,
            "geo_precision": "district",
            "uncertainty_km": np.round(rng.exponential(4, n), 1),
            "distance_to_border_km": q["distance_km"].to_numpy(),
            "side": q["side"].to_numpy(),
            "nearest_crossing": q["nearest_crossing"].to_numpy(),
            "nearest_crossing_km": q["nearest_crossing_km"].to_numpy(),
            "source_title": [f"Synthetic source {k}" for k in rng.integers(0, 50, n)],
            "source_url": [f"https://example.org/synthetic/{i}" for i in range(n)],
            "source_published": dates,
            "quote": [
                f"Synthetic quote number {i}: text of about sixty characters." for i in range(n)
            ],
            "fatalities": None,
            "notes": None,
        }
    )


def idiom_popup(row) -> str:
    e = html.escape
    return (
        f"<b>{e(row.title)}</b><br>Date: {e(str(row.date))}<br>Type: {e(row.event_type)}<br>"
        f"Place: {e(row.place)} ({e(row.geo_precision)}, ±{row.uncertainty_km} km)<br>"
        f"Border: {row.distance_to_border_km:.1f} km, {e(row.side)}<br>"
        f"Nearest crossing: {e(str(row.nearest_crossing))} ({row.nearest_crossing_km:.1f} km)<br>"
        f'Source: <a href="{e(row.source_url)}" target="_blank">{e(row.source_title)}</a><br>'
        f"<i>{e(row.quote)}</i>"
    )


def build_idiom(frame: pd.DataFrame, border, path: Path) -> None:
    """What users write today: one Marker + Popup per incident in a MarkerCluster."""
    import folium
    from folium.plugins import MarkerCluster

    m = folium.Map(location=[33, 68], zoom_start=5)
    folium.GeoJson(border.line.__geo_interface__, name="Durand Line (disputed)").add_to(m)
    cluster = MarkerCluster(name="incidents").add_to(m)
    for row in frame.itertuples(index=False):
        folium.Marker(
            [row.lat, row.lon], popup=folium.Popup(idiom_popup(row), max_width=300)
        ).add_to(cluster)
    folium.LayerControl().add_to(m)
    m.save(str(path))


def build_geomap(frame: pd.DataFrame, border, path: Path) -> None:
    geomap.save_map(geomap.build_map(frame, border=border), path)


def timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


JQUERY_URL = "https://code.jquery.com/jquery-3.7.1.min.js"
JQUERY_SHA256 = "fc9a93dd241f6b045cbff0481cf4e1901becd0e12fb45166a8f17f95823f0b1a"


def jquery() -> bytes:
    """jQuery 3.7.1 (folium's popups need it), from the npm registry, cached and verified."""
    import hashlib
    import io
    import tarfile
    import urllib.request

    cached = geomap.options.cache_dir / "bench" / "jquery-3.7.1.min.js"
    if cached.is_file() and hashlib.sha256(cached.read_bytes()).hexdigest() == JQUERY_SHA256:
        return cached.read_bytes()
    url = "https://registry.npmjs.org/jquery/-/jquery-3.7.1.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
        blob = response.read()
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
        data = archive.extractfile("package/dist/jquery.min.js").read()
    if hashlib.sha256(data).hexdigest() != JQUERY_SHA256:
        raise SystemExit("jquery-3.7.1.tgz does not match its pinned SHA-256")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(data)
    return data


def draw_times(paths: dict[str, Path]) -> dict[str, float]:
    """Seconds from navigation start until each page has drawn its markers."""
    from playwright.sync_api import sync_playwright

    from geomap.render import assets

    files = {a.cdn_url: (a.mime, assets.read_asset(n)) for n, a in assets.ASSETS.items()}
    files[JQUERY_URL] = ("text/javascript", jquery())
    # The idiom's other folium CDN files (Bootstrap, Font Awesome, awesome-markers) are
    # not needed to draw default markers; they are answered empty.
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"]  # fmt: skip
    out = {}

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            return r.continue_()
        if url in files:
            mime, body = files[url]
            headers = {"Content-Type": mime, "Access-Control-Allow-Origin": "*"}
            return r.fulfill(status=200, body=body, headers=headers)
        if "leaflet.markercluster" in url and url.endswith(".js"):
            body = files[assets.ASSETS["leaflet.markercluster.js"].cdn_url][1]
            return r.fulfill(status=200, body=body, headers={"Content-Type": "text/javascript"})
        if url.endswith(".css") and "markercluster" in url.lower():
            name = "MarkerCluster.Default.css" if "Default" in url else "MarkerCluster.css"
            body = files[assets.ASSETS[name].cdn_url][1]
            return r.fulfill(status=200, body=body, headers={"Content-Type": "text/css"})
        if "tile.openstreetmap.org" in url:
            return r.abort()
        ctype = "text/css" if url.endswith(".css") else "text/javascript"
        return r.fulfill(status=200, body=b"", headers={"Content-Type": ctype})

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
        for key, path in paths.items():
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.route("**/*", route)
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=600_000)
            if key.startswith("geomap"):
                page.wait_for_selector(
                    ".folium-map[data-geomap-ready]", state="attached", timeout=600_000
                )
                elapsed = page.evaluate("Object.values(window.geomap)[0].readyAtMs")
            else:
                elapsed = page.evaluate(
                    "new Promise(r => requestAnimationFrame(() => r(performance.now())))"
                )
            ours = key.startswith("geomap")
            shown = ".geomap-cluster, .geomap-marker" if ours else ".marker-cluster"
            ok = page.evaluate(f"document.querySelectorAll('{shown}').length") > 0
            out[key] = elapsed / 1000 if ok else float("nan")
            page.close()
        browser.close()
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    border = load_border()
    # The border's own layers (geodesic bands, outlines) are built once per process and
    # reused; time that once, apart, so each size measures the per-incident work.
    warm = timed(geomap.build_map, synthetic_incidents(1, border), border=border)
    print(f"one-time border layers (first build in a process): {warm:.2f}s", file=sys.stderr)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            frame = synthetic_incidents(n, border)
            ours, idiom = Path(tmp) / f"geomap-{n}.html", Path(tmp) / f"idiom-{n}.html"
            row = {"n": n, "data": "synthetic"}
            row["geomap_build_s"] = timed(build_geomap, frame, border, ours)
            row["idiom_build_s"] = timed(build_idiom, frame, border, idiom)
            row["geomap_bytes"] = ours.stat().st_size
            row["idiom_bytes"] = idiom.stat().st_size
            row["build_speedup"] = row["idiom_build_s"] / row["geomap_build_s"]
            row["size_ratio"] = row["geomap_bytes"] / row["idiom_bytes"]
            if not args.no_browser:
                drawn = draw_times({"geomap": ours, "idiom": idiom})
                row["geomap_drawn_s"] = drawn["geomap"]
                row["idiom_drawn_s"] = drawn["idiom"]
            results.append(row)
            print(_line(row), file=sys.stderr, flush=True)
    if args.json:
        json.dump({"one_time_border_layers_s": warm, "sizes": results}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        print("\nSYNTHETIC incidents; same run, same input for both builders.")
        print(
            f"{'n':>7} | {'build geomap':>12} {'idiom':>9} {'speedup':>8} | "
            f"{'HTML geomap':>11} {'idiom':>11} {'ratio':>6} | {'drawn geomap':>12} {'idiom':>8}"
        )
        for r in results:
            print(_line(r))
        print(f"geomap's first build in a process adds {warm:.2f}s once (border layers).")
        print("targets at 100k: build speedup >= 10x, size ratio <= 0.25, drawn < 3 s")
    return 0


def _line(r) -> str:
    drawn = (
        f"{r['geomap_drawn_s']:>11.2f}s {r['idiom_drawn_s']:>7.2f}s"
        if "geomap_drawn_s" in r
        else ""
    )
    return (
        f"{r['n']:>7} | {r['geomap_build_s']:>11.2f}s {r['idiom_build_s']:>8.2f}s "
        f"{r['build_speedup']:>7.1f}x | {r['geomap_bytes'] / 1e6:>9.2f}MB "
        f"{r['idiom_bytes'] / 1e6:>9.2f}MB {r['size_ratio']:>6.3f} | {drawn}"
    )


if __name__ == "__main__":
    sys.exit(main())
