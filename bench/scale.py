"""Beyond one machine: geomap's Dask engine on millions of points and thousands of articles.

    python bench/scale.py                                  # 20,000,000 points, 10,000 articles
    python bench/scale.py --points 2000000 --articles 1000 # smaller

What it measures, each phase in the same run on the same data:

1. Distance to the border through ``--engine dask`` (``distance_dataset``: Parquet
   parts of lon/lat in, partitioned GeoParquet with distance, side, nearest point
   and nearest crossing out) for ``--points`` random points over 28.5-37.5N,
   60-75.5E, on a local cluster of ``--workers`` processes. Points/s, and the
   peak resident memory of the whole process tree (this process, the nanny and
   worker processes), sampled every 0.1 s; the goal is <= 3 GB.
2. The in-memory engine on ``--baseline-points`` of the same points: the same
   answers (``Border.query``) on one process, with the same Parquet reading and
   GeoParquet writing, then the Dask engine on exactly those points; the ratio
   is the Dask engine's points/s over the in-memory engine's. Also the bare
   ``Border.query`` time (no I/O).
3. Extraction over ``--articles`` SYNTHETIC articles, each made by joining 2-4
   of the invented fixture articles in tests/corpus/articles (so they are
   invented text too): articles/s through the Dask engine, and the in-memory
   loop (``extract_article`` + ``enrich``, what ``geomap extract`` runs) on
   ``--baseline-articles`` of them.

The machine may be shared: the load average before and after each phase is
printed with its figures; compare runs only at similar load.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import psutil

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "tests" / "corpus" / "articles"
GB = 1e9


class PeakMemory:
    """Peak of the summed RSS of a process and all its descendants, sampled in a thread.

    Also the CPU seconds they used meanwhile (``cpu_s``): on a shared machine,
    points per CPU-second compare engines where points per second cannot.
    """

    def __init__(self, interval_s: float = 0.1) -> None:
        self.interval_s = interval_s
        self.peak = 0
        self._cpu_first: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._stop = threading.Event()
        self._root = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        total = 0
        for proc in [self._root, *self._root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
                times = proc.cpu_times()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            used = times.user + times.system
            self._cpu_first.setdefault(proc.pid, used)
            self._cpu_last[proc.pid] = used
        return total

    @property
    def cpu_s(self) -> float:
        return sum(self._cpu_last[p] - self._cpu_first[p] for p in self._cpu_last)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval_s)

    def __enter__(self):
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._sample())


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} (1/5 min) on {os.cpu_count()} cores"


def write_points(folder: Path, n: int, *, per_part: int, seed: int) -> None:
    """Random points as Parquet parts of ``lon``, ``lat`` (what a user would bring)."""
    folder.mkdir(parents=True)
    rng = np.random.default_rng(seed)
    for k, start in enumerate(range(0, n, per_part)):
        size = min(per_part, n - start)
        frame = pd.DataFrame(
            {"lon": rng.uniform(60.0, 75.5, size), "lat": rng.uniform(28.5, 37.5, size)}
        )
        frame.to_parquet(folder / f"points-{k:05d}.parquet", index=False)


def in_memory_distance(source: Path, output: Path) -> int:
    """The in-memory engine with the same I/O: read every part, query, write GeoParquet."""
    import geopandas as gpd

    import geomap

    frame = pd.concat(
        [pd.read_parquet(p) for p in sorted(source.glob("*.parquet"))], ignore_index=True
    )
    answers = geomap.border().query(frame["lon"].to_numpy(), frame["lat"].to_numpy())
    for column in answers.columns:
        frame[column] = answers[column].to_numpy()
    out = gpd.GeoDataFrame(
        frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326"
    )
    out.to_parquet(output, index=False, schema_version="1.0.0")
    return len(out)


def in_memory_run(source: Path, output: Path) -> tuple[int, float, float, int, float]:
    """Time the in-memory engine (set-up apart): rows, s, query-only s, peak RSS, CPU s."""
    import resource

    import geomap

    points = pd.concat([pd.read_parquet(p) for p in sorted(source.glob("*.parquet"))])
    lon, lat = points["lon"].to_numpy(), points["lat"].to_numpy()
    b = geomap.border()
    b.query(lon[:10], lat[:10])  # border index built: set-up, as the workers' warm-up
    start = time.perf_counter()
    b.query(lon, lat)
    query_s = time.perf_counter() - start
    del points, lon, lat
    start, cpu = time.perf_counter(), time.process_time()
    rows = in_memory_distance(source, output)
    seconds, cpu_s = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return rows, seconds, query_s, peak, cpu_s


def synthetic_articles(folder: Path, n: int, *, seed: int) -> None:
    """Write ``n`` synthetic articles, each 2-4 fixture articles' bodies joined."""
    folder.mkdir(parents=True)
    sources = []
    for path in sorted(ARTICLES.iterdir()):
        if path.suffix not in (".txt", ".md"):
            continue
        head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        sources.append((fields.get("published"), body.strip()))
    rng = np.random.default_rng(seed)
    for k in range(n):
        picks = rng.choice(len(sources), size=int(rng.integers(2, 5)), replace=False)
        published = next((sources[i][0] for i in picks if sources[i][0]), None)
        header = [
            f"title: Synthetic fixture {k} (invented text joined from geomap's test corpus)",
            f"url: https://fixtures.geomap.invalid/synthetic/{k}",
        ]
        if published:
            header.append(f"published: {published}")
        body = "\n\n".join(sources[i][1] for i in picks)
        (folder / f"synthetic-{k:05d}.txt").write_text(
            "\n".join(header) + "\n\n" + body + "\n", encoding="utf-8"
        )


def in_memory_extract(files: list[Path]) -> int:
    """What ``geomap extract`` runs in memory: every article, one frame, enriched."""
    import geomap
    from geomap.extract.pipeline import extract_article, incidents_frame

    incidents = []
    for path in files:
        result = extract_article(path)
        incidents += [{**r, "article": str(path)} for r in result.incidents]
    frame = incidents_frame(incidents)
    return len(geomap.enrich(frame)) if len(frame) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=20_000_000)
    parser.add_argument("--baseline-points", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--baseline-articles", type=int, default=1_000)
    parser.add_argument("--part-points", type=int, default=500_000, help="points per input part")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--memory-limit", default="1GiB", help="per worker (dask pauses and spills above it)"
    )
    parser.add_argument("--budget-gb", type=float, default=3.0, help="peak memory goal")
    parser.add_argument("--workdir", help="where to write data (default: a temporary directory)")
    parser.add_argument("--keep", action="store_true", help="keep the data written")
    parser.add_argument("--seed", type=int, default=20261126)
    args = parser.parse_args()

    from geomap.engines.cluster import dask_client
    from geomap.engines.dask_engine import distance_dataset, extract_dataset

    work = Path(args.workdir or tempfile.mkdtemp(prefix="geomap-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"data in {work}; {load()}")
    try:
        big, small = work / "points", work / "points-1m"
        start = time.perf_counter()
        write_points(big, args.points, per_part=args.part_points, seed=args.seed)
        # At least two parts per worker, so the comparison uses every worker.
        per_small = min(args.part_points, -(-args.baseline_points // (2 * args.workers)))
        write_points(small, args.baseline_points, per_part=per_small, seed=args.seed + 1)
        print(
            f"wrote {args.points:,} + {args.baseline_points:,} random points in "
            f"{time.perf_counter() - start:.1f} s"
        )

        # The in-memory engine runs in a process of its own, so that what it leaves in
        # memory is not counted against the Dask run's peak.
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            before = load()
            rows, memory_s, query_s, peak_rss, memory_cpu_s = pool.submit(
                in_memory_run, small, work / "memory.parquet"
            ).result()
        print(
            f"\nin-memory engine, {rows:,} points: {memory_s:.1f} s, "
            f"{rows / memory_s:,.0f} points/s with Parquet I/O "
            f"(Border.query alone {rows / query_s:,.0f} points/s); "
            f"{rows / memory_cpu_s:,.0f} points per CPU-second; "
            f"peak {peak_rss / GB:.2f} GB; {before} -> {load()}"
        )

        start = time.perf_counter()
        with dask_client(n_workers=args.workers, memory_limit=args.memory_limit) as client:
            print(
                f"\nlocal cluster: {args.workers} worker processes x 1 thread, "
                f"memory_limit {args.memory_limit} each, started in "
                f"{time.perf_counter() - start:.1f} s"
            )

            start = time.perf_counter()
            client.run(warm_up)  # each worker builds the border and gazetteer once
            print(f"workers warmed up (border, gazetteer) in {time.perf_counter() - start:.1f} s")

            before = load()
            with PeakMemory() as usage:
                start = time.perf_counter()
                summary = distance_dataset(small, work / "dask-1m", client=client)
                dask_small_s = time.perf_counter() - start
            rate_small = summary["rows"] / dask_small_s
            print(
                f"dask engine, {summary['rows']:,} points ({summary['parts']} parts): "
                f"{dask_small_s:.1f} s, {rate_small:,.0f} points/s; "
                f"{summary['rows'] / usage.cpu_s:,.0f} points per CPU-second (all processes); "
                f"{before} -> {load()}"
            )
            print(
                f"  ratio dask / in-memory (points/s, same I/O): "
                f"{rate_small / (rows / memory_s):.2f}; per CPU-second: "
                f"{(summary['rows'] / usage.cpu_s) / (rows / memory_cpu_s):.2f}"
            )
            expected = gpd_read(work / "memory.parquet")
            got = gpd_read(work / "dask-1m")
            same = (
                np.array_equal(expected["side"].to_numpy(), got["side"].to_numpy())
                and float(np.max(np.abs(expected["distance_km"] - got["distance_km"]))) <= 1e-9
            )
            print(f"  same sides and distances (<= 1e-9 km) as the in-memory engine: {same}")
            del expected, got
            shutil.rmtree(work / "dask-1m")

            before = load()
            with PeakMemory() as peak:
                start = time.perf_counter()
                summary = distance_dataset(big, work / "dask-big", client=client)
                big_s = time.perf_counter() - start
            verdict = "within" if peak.peak <= args.budget_gb * GB else "OVER"
            print(
                f"\ndask engine, {summary['rows']:,} points ({summary['parts']} parts): "
                f"{big_s:.1f} s, {summary['rows'] / big_s:,.0f} points/s, "
                f"{summary['rows'] / peak.cpu_s:,.0f} points per CPU-second; border built "
                f"{summary['border_builds']}x per worker; peak memory of the process tree "
                f"{peak.peak / GB:.2f} GB ({verdict} {args.budget_gb:g} GB); "
                f"{before} -> {load()}"
            )
            shutil.rmtree(work / "dask-big")

            articles = work / "articles"
            synthetic_articles(articles, args.articles, seed=args.seed)
            files = sorted(articles.iterdir())
            before = load()
            with PeakMemory() as peak:
                start = time.perf_counter()
                summary = extract_dataset([articles], work / "incidents", client=client)
                extract_s = time.perf_counter() - start
            print(
                f"\ndask engine, extraction over {summary['articles']:,} SYNTHETIC articles "
                f"(fixture articles joined): {extract_s:.1f} s, "
                f"{summary['articles'] / extract_s:,.1f} articles/s, "
                f"{summary['incidents']:,} incidents; peak {peak.peak / GB:.2f} GB; "
                f"{before} -> {load()}"
            )
        sample = files[: args.baseline_articles]
        in_memory_extract(sample[:2])  # load the gazetteer apart
        before = load()
        start = time.perf_counter()
        found = in_memory_extract(sample)
        memory_extract_s = time.perf_counter() - start
        print(
            f"in-memory extraction, {len(sample):,} of them: {memory_extract_s:.1f} s, "
            f"{len(sample) / memory_extract_s:,.1f} articles/s ({found:,} incidents); "
            f"ratio dask / in-memory "
            f"{(summary['articles'] / extract_s) / (len(sample) / memory_extract_s):.2f}; "
            f"{before} -> {load()}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def warm_up() -> None:
    """Build what each worker builds once (border index, gazetteer): set-up, timed apart."""
    import geomap
    from geomap.extract.lexicon import default_lexicon

    geomap.border().query([70.0], [33.0])
    default_lexicon()


def gpd_read(path: Path):
    from geomap.engines.parts import read_parts

    if path.is_dir():
        return read_parts(path)
    import geopandas as gpd

    return gpd.read_parquet(path)


if __name__ == "__main__":
    main()
