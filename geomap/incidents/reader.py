"""``read_incidents``: one entry point for every incident format geomap reads."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from geomap.errors import ConfigError, InputError
from geomap.incidents.problems import Problems

__all__ = ["read_incidents", "read_many", "FORMATS", "SUFFIXES"]

#: Formats ``read_incidents`` understands.
FORMATS = ("csv", "acled", "ucdp", "geojson", "yaml", "gpkg", "parquet", "article")
#: File suffixes read when a directory is given, and the format each implies.
SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",  # a CSV when its first line is a header naming known columns, else an article
    ".md": "article",
    ".markdown": "article",
    ".html": "article",
    ".htm": "article",
    ".geojson": "geojson",
    ".json": "geojson",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".gpkg": "gpkg",
    ".parquet": "parquet",
}


def read_incidents(
    path: str | os.PathLike,
    *,
    format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    report: Callable[[InputError], None] | None = None,
):
    r"""Read incidents from a file (or every incident file in a directory).

    Parameters
    ----------
    path : path-like
        A CSV, GeoJSON, YAML, GeoPackage or GeoParquet file, a news article
        (.txt, .md, .html: its incidents are extracted, see
        :func:`geomap.extract_incidents`), or a directory of them.
    format : str, optional
        One of ``csv, acled, ucdp, geojson, yaml, gpkg, parquet, article``. By
        default from the suffix; a ``.csv`` is recognised as an ACLED or UCDP GED
        export from its header, and a ``.txt`` as a CSV when its first line is a
        header naming known columns (else it is an article).
    encoding : str, optional
        Text encoding; by default UTF-8, falling back to Windows-1252 (reported).
    strict : bool, default False
        Raise :class:`~geomap.errors.InputError` on the first bad value instead
        of reporting it and keeping the row (without geometry if its
        coordinates are unusable).
    report : callable, optional
        Receives each problem when not strict; default: a
        :class:`~geomap.errors.GeomapWarning`.

    Returns
    -------
    geopandas.GeoDataFrame
        The schema's columns (see ``geomap.incidents.model.COLUMNS``), extra
        input columns, and Point geometries (None when unplaced), EPSG:4326.

    Raises
    ------
    InputError
        Unreadable or malformed file (one message naming file and location), or
        any bad value when ``strict``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "talks.csv"
    >>> _ = p.write_text("title,place,date\nTalks,Kabul,\n")
    >>> df = read_incidents(p)
    >>> df.loc[0, ["place", "date_precision"]].tolist(), df.geometry.isna().all()
    (['Kabul', 'unknown'], np.True_)

    .. versionadded:: 0.1.0
    """
    problems = Problems(strict=strict, report=report)
    return read_many([path], format=format, encoding=encoding, problems=problems)


def read_many(
    paths: Iterable[str | os.PathLike],
    *,
    format: str | None = None,
    encoding: str | None = None,
    problems: Problems,
):
    """Read and merge several inputs (files or directories) into one GeoDataFrame.

    Ids repeated across inputs are reported (or refused under ``strict``);
    both rows are kept.
    """
    import pandas as pd

    from geomap.incidents.normalize import conform, empty_incidents

    if format is not None and format not in FORMATS:
        raise ConfigError(f"unknown input format {format!r}; choose one of {', '.join(FORMATS)}")
    frames = []
    for path in paths:
        for file in _expand(Path(path), format):
            frame = _read_one(file, format=format, encoding=encoding, problems=problems)
            frame["_source_file"] = str(file)
            frames.append(frame)
    if not frames:
        return empty_incidents()
    merged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    _check_ids(merged, problems)
    return conform(merged.drop(columns="_source_file"))


def _expand(path: Path, format: str | None) -> list[Path]:
    if not path.is_dir():
        return [path]
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise InputError(
            f"no incident files ({', '.join(sorted(set(SUFFIXES)))}) in this directory",
            path=str(path),
        )
    return files


def _read_one(path: Path, *, format: str | None, encoding: str | None, problems: Problems):
    from geomap.incidents.textio import read_text

    name = str(path)
    kind = format or SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(
            f"cannot tell the format from the suffix {path.suffix!r}; "
            f"give one of {', '.join(FORMATS)} (--input-format)",
            path=name,
        )
    if not path.exists():
        raise InputError("no such file", path=name)
    if kind == "text":
        kind = "csv" if _looks_like_table(path) else "article"
    if kind == "article":
        from geomap.extract.pipeline import incidents_from_article

        return incidents_from_article(path)
    if kind == "gpkg":
        from geomap.incidents.read_gis import incidents_from_gpkg

        return incidents_from_gpkg(name, problems=problems)
    if kind == "parquet":
        from geomap.incidents.read_gis import incidents_from_parquet

        return incidents_from_parquet(name, problems=problems)
    text = read_text(path, encoding=encoding)
    if text.guessed:
        problems.report(
            InputError(
                f"is not UTF-8; read as {text.encoding} (Windows-1252). "
                "Give --encoding if that is wrong",
                path=name,
            )
        )
    if kind == "geojson":
        from geomap.incidents.read_geojson import incidents_from_geojson

        return incidents_from_geojson(text.text, path=name, problems=problems)
    if kind == "yaml":
        from geomap.incidents.read_yaml import incidents_from_yaml

        return incidents_from_yaml(text.text, path=name, problems=problems)
    from geomap.incidents.read_acled import incidents_from_acled, is_acled
    from geomap.incidents.read_table import incidents_from_rows
    from geomap.incidents.read_ucdp import incidents_from_ucdp, is_ucdp
    from geomap.incidents.textio import read_csv_rows

    table = read_csv_rows(text.text, path=name)
    if kind == "acled" or (kind == "csv" and is_acled(table.header)):
        return incidents_from_acled(table, path=name, problems=problems)
    if kind == "ucdp" or (kind == "csv" and is_ucdp(table.header)):
        return incidents_from_ucdp(table, path=name, problems=problems)
    if not {"lat", "latitude", "y", "place", "wkt", "WKT"} & set(table.header):
        raise InputError(
            "has neither coordinates (lat and lon columns) nor a 'place' column to geocode "
            f"(columns: {', '.join(table.header[:12])})",
            path=name,
        )
    return incidents_from_rows(table, path=name, problems=problems)


_TABLE_COLUMNS = {
    "lat",
    "latitude",
    "lon",
    "longitude",
    "place",
    "wkt",
    "title",
    "event_id_cnty",
    "where_prec",
    "event_type",
    "id",
}


def _looks_like_table(path: Path) -> bool:
    """Whether a .txt file's first line is a delimited header naming known columns."""
    import re

    with open(path, encoding="utf-8", errors="replace") as fh:
        first = next((line for line in fh if line.strip()), "")
    fields = {f.strip().strip('"').lower() for f in re.split(r"[,;\t|]", first)}
    return len(fields) >= 2 and bool(fields & _TABLE_COLUMNS)


def _check_ids(frame, problems: Problems) -> None:
    if not frame["id"].duplicated().any():
        return  # the common case, without a Python loop over every row
    seen: dict[str, str] = {}
    for ident, source in zip(frame["id"], frame["_source_file"], strict=True):
        if ident in seen:
            problems.add(
                f"id {ident!r} is used twice (first in {seen[ident]})",
                then="both rows kept",
                path=source,
                field="id",
            )
        else:
            seen[ident] = source
