"""The gazetteer index layout, shared by the build script and the reader.

The index is one SQLite file (``basemaps/data/gazetteer.sqlite``): opening it costs
milliseconds, and a lookup reads a few pages, so a one-name CLI call never parses
the whole gazetteer.
"""

from __future__ import annotations

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "KINDS",
    "KIND_CODES",
    "REGION",
    "geonames_uncertainty_km",
]

SCHEMA_VERSION = 1

# Kinds in their default ranking order: a settlement of the name first, then the
# crossing, then the wider units it could also mean.
KINDS = ("city", "town", "crossing", "district", "region", "province", "country")
KIND_CODES = {kind: code for code, kind in enumerate(KINDS)}

# Afghanistan, Pakistan and their neighbours: preferred when a name is ambiguous.
REGION = frozenset({"AF", "PK", "IR", "IN", "CN", "TJ", "TM", "UZ"})

SCHEMA = """
CREATE TABLE place (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country TEXT,            -- ISO2; 'AF,PK' for crossings and the border itself
    kind INTEGER NOT NULL,   -- index into KINDS
    precision INTEGER NOT NULL,  -- UCDP GED where_prec
    uncertainty_km REAL NOT NULL,
    population INTEGER NOT NULL,
    geonameid INTEGER,
    source TEXT,             -- NULL for plain GeoNames rows (see geonameid)
    note TEXT,
    alt_names TEXT,          -- '|'-separated
    curated INTEGER NOT NULL
);
CREATE TABLE name_key (
    key TEXT NOT NULL, place INTEGER NOT NULL, tier INTEGER NOT NULL,
    PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE skeleton_key (
    key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place)
) WITHOUT ROWID;
CREATE TABLE fuzzy_key (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


def geonames_uncertainty_km(population: int) -> float:
    """Return the radius, in km, assumed for a GeoNames populated place of this size.

    GeoNames gives one point per place; a city's extent grows with its population,
    so a point is "exact" (UCDP precision 1) only up to roughly this radius.

    Examples
    --------
    >>> geonames_uncertainty_km(2223), geonames_uncertainty_km(4_758_762)
    (2.0, 20.0)
    """
    if population < 10_000:
        return 2.0
    if population < 100_000:
        return 5.0
    if population < 1_000_000:
        return 10.0
    return 20.0
