"""``--engine dask`` for ``geomap distance``, ``geomap enrich`` and ``geomap extract``.

The commands keep their in-memory code; when ``--engine dask`` is given they hand
their parsed arguments to the functions here, which start (or connect to) the
cluster, run the job in :mod:`geomap.engines.dask_engine` and print a summary.
"""

from __future__ import annotations

import argparse
import json
import sys

from geomap.errors import ConfigError, InputError

__all__ = ["run_distance", "run_enrich", "run_extract"]


def _client(args: argparse.Namespace):
    from geomap.engines.cluster import dask_client

    return dask_client(args.scheduler)


def _print(summary: dict, args: argparse.Namespace, text: str) -> None:
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text)


def run_distance(args: argparse.Namespace) -> int:
    """Run ``geomap distance --input SRC --output DIR --engine dask``."""
    from geomap.engines.dask_engine import distance_dataset

    if args.where or not args.input:
        raise InputError("--engine dask answers a file: give --input (and --output), no position")
    if not args.output:
        raise InputError("--engine dask writes partitioned GeoParquet: give --output DIRECTORY")
    with _client(args) as client:
        summary = distance_dataset(
            args.input, args.output, client=client, uncertainty_km=args.uncertainty_km
        )
    _print(
        summary,
        args,
        f"wrote {summary['rows']} points in {summary['parts']} parts to {summary['output']}",
    )
    return 0


def run_enrich(args: argparse.Namespace) -> int:
    """Run ``geomap enrich INPUT -o DIR --engine dask``."""
    from geomap.engines.dask_engine import enrich_dataset
    from geomap.incidents.cli_options import warn

    if args.format not in (None, "parquet"):
        raise ConfigError("--engine dask writes partitioned GeoParquet (--format parquet)")
    with _client(args) as client:
        summary = enrich_dataset(
            [args.input],
            args.output,
            client=client,
            input_format=args.input_format,
            encoding=args.encoding,
            strict=args.strict,
            report=warn,
        )
    _print(
        summary,
        args,
        f"wrote {summary['rows']} incidents ({summary['placed']} placed) in "
        f"{summary['parts']} parts to {summary['output']}",
    )
    return 0


def run_extract(args: argparse.Namespace) -> int:
    """Run ``geomap extract ARTICLE... -o DIR --engine dask``."""
    from geomap.engines.dask_engine import extract_dataset

    if not args.output:
        raise InputError("--engine dask writes partitioned GeoParquet: give -o DIRECTORY")
    with _client(args) as client:
        summary = extract_dataset(
            args.articles,
            args.output,
            client=client,
            published=args.published,
            source_url=args.source_url,
            title=args.title,
            enrich=not args.no_enrich,
        )
    print(
        f"wrote {summary['incidents']} incidents from {summary['articles']} articles in "
        f"{summary['parts']} parts to {summary['output']}",
        file=sys.stderr,
    )
    return 0
