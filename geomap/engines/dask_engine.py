"""The Dask engine: geomap's in-memory functions run once per partition on a cluster.

Three jobs, each writing partitioned GeoParquet (see :mod:`geomap.engines.parts`):

- :func:`distance_dataset`: points (CSV files, or a Parquet/GeoParquet file or
  directory) to distance, side, nearest point and nearest crossing, through
  ``Border.query`` per partition (dask-geopandas for GeoParquet input).
- :func:`enrich_dataset`: incident files, one partition per file, through
  :func:`geomap.enrich`.
- :func:`extract_dataset`: news articles, a dask.bag of paths, through
  :func:`geomap.extract.pipeline.extract_article` and :func:`geomap.enrich`.

The work units are the library's own functions, so the answers are the in-memory
engine's. The border index (and the gazetteer) are built once per worker process:
``geomap.border()`` is cached per process, and each partition calls it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from geomap.cli.distance import FIELDS
from geomap.engines.parts import partitioned_output
from geomap.engines.progress import track
from geomap.errors import InputError

__all__ = [
    "CHUNK_POINTS",
    "distance_dataset",
    "enrich_dataset",
    "extract_dataset",
    "answer_points",
    "border_builds",
]

#: Points passed to ``Border.query`` at once inside a partition: bounds the
#: temporary memory of a query whatever the partition size.
CHUNK_POINTS = 250_000
_STATS = ("rows", "pid", "border_builds")
_POINT_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet"}


def border_builds() -> tuple[int, int]:
    """``(process id, times this process built the border)``: 1 once the border is in use.

    Examples
    --------
    >>> import geomap
    >>> _ = geomap.border()
    >>> border_builds()[1]
    1
    """
    from geomap.boundary.model import border

    return os.getpid(), border.cache_info().misses


# --- distance -------------------------------------------------------------------------


def answer_points(lon, lat, *, uncertainty_km=None, chunk: int = CHUNK_POINTS):
    """``Border.query`` over arrays, ``chunk`` points at a time (same answers, bounded memory).

    Examples
    --------
    >>> answer_points([69.1775, 71.5785], [34.5281, 34.0151], chunk=1).side.tolist()
    ['AF', 'PK']
    """
    import numpy as np
    import pandas as pd

    import geomap

    lon = np.asarray(lon, dtype="float64").ravel()
    lat = np.asarray(lat, dtype="float64").ravel()
    radius = None
    if uncertainty_km is not None:
        radius = np.broadcast_to(np.asarray(uncertainty_km, dtype="float64"), lon.shape)
    b = geomap.border()
    if len(lon) <= chunk:
        return b.query(lon, lat, uncertainty_km=radius)
    pieces = [
        b.query(
            lon[s : s + chunk],
            lat[s : s + chunk],
            uncertainty_km=None if radius is None else radius[s : s + chunk],
        )
        for s in range(0, len(lon), chunk)
    ]
    return pd.concat(pieces, ignore_index=True)


def _coordinates(frame, *, lat_col, lon_col, where: str, rows, uncertainty_km):
    """Numbers from a partition: (lon, lat, uncertainty) with the in-memory engine's checks."""
    import numpy as np
    import pandas as pd

    from geomap.cli.distance import _numbers
    from geomap.coords import validate_lonlat

    def numbers(name, *, blank=False):
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            return column.to_numpy(dtype="float64", na_value=np.nan)
        return _numbers(column, where, name, rows, blank=blank)

    if lat_col is None:  # GeoParquet: the geometry is the position
        geometry = frame.geometry
        kinds = geometry.geom_type.to_numpy()
        bad = (kinds != "Point") | geometry.isna().to_numpy()
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(
                f"geometry is {kinds[i] or 'missing'}, not a Point",
                path=where,
                row=rows[i],
                field=geometry.name,
            )
        lon, lat = geometry.x.to_numpy(), geometry.y.to_numpy()
    else:
        lat, lon = numbers(lat_col), numbers(lon_col)
    validate_lonlat(lon, lat, path=where, rows=rows)
    if uncertainty_km is None and "uncertainty_km" in frame.columns:
        uncertainty_km = numbers("uncertainty_km", blank=True)
    return lon, lat, uncertainty_km


def _with_answers(frame, *, lat_col, lon_col, where: str, rows, uncertainty_km):
    import geopandas as gpd

    for field in FIELDS:
        if field in frame.columns:
            raise InputError(f"the input already has a column {field!r}", path=where)
    lon, lat, radius = _coordinates(
        frame,
        lat_col=lat_col,
        lon_col=lon_col,
        where=where,
        rows=rows,
        uncertainty_km=uncertainty_km,
    )
    answers = answer_points(lon, lat, uncertainty_km=radius)
    out = frame.reset_index(drop=True)
    for field in FIELDS:
        out[field] = answers[field].to_numpy()
    if isinstance(out, gpd.GeoDataFrame):
        return out
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def _distance_partition(
    frame, *, lat_col, lon_col, source, uncertainty_km, parts, partition_info=None
):
    """``map_partitions`` unit: answer one Parquet partition and write it as one part.

    Reading, answering and writing are one task, so a worker holds one partition
    at a time; what comes back is one row of counts.
    """
    import pandas as pd

    from geomap.engines.parts import part_name

    number = (partition_info or {}).get("number", 0)
    out = _with_answers(
        frame,
        lat_col=lat_col,
        lon_col=lon_col,
        where=f"{source} (partition {number})",
        rows=list(range(1, len(frame) + 1)),
        uncertainty_km=uncertainty_km,
    )
    stats = _write_points(out, str(Path(parts) / part_name(number)))
    return pd.DataFrame({k: [v] for k, v in stats.items()}).astype("int64")


def _distance_csv_file(path: str, part: str, *, uncertainty_km) -> dict:
    """Task: one CSV file of points read, answered and written as one part."""
    import pandas as pd

    from geomap.cli.distance import LAT_NAMES, LON_NAMES, _find_column
    from geomap.incidents.textio import read_csv_rows, read_text

    table = read_csv_rows(read_text(path).text, path=path)
    if not table.rows:
        raise InputError("the file has a header but no rows", path=path)
    numbers = [n for n, _ in table.rows]
    frame = pd.DataFrame([row for _, row in table.rows], columns=table.header, dtype=object)
    lat_col = _find_column(frame.columns, LAT_NAMES, path, "latitude")
    lon_col = _find_column(frame.columns, LON_NAMES, path, "longitude")
    out = _with_answers(
        frame,
        lat_col=lat_col,
        lon_col=lon_col,
        where=path,
        rows=numbers,
        uncertainty_km=uncertainty_km,
    )
    return _write_points(out, part)


def _write_points(frame, part: str) -> dict:
    frame.to_parquet(part, index=False, schema_version="1.0.0")
    pid, builds = border_builds()
    return {"rows": len(frame), "pid": pid, "border_builds": builds}


def _point_inputs(source: Path) -> tuple[str, list[Path]]:
    """Return the kind (csv or parquet) and files of a points input (file or directory)."""
    if source.is_dir():
        files = sorted(
            p for p in source.iterdir() if p.is_file() and p.suffix.lower() in _POINT_SUFFIXES
        )
        kinds = {_POINT_SUFFIXES[p.suffix.lower()] for p in files}
        if not files:
            raise InputError("no .csv or .parquet files in this directory", path=str(source))
        if len(kinds) > 1:
            raise InputError("mixes CSV and Parquet files; give one kind", path=str(source))
        return kinds.pop(), files
    if not source.exists():
        raise InputError("no such file or directory", path=str(source))
    kind = _POINT_SUFFIXES.get(source.suffix.lower())
    if kind is None:
        raise InputError(
            "the dask engine reads points from .csv or .parquet files or a directory of them",
            path=str(source),
        )
    return kind, [source]


def _is_geoparquet(file: Path) -> bool:
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_schema(file).metadata or {}
    except Exception as error:  # pyarrow raises several kinds for a broken file
        raise InputError(f"not a readable Parquet file: {error}", path=str(file)) from None
    return b"geo" in metadata


def _read_parquet_points(source: Path, files: list[Path]):
    """Return a dask (geo)dataframe and its lat/lon column names (None for GeoParquet)."""
    import dask.dataframe as dd

    from geomap.cli.distance import LAT_NAMES, LON_NAMES, _find_column

    target = str(source)
    if _is_geoparquet(files[0]):
        import dask_geopandas

        frame = dask_geopandas.read_parquet(target)
        return frame, None, None
    frame = dd.read_parquet(target)
    lat_col = _find_column(frame.columns, LAT_NAMES, target, "latitude")
    lon_col = _find_column(frame.columns, LON_NAMES, target, "longitude")
    return frame, lat_col, lon_col


def distance_dataset(
    source: str | os.PathLike,
    output: str | os.PathLike,
    *,
    client,
    uncertainty_km: float | None = None,
    progress: bool | None = None,
) -> dict:
    r"""Add the border answers to every point of ``source``; write partitioned GeoParquet.

    Parameters
    ----------
    source : path-like
        A CSV file, a Parquet or GeoParquet file, or a directory of either
        (e.g. a previous output). CSV files have latitude/longitude columns
        (names as for ``geomap distance``); each file is one partition, read by
        the in-memory engine's reader. Parquet has such columns or a Point
        geometry (GeoParquet, read with dask-geopandas); it is partitioned by
        Dask (by file and row group).
    output : path-like
        Directory to write ``part.NNNNN.parquet`` files into (GeoParquet, Point
        geometry, EPSG:4326); replaced only when the whole run succeeds.
    client : distributed.Client
        Where to run (see :func:`geomap.engines.cluster.dask_client`).
    uncertainty_km : float, optional
        One radius for every point; default: an ``uncertainty_km`` column if any.
    progress : bool, optional
        Draw a progress bar on stderr; default when stderr is a terminal.

    Returns
    -------
    dict
        ``output``, ``rows``, ``parts``, ``workers`` (process ids) and
        ``border_builds`` (the most times any worker built the border: 1).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from geomap.engines.cluster import dask_client
    >>> from geomap.engines.parts import read_parts
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "points.csv").write_text("place,lat,lon\nKabul,34.5281,69.1775\n")
    >>> with dask_client(n_workers=1, memory_limit="1GiB") as client:
    ...     summary = distance_dataset(d / "points.csv", d / "answers", client=client)
    >>> summary["rows"], read_parts(d / "answers").side.tolist()
    (1, ['AF'])
    """
    source = Path(source)
    kind, files = _point_inputs(source)
    with partitioned_output(output, inputs=[source]) as out:
        if kind == "csv":
            futures = [
                client.submit(
                    _distance_csv_file,
                    str(file),
                    out.part(i),
                    uncertainty_km=uncertainty_km,
                    pure=False,
                )
                for i, file in enumerate(files)
            ]
        else:
            import pandas as pd

            frame, lat_col, lon_col = _read_parquet_points(source, files)
            meta = pd.DataFrame({k: pd.Series(dtype="int64") for k in _STATS})
            counts = frame.map_partitions(
                _distance_partition,
                lat_col=lat_col,
                lon_col=lon_col,
                source=str(source),
                uncertainty_km=uncertainty_km,
                parts=str(out.path),
                meta=meta,
            )
            futures = client.compute(counts.to_delayed())
        stats = _gather(futures, label="distance", progress=progress)
        stats = [s if isinstance(s, dict) else s.iloc[0].to_dict() for s in stats]
    return {
        "output": str(output),
        "rows": sum(s["rows"] for s in stats),
        "parts": len(stats),
        "workers": sorted({s["pid"] for s in stats}),
        "border_builds": max((s["border_builds"] for s in stats), default=0),
    }


def _gather(futures, *, label: str, progress: bool | None) -> list:
    """Results of ``futures`` in submission order; the first failure is raised."""
    order = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(futures)
    for future in track(futures, label=label, enabled=progress):
        results[order[future.key]] = future.result()
    return results


# --- enrich ---------------------------------------------------------------------------


def _enrich_file(path: str, part: str, *, format, encoding, strict: bool) -> dict:
    """Task: one incident file read, enriched and written as one part; problems returned."""
    from geomap.incidents.enrich import enrich
    from geomap.incidents.reader import read_incidents
    from geomap.incidents.write_gis import write_parquet

    found: list = []
    frame = read_incidents(
        path, format=format, encoding=encoding, strict=strict, report=found.append
    )
    frame = enrich(frame, strict=strict, report=found.append)
    write_parquet(frame, part)
    placed = frame.geometry.notna() & ~frame.geometry.is_empty
    pid, builds = border_builds()
    return {
        "path": path,
        "rows": int(len(frame)),
        "placed": int(placed.sum()),
        "ids": [str(i) for i in frame["id"]],
        "unplaced": [str(i) for i in frame.loc[~placed, "id"]],
        "problems": found,
        "pid": pid,
        "border_builds": builds,
    }


def enrich_dataset(
    inputs: Sequence[str | os.PathLike],
    output: str | os.PathLike,
    *,
    client,
    input_format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    report: Callable[[InputError], None] | None = None,
    progress: bool | None = None,
) -> dict:
    """Enrich incident files on the cluster, one partition per file; write partitioned GeoParquet.

    Each file goes through :func:`geomap.read_incidents` and :func:`geomap.enrich`
    on a worker (the offline gazetteer geocodes; one process per worker builds it
    once). Problems come back to ``report`` in file order; ids used twice across
    files are reported as by ``geomap enrich`` (refused under ``strict``).

    Returns
    -------
    dict
        As :func:`geomap.incidents.pipeline.convert`: ``output``, ``format``
        (``parquet-parts``), ``rows``, ``placed``, ``unplaced``, ``problems``,
        plus ``parts``.
    """
    from geomap.incidents.problems import Problems
    from geomap.incidents.reader import _expand

    files = [f for item in inputs for f in _expand(Path(item), input_format)]
    for file in files:
        if not file.exists():
            raise InputError("no such file", path=str(file))
    found: list[InputError] = []

    def collect(error: InputError) -> None:
        found.append(error)
        if report is not None:
            report(error)

    with partitioned_output(output, inputs=[*inputs, *files]) as out:
        futures = [
            client.submit(
                _enrich_file,
                str(file),
                out.part(i),
                format=input_format,
                encoding=encoding,
                strict=strict,
                pure=False,
            )
            for i, file in enumerate(files)
        ]
        stats = _gather(futures, label="enrich", progress=progress)
        for s in stats:
            for error in s["problems"]:
                collect(error)
        problems = Problems(strict=strict, report=collect)
        seen: dict[str, str] = {}
        for s in stats:
            for ident in s["ids"]:
                if ident in seen:
                    problems.add(
                        f"id {ident!r} is used twice (first in {seen[ident]})",
                        then="both rows kept",
                        path=s["path"],
                        field="id",
                    )
                else:
                    seen[ident] = s["path"]
    return {
        "output": str(output),
        "format": "parquet-parts",
        "rows": sum(s["rows"] for s in stats),
        "placed": sum(s["placed"] for s in stats),
        "unplaced": [i for s in stats for i in s["unplaced"]],
        "problems": [
            {"message": e.message, "path": e.path, "row": e.row, "field": e.field} for e in found
        ],
        "parts": len(stats),
    }


# --- extract --------------------------------------------------------------------------


def _extract_articles(
    paths: list[str], part: str, *, published, source_url, title, enrich: bool
) -> dict:
    """Task: a batch of articles to incidents (enriched), written as one part."""
    from geomap.extract.pipeline import extract_article, incidents_frame
    from geomap.incidents.write_gis import write_parquet

    incidents: list[dict] = []
    mentions = 0
    for path in paths:
        result = extract_article(
            Path(path), published=published, source_url=source_url, title=title
        )
        incidents += [{**r, "article": path} for r in result.incidents]
        mentions += len(result.mentions)
    frame = incidents_frame(incidents)
    if enrich and len(frame):
        from geomap.incidents.enrich import enrich as enrich_frame

        frame = enrich_frame(frame)
    if len(frame):
        write_parquet(frame, part)
    pid, builds = border_builds()
    return {
        "articles": len(paths),
        "incidents": int(len(frame)),
        "mentions": mentions,
        "pid": pid,
        "border_builds": builds,
    }


def article_files(items: Sequence[str | os.PathLike]) -> list[Path]:
    """Article files named by ``items`` (files, or directories read for .txt/.md/.html).

    Examples
    --------
    >>> article_files(["missing.txt"])
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: missing.txt: no such file
    """
    from geomap.extract.pipeline import is_article_path

    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and is_article_path(p))
            if not found:
                raise InputError("no articles (.txt, .md, .html) in this directory", path=str(path))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file", path=str(path))
    return files


def extract_dataset(
    articles: Sequence[str | os.PathLike],
    output: str | os.PathLike,
    *,
    client,
    published=None,
    source_url: str | None = None,
    title: str | None = None,
    enrich: bool = True,
    articles_per_part: int | None = None,
    progress: bool | None = None,
) -> dict:
    """Extract incidents from many articles on the cluster; write partitioned GeoParquet.

    The article paths are a dask.bag; each of its partitions is a batch of
    articles run through :func:`~geomap.extract.pipeline.extract_article` and
    :func:`geomap.enrich` on one worker and written as one part (batches with
    no incident write none). Part order is article order.

    Returns
    -------
    dict
        ``output``, ``articles``, ``incidents``, ``mentions`` (counted, not
        written), ``parts``.
    """
    import dask
    import dask.bag as db

    files = article_files(articles)
    if articles_per_part is None:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        # Several batches per worker balance the load; a few hundred articles per
        # batch keep the per-task overhead small.
        articles_per_part = max(1, min(500, -(-len(files) // (4 * workers))))
    paths = db.from_sequence([str(f) for f in files], partition_size=articles_per_part)
    with partitioned_output(output, inputs=files) as out:
        tasks = [
            dask.delayed(_extract_articles)(
                batch,
                out.part(i),
                published=published,
                source_url=source_url,
                title=title,
                enrich=enrich,
            )
            for i, batch in enumerate(paths.to_delayed())
        ]
        stats = _gather(client.compute(tasks), label="extract", progress=progress)
        if not any(s["incidents"] for s in stats):
            from geomap.extract.pipeline import incidents_frame
            from geomap.incidents.write_gis import write_parquet

            write_parquet(incidents_frame([]), out.part(0))  # keeps the schema readable
    return {
        "output": str(output),
        "articles": len(files),
        "incidents": sum(s["incidents"] for s in stats),
        "mentions": sum(s["mentions"] for s in stats),
        "parts": sum(1 for s in stats if s["incidents"]) or 1,
    }
