"""``geomap assets``: fetch (once) and check the pinned browser files offline maps inline."""

from __future__ import annotations

import argparse
import json
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap assets``."""
    parser = subparsers.add_parser(
        "assets",
        help="download and verify the Leaflet files that `geomap map --offline` inlines",
        description="geomap ships no third-party JavaScript or CSS. `geomap assets fetch` "
        "downloads the pinned Leaflet, supercluster and Leaflet.heat files from the "
        "npm registry (or takes tarballs made with `npm pack` from --from DIR), checks each "
        "against its pinned SHA-256 and keeps it in the user cache. `geomap assets status` "
        "lists them.",
    )
    parser.add_argument("action", choices=("fetch", "status"), help="what to do")
    parser.add_argument(
        "--from",
        dest="source",
        metavar="DIR",
        help="directory with the package tarballs (leaflet-1.9.3.tgz, ...) instead of the network",
    )
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="cache directory (default: geomap's cache_dir option)"
    )
    parser.add_argument("--json", action="store_true", help="print the asset list as JSON")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``geomap assets``."""
    from geomap.options import DEFAULT
    from geomap.render import assets

    cache_dir = args.cache_dir if args.cache_dir else DEFAULT
    if args.action == "fetch":
        assets.fetch_assets(source=args.source, cache_dir=cache_dir)
    rows = assets.status(cache_dir=cache_dir)
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for row in rows:
            state = "ok" if row["present"] else "MISSING"
            print(f"{state:8} {row['name']:28} {row['package']:30} {row['path']}")
    missing = [r["name"] for r in rows if not r["present"]]
    if missing and args.action == "status":
        print(
            f"geomap: {len(missing)} asset(s) missing; run `geomap assets fetch`", file=sys.stderr
        )
        return 1
    return 0
