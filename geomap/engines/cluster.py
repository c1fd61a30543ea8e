"""Connect to a ``dask.distributed`` cluster, or start a local one sized to the machine."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator

from geomap.errors import ConfigError

__all__ = ["dask_client", "require_dask", "INSTALL_HINT"]

INSTALL_HINT = "pip install 'geomap[dask]' (dask[dataframe], dask-geopandas, distributed, pyarrow)"


def require_dask() -> None:
    """Raise :class:`~geomap.errors.ConfigError` unless the Dask engine's packages import.

    Examples
    --------
    >>> require_dask()  # the dask extra is installed: nothing to say
    """
    missing = []
    for name in ("dask", "dask.dataframe", "distributed", "dask_geopandas", "pyarrow"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise ConfigError(f"the dask engine needs {', '.join(missing)}: {INSTALL_HINT}")


@contextlib.contextmanager
def dask_client(
    scheduler: str | None = None,
    *,
    n_workers: int | None = None,
    memory_limit: str | int | None = "auto",
    timeout_s: float = 30.0,
) -> Iterator:
    """Yield a ``distributed.Client``: to ``scheduler`` if given, else to a new local cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``). The workers there
        must have geomap installed (the same version), since they run its code.
    n_workers : int, optional
        Local cluster only: worker processes; default one per core. Each worker
        has one thread, because the work is CPU-bound Python and NumPy.
    memory_limit : str or int, optional
        Local cluster only: per worker (``"1GiB"``); ``"auto"`` shares the
        machine's memory among the workers.
    timeout_s : float
        How long to wait for ``scheduler`` to answer.

    Raises
    ------
    ConfigError
        Dask is not installed, or the scheduler cannot be reached.

    Examples
    --------
    >>> with dask_client(n_workers=1, memory_limit="1GiB") as client:
    ...     client.submit(sum, [1, 2]).result()
    3
    """
    require_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=f"{timeout_s}s")
        except (OSError, TimeoutError) as error:
            raise ConfigError(f"cannot reach the dask scheduler at {scheduler}: {error}") from None
        try:
            yield client
        finally:
            client.close()
        return
    workers = n_workers or os.cpu_count() or 1
    # The scheduler's HTTP server on any free port: the fixed default (8787) collides
    # with other local clusters and warns.
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
