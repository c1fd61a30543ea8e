"""Engines that run geomap's batch work: in memory (the default) or on a Dask cluster.

The in-memory engine is the library itself (``Border.query``, ``enrich``,
``extract_article``). The Dask engine runs that same code once per partition on a
``dask.distributed`` cluster (an existing one, or a local cluster sized to the
machine) and writes partitioned GeoParquet. Nothing here imports Dask until the
Dask engine is chosen.
"""

from __future__ import annotations

import argparse

__all__ = ["ENGINES", "add_engine_options", "uses_dask"]

#: Engine names accepted by ``--engine``.
ENGINES = ("memory", "dask")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--engine {memory,dask}`` and ``--scheduler ADDRESS`` to a command.

    Examples
    --------
    >>> p = argparse.ArgumentParser()
    >>> add_engine_options(p)
    >>> p.parse_args([]).engine, p.parse_args(["--engine", "dask"]).scheduler
    ('memory', None)
    """
    group = parser.add_argument_group("engine")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="memory",
        help="memory (default): in this process; dask: partition by partition on a Dask "
        "cluster, reading and writing partitioned GeoParquet (pip install 'geomap[dask]')",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the dask.distributed scheduler to use (e.g. "
        "tcp://10.0.0.5:8786); by default a local cluster with one worker per core",
    )


def uses_dask(args: argparse.Namespace) -> bool:
    """Tell whether the parsed arguments ask for the Dask engine.

    Raises
    ------
    ConfigError
        ``--scheduler`` given without ``--engine dask``.

    Examples
    --------
    >>> uses_dask(argparse.Namespace(engine="dask", scheduler=None))
    True
    >>> uses_dask(argparse.Namespace())  # a command parsed without the engine options
    False
    """
    from geomap.errors import ConfigError

    engine = getattr(args, "engine", "memory")
    if getattr(args, "scheduler", None) and engine != "dask":
        raise ConfigError("--scheduler goes with --engine dask")
    return engine == "dask"
