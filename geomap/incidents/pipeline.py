"""Read, merge, enrich and write incidents in one call: what ``geomap export``/``enrich`` run.

Nothing is written until every input has been read and enriched, so a refusal
under ``strict`` leaves the output (and any previous file there) untouched.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from geomap.errors import InputError
from geomap.incidents.problems import Problems

__all__ = ["convert", "export_layer"]


def convert(
    inputs: Sequence[str | os.PathLike],
    output: str | os.PathLike,
    *,
    format: str | None = None,
    input_format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    enrich: bool = True,
    report: Callable[[InputError], None] | None = None,
) -> dict:
    """Read ``inputs`` (files or directories), enrich, write ``output``; return a summary.

    Returns
    -------
    dict
        ``output``, ``format``, ``rows``, ``placed``, ``unplaced`` (ids) and
        ``problems`` (one dict per reported problem: message, path, row, field).
    """
    from geomap.incidents.reader import read_many
    from geomap.incidents.writer import format_for, write_incidents

    kind = format_for(output, format)  # refuse a bad output name before reading anything
    found: list[InputError] = []

    def collect(error: InputError) -> None:
        found.append(error)
        if report is not None:
            report(error)

    problems = Problems(strict=strict, report=collect)
    frame = read_many(inputs, format=input_format, encoding=encoding, problems=problems)
    if enrich:
        from geomap.incidents.enrich import enrich as enrich_frame

        frame = enrich_frame(frame, strict=strict, report=collect)
    write_incidents(frame, output, format=kind, inputs=_input_files(inputs))
    placed = frame.geometry.notna() & ~frame.geometry.is_empty
    return {
        "output": str(output),
        "format": kind,
        "rows": int(len(frame)),
        "placed": int(placed.sum()),
        "unplaced": [str(i) for i in frame.loc[~placed, "id"]],
        "problems": [
            {"message": e.message, "path": e.path, "row": e.row, "field": e.field} for e in found
        ],
    }


def export_layer(layer: str, output: str | os.PathLike, *, format: str | None = None) -> dict:
    """Write the shipped ``border`` line or ``crossings`` on their own; return a summary."""
    from geomap.incidents.writer import border_frame, crossings_frame, format_for, write_layer

    kind = format_for(output, format)
    frame = border_frame() if layer == "border" else crossings_frame()
    write_layer(frame, output, layer=layer, format=kind)
    return {"output": str(output), "format": kind, "layer": layer, "rows": int(len(frame))}


def _input_files(inputs) -> list[Path]:
    files = []
    for item in inputs:
        path = Path(item)
        files.extend(path.iterdir() if path.is_dir() else [path])
    return files
