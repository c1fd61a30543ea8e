"""Partitioned GeoParquet output: a directory of ``part.NNNNN.parquet`` files, written whole.

Workers write their parts into a hidden directory beside the destination; only
when every part is written (and the parts agree on one schema) is it renamed
onto the destination. A failed run leaves any previous output untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.errors import ExportError

__all__ = ["PartsDirectory", "partitioned_output", "part_name", "read_parts"]

_PREFIX = "part."
_SUFFIX = ".parquet"


def part_name(number: int) -> str:
    """File name of part ``number``; zero-padded so that name order is partition order.

    Examples
    --------
    >>> part_name(7), part_name(123456)
    ('part.00007.parquet', 'part.123456.parquet')
    """
    return f"{_PREFIX}{number:05d}{_SUFFIX}"


class PartsDirectory:
    """The temporary directory that parts are written into (see :func:`partitioned_output`)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def part(self, number: int) -> str:
        """Path (text, so that it travels to remote workers) of part ``number``."""
        return str(self.path / part_name(number))


def _is_parts_directory(path: Path) -> bool:
    """Tell whether ``path`` holds only what a previous run wrote (parts, nothing else)."""
    return path.is_dir() and all(
        p.is_file() and p.name.startswith(_PREFIX) and p.name.endswith(_SUFFIX)
        for p in path.iterdir()
    )


def _check_output(destination: Path, inputs: Iterable[str | os.PathLike]) -> None:
    out = destination.resolve()
    for item in inputs:
        source = Path(item).resolve()
        if source == out or out in source.parents or source in out.parents:
            raise ExportError(
                f"refusing to write {destination}: it is, contains or lies inside the input {item}"
            )
    if destination.exists() and not _is_parts_directory(destination):
        what = "a file" if destination.is_file() else "a directory with other files"
        raise ExportError(
            f"refusing to write {destination}: it is {what}; the dask engine writes a "
            "directory of part.NNNNN.parquet files (give a new or previous output directory)"
        )


@contextlib.contextmanager
def partitioned_output(
    destination: str | os.PathLike, *, inputs: Iterable[str | os.PathLike] = ()
) -> Iterator[PartsDirectory]:
    """Yield a :class:`PartsDirectory`; on success make it ``destination``.

    The destination must be new or a previous output of this engine (only
    ``part.*.parquet`` files), and may not be, contain or lie inside an input.
    On success the parts are brought to one schema (a column missing from a
    part is added as nulls, so that any Parquet reader opens the directory).

    Raises
    ------
    ExportError
        The destination is refused, or its directory does not exist.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with partitioned_output(d) as parts:
    ...     _ = pathlib.Path(parts.part(0)).write_bytes(b"")
    Traceback (most recent call last):
    ...
    geomap.errors.ExportError: cannot read the written part part.00000.parquet: ...
    """
    destination = Path(destination)
    inputs = list(inputs)
    _check_output(destination, inputs)
    parent = destination.parent if str(destination.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {destination}: directory {parent} does not exist")
    tmp = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", suffix=".tmp", dir=parent))
    try:
        yield PartsDirectory(tmp)
        unify_schemas(tmp)
        _check_output(destination, inputs)  # still true after the (long) run?
        if destination.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{destination.name}.", suffix=".old", dir=parent))
            os.replace(destination, old / "previous")
            os.replace(tmp, destination)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, destination)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def unify_schemas(directory: str | os.PathLike) -> None:
    """Rewrite the parts whose Arrow schema differs from the union of all parts' schemas.

    Parts written independently disagree where a column is missing from one part
    or holds only nulls there; readers of a Parquet directory expect one schema.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(Path(directory).glob(f"{_PREFIX}*{_SUFFIX}"))
    schemas = []
    for file in files:
        try:
            schemas.append(pq.read_schema(file))
        except (OSError, pa.ArrowException) as error:
            raise ExportError(f"cannot read the written part {file.name}: {error}") from error
    if len(schemas) < 2:
        return
    plain = [s.remove_metadata() for s in schemas]
    if all(s.equals(plain[0]) for s in plain[1:]):
        return
    try:
        union = pa.unify_schemas(plain, promote_options="permissive")
    except (pa.ArrowException, TypeError) as error:
        raise ExportError(f"the parts written disagree on column types: {error}") from error
    for file, schema, bare in zip(files, schemas, plain, strict=True):
        if bare.equals(union):
            continue
        table = pq.read_table(file)
        columns = [
            table.column(f.name).cast(f.type)
            if f.name in table.column_names
            else pa.nulls(len(table), type=f.type)
            for f in union
        ]
        fixed = pa.Table.from_arrays(columns, schema=union.with_metadata(schema.metadata))
        pq.write_table(fixed, file)


def read_parts(directory: str | os.PathLike):
    """Read a whole partitioned GeoParquet directory into one GeoDataFrame, in part order.

    Meant for results small enough for memory (tests, samples); use
    ``dask_geopandas.read_parquet`` for the rest.
    """
    import geopandas as gpd
    import pandas as pd

    files = sorted(Path(directory).glob(f"{_PREFIX}*{_SUFFIX}"))
    if not files:
        raise ExportError(f"no parts in {directory}")
    frames = [gpd.read_parquet(f) for f in files]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
