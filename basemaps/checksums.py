"""Rewrite basemaps/data/SHA256SUMS: the SHA-256 of every shipped data file.

Every build script calls this last; `sha256sum -c SHA256SUMS` (run inside
basemaps/data) and tests/test_border_geometry.py check it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def write_checksums() -> None:
    lines = [
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n"
        for path in sorted(DATA.iterdir())
        if path.is_file() and path.name != "SHA256SUMS" and not path.name.startswith(".")
    ]
    (DATA / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    write_checksums()
