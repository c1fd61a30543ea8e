"""Command-line options shared by ``geomap export`` and ``geomap enrich``."""

from __future__ import annotations

import argparse
import sys

from geomap.errors import InputError

__all__ = ["add_input_options", "warn"]


def add_input_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--format``, ``--input-format``, ``--encoding``, ``--strict`` and ``--json``."""
    from geomap.incidents.reader import FORMATS
    from geomap.incidents.writer import OUTPUT_FORMATS

    parser.add_argument(
        "--format",
        choices=tuple(OUTPUT_FORMATS),
        help="output format (default: from OUT's suffix)",
    )
    parser.add_argument(
        "--input-format",
        choices=FORMATS,
        help="input format (default: from each suffix; ACLED and UCDP CSVs are recognised)",
    )
    parser.add_argument(
        "--encoding",
        help="input text encoding (default: UTF-8, else Windows-1252 with a warning)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse the input (exit 2, nothing written) at the first row that has a bad "
        "value or cannot be placed, instead of reporting it and keeping it",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON summary (rows, placed, problems)"
    )


def warn(error: InputError) -> None:
    """Print one reported problem on stderr."""
    print(f"geomap: warning: {error}", file=sys.stderr)
