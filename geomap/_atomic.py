"""Write outputs atomically and never over an input.

An output is written to a temporary file beside its destination and renamed
into place only when writing succeeded, so a failure leaves any previous file
untouched and never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from geomap.errors import ExportError

__all__ = ["atomic_path", "check_not_input"]


def check_not_input(output: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> None:
    """Raise :class:`ExportError` when ``output`` is the same file as one of ``inputs``.

    Examples
    --------
    >>> check_not_input("out.csv", ["in.csv"])
    >>> check_not_input("in.csv", ["./in.csv"])
    Traceback (most recent call last):
    ...
    geomap.errors.ExportError: refusing to overwrite the input file in.csv
    """
    out = Path(output).resolve()
    for item in inputs:
        if Path(item).resolve() == out:
            raise ExportError(f"refusing to overwrite the input file {output}")


@contextlib.contextmanager
def atomic_path(destination: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path; on success rename it onto ``destination``.

    The temporary file lives in the destination's directory (same filesystem, so
    the rename is atomic) and keeps the destination's suffix, because GDAL
    drivers choose the format from it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "a.txt").read_text()
    'done'
    """
    destination = Path(destination)
    parent = destination.parent if str(destination.parent) else Path(".")
    if not parent.is_dir():
        raise ExportError(f"cannot write {destination}: directory {parent} does not exist")
    fd, name = tempfile.mkstemp(
        prefix=f".{destination.stem}.", suffix=f".tmp{destination.suffix}", dir=parent
    )
    os.close(fd)
    tmp = Path(name)
    # Some writers (GDAL) refuse to write over an existing file: hand them a free name.
    tmp.unlink()
    try:
        yield tmp
        if not tmp.exists():
            raise ExportError(f"nothing was written to {destination}")
        os.replace(tmp, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
