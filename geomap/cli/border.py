"""``geomap border``: the shipped border line, its measured length and its source."""

from __future__ import annotations

import argparse
import json


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap border``."""
    parser = subparsers.add_parser(
        "border",
        help="summarise the border line (length, ends, source); export it as GeoJSON",
        description="Print the geodesic length (WGS84) of geomap's Afghanistan-Pakistan "
        "border line, its ends and its source. The Durand Line is disputed; this is one "
        "OpenStreetMap-derived rendering of it.",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--geojson", metavar="OUT", help="write the line and the crossings as GeoJSON"
    )
    return parser


def summary(b) -> dict:
    """Return the JSON record of ``geomap border --json``."""
    return {
        "length_km": round(b.length_km, 3),
        "start": list(b.start),
        "end": list(b.end),
        "vertices": len(b.line.coords),
        "crossings": len(b.crossings),
        "source": b.source,
        "disputed": b.disputed,
    }


def border_feature_collection(b) -> dict:
    """Return the line and the crossings as one RFC 7946 FeatureCollection."""
    import shapely

    line = {
        "type": "Feature",
        "properties": {
            "name": "Afghanistan-Pakistan border (Durand Line)",
            "kind": "border",
            "length_km": round(b.length_km, 3),
            "source": b.source,
            "disputed": b.disputed,
        },
        "geometry": shapely.geometry.mapping(b.line),
    }
    crossings = []
    for row in b.crossings.drop(columns="geometry").to_dict("records"):
        lon, lat = row.pop("lon"), row.pop("lat")
        crossings.append(
            {
                "type": "Feature",
                "properties": {"kind": "crossing", **row},
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
            }
        )
    return {"type": "FeatureCollection", "features": [line, *crossings]}


def run(args: argparse.Namespace) -> int:
    """Run ``geomap border``."""
    from geomap._atomic import atomic_path
    from geomap.boundary import border

    b = border()
    record = summary(b)
    if args.geojson:
        with atomic_path(args.geojson) as tmp:
            tmp.write_text(json.dumps(border_feature_collection(b)), encoding="utf-8")
    if args.json:
        print(json.dumps(record))
    else:
        print(f"Afghanistan-Pakistan border: {record['length_km']:.1f} km (geodesic, WGS84)")
        print(f"  from {record['start'][1]:.4f}N {record['start'][0]:.4f}E (AF-IR-PK tripoint)")
        print(f"  to   {record['end'][1]:.4f}N {record['end'][0]:.4f}E (AF-CN-PK tripoint)")
        print(f"  {record['vertices']} vertices, {record['crossings']} crossings")
        print(f"  source: {record['source']}")
        print(f"  note: {record['disputed']}")
        if args.geojson:
            print(f"  written: {args.geojson}")
    return 0
