"""``geomap export``: read incidents (several inputs merged), enrich them, write GIS formats."""

from __future__ import annotations

import argparse
import json
import sys

from geomap.incidents.cli_options import add_input_options, warn

_LAYERS = ("incidents", "border", "crossings")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap export``."""
    parser = subparsers.add_parser(
        "export",
        help="write incidents (or the border line, or the crossings) as GeoJSON, GeoPackage, "
        "CSV, KML or GeoParquet",
        description="Read incidents from CSV (plain, ACLED or UCDP GED), GeoJSON or YAML files "
        "or directories, merge them, add distance to the Durand Line (a disputed boundary), "
        "side and nearest crossing, and write OUT in the format its suffix names. With no "
        "INPUT, geomap's own seed incidents are exported.",
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="files or directories")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    parser.add_argument(
        "--layer",
        choices=_LAYERS,
        default="incidents",
        help="what to export: the incidents (default), or the shipped border line or crossings",
    )
    parser.add_argument(
        "--no-enrich",
        dest="enrich",
        action="store_false",
        help="write the incidents as read, without geocoding or border answers",
    )
    add_input_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``geomap export``."""
    from geomap.incidents.pipeline import convert, export_layer

    if args.layer != "incidents":
        if args.inputs:
            from geomap.errors import ConfigError

            raise ConfigError(f"--layer {args.layer} exports geomap's own data: give no INPUT")
        summary = export_layer(args.layer, args.output, format=args.format)
        message = f"wrote the {args.layer} ({summary['rows']} features) to {args.output}"
    else:
        inputs = args.inputs
        if not inputs:
            from geomap._data import data_file
            from geomap.incidents.seeds import SEED_FILE

            inputs = [data_file("seeds", SEED_FILE)]
        summary = convert(
            inputs,
            args.output,
            format=args.format,
            input_format=args.input_format,
            encoding=args.encoding,
            strict=args.strict,
            enrich=args.enrich,
            report=warn,
        )
        message = f"wrote {summary['rows']} incidents ({summary['placed']} placed) to {args.output}"
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(message)
    return 0
