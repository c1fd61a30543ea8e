"""``geomap geocode``: place names to coordinates, offline unless asked otherwise.

Kept import-light: the offline path loads the SQLite gazetteer index and nothing
heavier than numpy (no pandas, geopandas or folium).
"""

from __future__ import annotations

import argparse
import json
import sys

from geomap.errors import GeocoderError


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap geocode``."""
    from geomap.geocoding.registry import ONLINE_BACKENDS

    parser = subparsers.add_parser(
        "geocode",
        help="turn place names into coordinates with their precision",
        description="Look each NAME up in geomap's offline gazetteer (GeoNames, Natural Earth "
        "and a curated Afghanistan-Pakistan layer) or, with --online, an online geocoder. "
        "Prints the best match with its UCDP precision code (1 exact, 2 ~25 km, 3 district, "
        "4 province, 6 country) and uncertainty in km. Unknown names are reported on stderr "
        "and make the exit status 1; the other names are still answered.",
    )
    parser.add_argument("names", nargs="+", metavar="NAME", help="place name, e.g. 'Miran Shah'")
    parser.add_argument("--json", action="store_true", help="print JSON (a list, one per NAME)")
    parser.add_argument("--country", metavar="ISO2", help="only places in this country")
    parser.add_argument(
        "--limit", type=int, default=5, metavar="N", help="candidates listed per name (5)"
    )
    parser.add_argument(
        "--online",
        choices=ONLINE_BACKENDS,
        help="ask this online geocoder instead (answers are cached on disk)",
    )
    parser.add_argument(
        "--user-agent", metavar="UA", help="user agent naming your application (online only)"
    )
    parser.add_argument(
        "--nominatim-url", metavar="URL", help="Nominatim server, e.g. a self-hosted one"
    )
    return parser


def _record(query: str, found) -> dict:
    best = found[0].to_dict() if found else {}
    record = {"query": query}
    for field in ("name", "lat", "lon", "country", "kind", "precision", "uncertainty_km"):
        record[field] = best.get(field)
    record["source"] = best.get("source")
    record["score"] = best.get("score")
    record["candidates"] = [c.to_dict() for c in found]
    return record


def _line(record: dict) -> str:
    return (
        f"{record['query']}\t{record['name']}, {record['country']} ({record['kind']})\t"
        f"{record['lat']:.5f}, {record['lon']:.5f}\t±{record['uncertainty_km']:g} km\t"
        f"precision {record['precision']}\tscore {record['score']:g}\t{record['source']}"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``geomap geocode``."""
    from geomap.errors import InputError
    from geomap.geocoding.api import geocode
    from geomap.options import options

    if args.limit < 1:
        raise InputError(f"--limit must be a positive integer, got {args.limit}")
    if args.user_agent is not None:
        options.user_agent = args.user_agent
    if args.nominatim_url is not None:
        options.nominatim_url = args.nominatim_url
    status, records, failure = 0, [], None
    for query in args.names:
        try:
            found = (
                []
                if failure
                else geocode(query, country=args.country, limit=args.limit, online=args.online)
            )
        except GeocoderError as error:
            failure = error
        if failure is not None:
            # Earlier answers are already printed/cached; stop sending requests.
            print(f"geomap: error: {query!r}: {failure}", file=sys.stderr)
            status = max(status, failure.exit_status)
            records.append(_record(query, []))
            continue
        if not found:
            print(f"no match for {query!r}", file=sys.stderr)
            status = max(status, 1)
        records.append(_record(query, found))
        if not args.json and found:
            print(_line(records[-1]), flush=True)
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return status
