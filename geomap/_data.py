"""Locate the data geomap ships: basemaps/ and seeds/.

In a wheel they sit inside the package (``geomap/_data/...``); in a source
checkout or an editable install they are read from the repository's top level.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from geomap.errors import BorderDataError

_PACKAGE = Path(__file__).resolve().parent
_LOCATIONS = {
    "basemaps": (_PACKAGE / "_data" / "basemaps", _PACKAGE.parent / "basemaps" / "data"),
    "seeds": (_PACKAGE / "_data" / "seeds", _PACKAGE.parent / "seeds"),
}


@cache
def data_dir(kind: str) -> Path:
    """Return the directory holding the shipped ``kind`` data ("basemaps" or "seeds")."""
    for candidate in _LOCATIONS[kind]:
        if candidate.is_dir():
            return candidate
    raise BorderDataError(
        f"geomap's {kind} data is missing (looked in {', '.join(map(str, _LOCATIONS[kind]))}); "
        "reinstall geomap"
    )


def data_file(kind: str, name: str) -> Path:
    """Return the path of one shipped file, raising a clear error when it is absent."""
    path = data_dir(kind) / name
    if not path.is_file():
        raise BorderDataError(f"geomap's data file {name} is missing from {path.parent}")
    return path
