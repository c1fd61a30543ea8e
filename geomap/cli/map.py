"""``geomap map``: draw incidents, the Durand Line and its crossings as one HTML page."""

from __future__ import annotations

import argparse
import json
import sys

from geomap.errors import ConfigError


def _km_list(text: str) -> tuple[float, ...]:
    if text.strip().lower() in ("", "none"):
        return ()
    values = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of km: {part.strip()!r}") from None
        if not value > 0 or value == float("inf"):
            raise argparse.ArgumentTypeError(f"band widths must be positive km, got {part!r}")
        values.append(value)
    return tuple(values)


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap map``."""
    parser = subparsers.add_parser(
        "map",
        help="draw incidents, the border and crossings as an interactive HTML map",
        description="Read incidents (CSV, ACLED, UCDP GED, GeoJSON, YAML files or directories; "
        "geomap's own seed incidents when no INPUT is given), add distance to the Durand Line "
        "(a disputed boundary), side and nearest crossing, and write one HTML page: clustered "
        "incidents with cited popups, the line, distance bands, crossings, a time filter, "
        "search and a legend.",
    )
    parser.add_argument("inputs", nargs="*", metavar="INPUT", help="files or directories")
    parser.add_argument("-o", "--output", required=True, metavar="HTML", help="output page")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="one self-contained file: inline every script and stylesheet (run "
        "`geomap assets fetch` once first) and draw a vector basemap instead of web tiles",
    )
    parser.add_argument("--heatmap", action="store_true", help="add a density heatmap layer")
    parser.add_argument(
        "--buffers-km",
        type=_km_list,
        default=(10.0, 50.0),
        metavar="KM,KM",
        help="widths of the geodesic bands drawn around the line (default 10,50; 'none')",
    )
    parser.add_argument("--title", help="map title")
    parser.add_argument(
        "--geojson",
        metavar="OUT",
        help="also write the mapped incidents (with distances and sides) as GeoJSON",
    )
    from geomap.incidents.reader import FORMATS

    parser.add_argument(
        "--input-format",
        choices=FORMATS,
        help="input format (default: from each suffix; ACLED and UCDP CSVs are recognised)",
    )
    parser.add_argument("--encoding", help="input text encoding (default: UTF-8)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse the input (exit 2, nothing written) at the first bad row",
    )
    parser.add_argument(
        "--no-enrich",
        dest="enrich",
        action="store_false",
        help="map the incidents as read, without geocoding place names",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON summary")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``geomap map``."""
    from pathlib import Path

    from geomap._atomic import check_not_input
    from geomap.incidents.cli_options import warn
    from geomap.incidents.problems import Problems
    from geomap.incidents.reader import read_many
    from geomap.render.maps import build_map, save_map

    inputs = list(args.inputs)
    if not inputs:
        from geomap._data import data_file
        from geomap.incidents.seeds import SEED_FILE

        inputs = [data_file("seeds", SEED_FILE)]
    files = []
    for item in inputs:
        path = Path(item)
        files.extend(path.iterdir() if path.is_dir() else [path])
    check_not_input(args.output, files)
    if args.geojson is not None:
        if not str(args.geojson).lower().endswith((".geojson", ".json")):
            raise ConfigError(f"--geojson wants a .geojson file name, got {args.geojson}")
        check_not_input(args.geojson, files)
        if Path(args.geojson).resolve() == Path(args.output).resolve():
            raise ConfigError("--geojson and -o name the same file")

    found = []

    def collect(error) -> None:
        found.append(error)
        warn(error)

    problems = Problems(strict=args.strict, report=collect)
    frame = read_many(inputs, format=args.input_format, encoding=args.encoding, problems=problems)
    if args.enrich:
        from geomap.incidents.enrich import enrich

        frame = enrich(frame, strict=args.strict, report=collect)
    m = build_map(
        frame,
        offline=args.offline,
        heatmap=args.heatmap,
        buffers_km=args.buffers_km or None,
        title=args.title,
    )
    save_map(m, args.output)
    if args.geojson is not None:
        from geomap.incidents.writer import write_incidents

        write_incidents(frame, args.geojson, format="geojson", inputs=files)
    payload = m.geomap_payload
    summary = {
        "output": str(args.output),
        "geojson": None if args.geojson is None else str(args.geojson),
        "offline": bool(args.offline),
        "rows": int(len(frame)),
        "placed": int(payload["incidents"]["n"]),
        "unplaced": int(payload["unplaced"]),
        "far_from_border": int(payload["far"]),
        "bytes": Path(args.output).stat().st_size,
        "problems": [
            {"message": e.message, "path": e.path, "row": e.row, "field": e.field} for e in found
        ],
    }
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        extra = f" and {args.geojson}" if args.geojson else ""
        print(
            f"wrote {args.output}{extra}: {summary['placed']} incidents mapped, "
            f"{summary['unplaced']} without coordinates"
        )
    return 0
