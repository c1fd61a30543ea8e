"""The incident schema: column names, allowed values and the precision codes.

An incident is one row: what happened (or was held), where, when, and who
reported it. In Python the incidents are a :class:`geopandas.GeoDataFrame` in
EPSG:4326 whose first columns are :data:`COLUMNS`, in that order, followed by
any extra input columns (kept untouched) and ``geometry`` (a Point, or None for
an incident that could not be placed).
"""

from __future__ import annotations

__all__ = [
    "COLUMNS",
    "TEXT_COLUMNS",
    "FLOAT_COLUMNS",
    "INT_COLUMNS",
    "ENRICHED_COLUMNS",
    "EVENT_TYPES",
    "DATE_PRECISIONS",
    "GEO_PRECISIONS",
    "SIDES",
    "REFUSED_COORDINATES",
    "default_uncertainty_km",
]

#: Every schema column, in output order.
COLUMNS = (
    "id",
    "title",
    "event_type",
    "date",
    "date_precision",
    "place",
    "country",
    "admin1",
    "lat",
    "lon",
    "geo_precision",
    "uncertainty_km",
    "distance_to_border_km",
    "side",
    "nearest_crossing",
    "nearest_crossing_km",
    "source_title",
    "source_url",
    "source_published",
    "quote",
    "fatalities",
    "notes",
)

FLOAT_COLUMNS = (
    "lat",
    "lon",
    "uncertainty_km",
    "distance_to_border_km",
    "nearest_crossing_km",
)
INT_COLUMNS = ("geo_precision", "fatalities")
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in FLOAT_COLUMNS + INT_COLUMNS)

#: Columns that :func:`geomap.enrich` computes (read back as given otherwise).
ENRICHED_COLUMNS = ("distance_to_border_km", "side", "nearest_crossing", "nearest_crossing_km")

EVENT_TYPES = (
    "clash",
    "attack",
    "shelling",
    "airstrike",
    "closure",
    "reopening",
    "meeting",
    "statement",
    "protest",
    "other",
)

#: From finest to coarsest; ``unknown`` makes no claim.
DATE_PRECISIONS = ("day", "week", "month", "year", "unknown")

#: UCDP GED ``where_prec`` codes (kept verbatim), with the radius assumed when a
#: row gives a code but no ``uncertainty_km``. The radii are conservative
#: readings of the UCDP codebook's definitions, not measured values.
GEO_PRECISIONS = {
    1: ("exact location", 2.0),
    2: ("within about 25 km of the point", 25.0),
    3: ("district (second-order administrative division)", 50.0),
    4: ("province (first-order administrative division)", 200.0),
    5: ("part of a country larger than a province, or a linear feature", 400.0),
    6: ("country", 1000.0),
    7: ("international waters or airspace", 1000.0),
}

#: Starts the note of a row whose given coordinates were unusable. ``enrich`` does not
#: geocode such a row from its place name (that would silently replace the source's
#: position): it stays unplaced until the coordinates are corrected.
REFUSED_COORDINATES = "coordinates refused: "

#: Values of the ``side`` column (see ``geomap.border().side``).
SIDES = ("AF", "PK", "other", "ambiguous")


def default_uncertainty_km(geo_precision: int) -> float:
    """Return the radius geomap assumes for a ``geo_precision`` code.

    Parameters
    ----------
    geo_precision : int
        A UCDP ``where_prec`` code, 1 to 7.

    Returns
    -------
    float
        Kilometres.

    Examples
    --------
    >>> default_uncertainty_km(2)
    25.0
    >>> default_uncertainty_km(9)
    Traceback (most recent call last):
    ...
    KeyError: 9
    """
    return GEO_PRECISIONS[geo_precision][1]
