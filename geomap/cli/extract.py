"""``geomap extract``: news articles to cited incidents and place mentions."""

from __future__ import annotations

import argparse
import json
import math
import sys


def add_parser(subparsers) -> argparse.ArgumentParser:
    """Register ``geomap extract``."""
    parser = subparsers.add_parser(
        "extract",
        help="find where things happened in news articles (.txt, .md, .html)",
        description="Read English news articles and report the incidents they describe: the "
        "place (resolved offline through geomap's gazetteer), what happened, when (relative "
        "dates such as 'on Thursday' need the published date), and the sentence as the "
        "citation. A leading header block of 'title:', 'url:' and 'published:' lines is "
        "honoured; the options below override it. Places named only as governments "
        "('Islamabad says') or as background are listed as mentions, not incidents.",
    )
    parser.add_argument("articles", nargs="+", metavar="ARTICLE", help=".txt, .md or .html file")
    parser.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    parser.add_argument("--source-url", metavar="URL", help="the article's URL")
    parser.add_argument("--title", metavar="T", help="the article's title")
    out = parser.add_mutually_exclusive_group()
    out.add_argument(
        "--json",
        action="store_true",
        help='print one JSON object {"incidents": [...], "mentions": [...]}',
    )
    out.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the incidents to OUT (.geojson, .gpkg, .csv, .kml, .parquet)",
    )
    parser.add_argument(
        "--no-enrich",
        action="store_true",
        help="leave distance to the border, side and nearest crossing empty",
    )
    from geomap.engines import add_engine_options

    add_engine_options(parser)
    return parser


def run(args) -> int:
    """Run ``geomap extract``."""
    from geomap.engines import uses_dask

    if uses_dask(args):
        from geomap.engines.cli import run_extract

        return run_extract(args)
    from pathlib import Path

    from geomap.extract.pipeline import extract_article, incidents_frame

    incidents: list[dict] = []
    mentions: list[dict] = []
    for path in args.articles:
        result = extract_article(
            Path(path), published=args.published, source_url=args.source_url, title=args.title
        )
        incidents += [{**r, "article": path} for r in result.incidents]
        mentions += [{**m, "article": path} for m in result.mentions]
    frame = incidents_frame(incidents)
    if not args.no_enrich and len(frame):
        from geomap import enrich

        frame = enrich(frame)
    if args.output:
        from geomap import write_incidents

        write_incidents(frame, args.output, inputs=args.articles)
        print(f"wrote {len(frame)} incidents to {args.output}", file=sys.stderr)
        return 0
    records = _records(frame)
    if args.json:
        json.dump({"incidents": records, "mentions": mentions}, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    for r in records:
        date = r["date"] or "date open"
        where = f"{r['place']} ({r['country']})"
        border = ""
        if r.get("distance_to_border_km") is not None:
            border = f", {r['distance_to_border_km']:.1f} km from the border, side {r['side']}"
        print(f"{r['article']}: {r['event_type']} at {where}, {date}{border}")
        print(f"    \u201c{r['quote']}\u201d")
    if not records:
        print("no incidents found", file=sys.stderr)
    return 0


def _records(frame) -> list[dict]:
    """Rows as plain JSON values: NaN and missing become null, numbers stay numbers."""
    columns = [c for c in frame.columns if c != "geometry"]
    out = []
    for row in frame[columns].itertuples(index=False, name=None):
        record = {}
        for column, value in zip(columns, row, strict=True):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            if value is not None and value.__class__.__name__ == "NAType":
                value = None
            record[column] = value
        out.append(record)
    return out
