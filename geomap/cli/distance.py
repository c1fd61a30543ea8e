"""``geomap distance``: exact geodesic distance to the border, side and nearest crossing."""

from __future__ import annotations

import argparse
import json
import math
import sys

#: The answer columns, in the order ``Border.query`` returns them (the Dask engine's too).
FIELDS = (
    "distance_km",
    "side",
    "nearest_lat",
    "nearest_lon",
    "nearest_crossing",
    "nearest_crossing_km",
)
LAT_NAMES = ("lat", "latitude", "y")
LON_NAMES = ("lon", "lng", "long", "longitude", "x")


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap distance``."""
    parser = subparsers.add_parser(
        "distance",
        help="distance to the border, side and nearest crossing for a point, place or CSV",
        description="Exact geodesic distance (km, WGS84) from a position to the "
        "Afghanistan-Pakistan border, the side it is on (AF, PK, other, or ambiguous when "
        "its uncertainty exceeds that distance), the nearest point of the line and the "
        "nearest crossing. Give LAT LON, LAT,LON or a place name; or --input a CSV.",
        epilog="examples: geomap distance 34.0151 71.5785 | geomap distance Torkham --json | "
        "geomap distance --input points.csv --output out.csv | a southern LAT,LON written as "
        "one word needs -- before it: geomap distance -- -33.87,151.21",
    )
    parser.add_argument("where", nargs="*", metavar="LAT LON | LAT,LON | PLACE")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--input", metavar="CSV", help="CSV with latitude/longitude columns")
    parser.add_argument("--output", metavar="CSV", help="where to write the CSV (with --input)")
    parser.add_argument(
        "--uncertainty-km",
        type=float,
        metavar="KM",
        help="radius of uncertainty of the position (a place name brings its own)",
    )
    parser.add_argument("--country", metavar="ISO2", help="resolve PLACE in this country only")
    from geomap.engines import add_engine_options

    add_engine_options(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``geomap distance``."""
    from geomap.engines import uses_dask
    from geomap.errors import InputError

    if uses_dask(args):
        from geomap.engines.cli import run_distance

        return run_distance(args)
    if args.input:
        if args.where:
            raise InputError("give either --input or a position, not both")
        return _run_batch(args)
    if args.output:
        raise InputError("--output goes with --input")
    if not args.where:
        raise InputError("give LAT LON, LAT,LON or a place name (see geomap distance --help)")
    record = _answer_one(args)
    if args.json:
        print(json.dumps(record))
    else:
        label = f"{record['place']}: " if "place" in record else ""
        print(
            f"{label}{record['lat']:.5f}, {record['lon']:.5f}: {record['distance_km']:.3f} km "
            f"from the border, side {record['side']}; nearest point "
            f"{record['nearest_lat']:.5f}, {record['nearest_lon']:.5f}; nearest crossing "
            f"{record['nearest_crossing']} ({record['nearest_crossing_km']:.1f} km)"
        )
    return 0


def parse_position(words: list[str]) -> tuple[float, float] | None:
    """``["34.1", "71.0"]`` or ``["34.1,71.0"]`` to (lat, lon); None when it is not numeric.

    Examples
    --------
    >>> parse_position(["34.1,71.0"]), parse_position(["34.1", "71.0"]), parse_position(["Kabul"])
    ((34.1, 71.0), (34.1, 71.0), None)
    """
    text = " ".join(words).replace(",", " ").split()
    if len(text) != 2:
        return None
    try:
        lat, lon = float(text[0]), float(text[1])
    except ValueError:
        return None
    return lat, lon


def _answer_one(args) -> dict:
    from geomap.boundary import border
    from geomap.coords import validate_lonlat

    position = parse_position(args.where)
    record: dict = {}
    uncertainty = args.uncertainty_km
    if position is None:
        from geomap.geocoding.api import geocode_one

        name = " ".join(args.where)
        found = geocode_one(name, country=args.country)
        lat, lon = found.lat, found.lon
        record.update(place=found.name, country=found.country, precision=found.precision)
        if uncertainty is None:
            uncertainty = found.uncertainty_km
    else:
        lat, lon = position
        validate_lonlat([lon], [lat], name_rows=False)
        _warn_if_swapped(lat, lon)
    answer = border().query(lon, lat, uncertainty_km=uncertainty).iloc[0]
    result = {"lat": lat, "lon": lon}
    result.update({f: _plain(answer[f]) for f in FIELDS})
    result.update(_rounded(result))
    if uncertainty is not None:
        result["uncertainty_km"] = uncertainty
    result.update(record)
    return result


def _warn_if_swapped(lat: float, lon: float) -> None:
    # Valid either way round, but swapped it would fall in the border region.
    if 28.0 <= lon <= 38.5 and 60.0 <= lat <= 76.0:
        print(
            f"geomap: warning: {lat}, {lon} is far from the border region; "
            f"did you mean LAT LON = {lon} {lat}?",
            file=sys.stderr,
        )


def _rounded(record) -> dict:
    """Round what is printed: 0.1 mm for distances, ~0.1 m for coordinates."""
    digits = {"distance_km": 7, "nearest_lat": 6, "nearest_lon": 6, "nearest_crossing_km": 7}
    return {k: round(record[k], n) for k, n in digits.items() if record.get(k) is not None}


def _plain(value):
    """Convert numpy scalars to plain JSON numbers and strings."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _run_batch(args) -> int:
    import pandas as pd

    from geomap._atomic import atomic_path, check_not_input
    from geomap.boundary import border
    from geomap.coords import validate_lonlat
    from geomap.errors import InputError
    from geomap.incidents.textio import read_csv_rows, read_text

    table = read_csv_rows(read_text(args.input).text, path=args.input)
    if not table.rows:
        raise InputError("the file has a header but no rows", path=args.input)
    numbers = [n for n, _ in table.rows]
    frame = pd.DataFrame([row for _, row in table.rows], columns=table.header, dtype=object)
    lat_col = _find_column(frame.columns, LAT_NAMES, args.input, "latitude")
    lon_col = _find_column(frame.columns, LON_NAMES, args.input, "longitude")
    lat = _numbers(frame[lat_col], args.input, lat_col, numbers)
    lon = _numbers(frame[lon_col], args.input, lon_col, numbers)
    validate_lonlat(lon, lat, path=args.input, rows=numbers)
    uncertainty = args.uncertainty_km
    if uncertainty is None and "uncertainty_km" in frame.columns:
        uncertainty = _numbers(
            frame["uncertainty_km"], args.input, "uncertainty_km", numbers, blank=True
        )
    answers = border().query(lon, lat, uncertainty_km=uncertainty)
    for field in FIELDS:
        if field in frame.columns:
            raise InputError(f"the input already has a column {field!r}", path=args.input)
        frame[field] = answers[field].to_numpy()
    for field, value in _rounded(frame).items():
        frame[field] = value
    if args.output:
        check_not_input(args.output, [args.input])
        with atomic_path(args.output) as tmp:
            frame.to_csv(tmp, index=False)
    elif args.json:
        print(frame.to_json(orient="records"))
    else:
        frame.to_csv(sys.stdout, index=False)
    return 0


def _find_column(columns, names, path, what) -> str:
    from geomap.errors import InputError

    lowered = {str(c).strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise InputError(
        f"no {what} column (looked for {', '.join(names)}; found {', '.join(map(str, columns))})",
        path=path,
    )


def _numbers(column, path, name, numbers, *, blank: bool = False):
    import numpy as np
    import pandas as pd

    from geomap.errors import CoordinateError

    text = column.fillna("").astype(str).str.strip()
    values = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    bad = np.isnan(values) & ~(blank & (text == "").to_numpy())
    if bad.any():
        i = int(np.argmax(bad))
        shown = text.iloc[i]
        message = "no value" if shown == "" else f"not a number: {shown!r}"
        raise CoordinateError(message, path=path, row=numbers[i], field=name)
    return values
