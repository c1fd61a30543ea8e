"""The ``geomap`` command line: one module per sub-command, registered below.

Each command module defines ``add_parser(subparsers)`` and ``run(args) -> int``.
User errors (:class:`~geomap.errors.GeomapError`) print one line on stderr and
exit with their status (2 for bad input); they never show a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from geomap.errors import GeomapError

# Order is the order of `geomap --help`.
_COMMANDS = (
    "border",
    "distance",
    "geocode",
    "extract",
    "export",
    "enrich",
    "map",
    "assets",
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command registered."""
    from geomap import __version__

    parser = argparse.ArgumentParser(
        prog="geomap",
        description="Geocode, measure and map cited incidents along the "
        "Afghanistan-Pakistan border (the Durand Line, a disputed boundary).",
    )
    parser.add_argument("--version", action="version", version=f"geomap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMANDS:
        module = importlib.import_module(f"geomap.cli.{name}")
        command = module.add_parser(sub)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except GeomapError as error:
        print(f"geomap: error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
