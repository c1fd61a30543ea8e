"""``geomap enrich``: geocode an incident file's places and add the border answers."""

from __future__ import annotations

import argparse
import json
import sys

from geomap.incidents.cli_options import add_input_options, warn


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap enrich``."""
    parser = subparsers.add_parser(
        "enrich",
        help="geocode incidents lacking coordinates and add distance, side and nearest crossing",
        description="Read INPUT (CSV, ACLED or UCDP GED CSV, GeoJSON or YAML), geocode rows "
        "that have a place but no coordinates, add distance to the Durand Line (a disputed "
        "boundary), side, nearest crossing and admin areas, and write OUT in the format its "
        "suffix names. Rows that cannot be placed are reported and kept without geometry.",
    )
    parser.add_argument("input", metavar="INPUT", help="incident file")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    add_input_options(parser)
    from geomap.engines import add_engine_options

    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``geomap enrich``."""
    from geomap.engines import uses_dask

    if uses_dask(args):
        from geomap.engines.cli import run_enrich

        return run_enrich(args)
    from geomap.incidents.pipeline import convert

    summary = convert(
        [args.input],
        args.output,
        format=args.format,
        input_format=args.input_format,
        encoding=args.encoding,
        strict=args.strict,
        report=warn,
    )
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(f"wrote {summary['rows']} incidents ({summary['placed']} placed) to {args.output}")
    return 0
