"""The embedded default dataset: the incidents of the news report geomap started from."""

from __future__ import annotations

__all__ = ["seed_incidents", "SEED_FILE"]

SEED_FILE = "incidents.yaml"


def seed_incidents():
    """Return geomap's default incidents (``seeds/incidents.yaml``), not yet enriched.

    Returns
    -------
    geopandas.GeoDataFrame

    Examples
    --------
    >>> df = seed_incidents()
    >>> df.set_index("id").loc["kabul-talks", ["date", "date_precision"]].tolist()
    [None, 'unknown']

    .. versionadded:: 0.1.0
    """
    from geomap._data import data_file
    from geomap.incidents.reader import read_incidents

    return read_incidents(data_file("seeds", SEED_FILE), strict=True)
