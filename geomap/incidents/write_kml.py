"""Write KML 2.2 for Google Earth: a Placemark per row, named, with a cited description.

Every text is escaped twice where it needs to be: the description is HTML
(Google Earth renders it), so values are HTML-escaped first and the result is
XML-escaped, so no input text can become markup. All columns also go into
``ExtendedData`` so GDAL and QGIS read them back as fields.
"""

from __future__ import annotations

import html
import os
import re
from xml.sax.saxutils import escape, quoteattr

from geomap.incidents.values import COORD_DECIMALS, records, round_geometry

__all__ = ["write_kml"]

_KML_TIME = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_DISPUTED = (
    "The Durand Line (Afghanistan-Pakistan border) is a disputed boundary; geomap shows one "
    "OpenStreetMap-derived rendering of it."
)


def write_kml(
    frame, path: str | os.PathLike, *, name: str = "geomap", decimals: int = COORD_DECIMALS
) -> None:
    """Write ``frame`` as a KML document to ``path``.

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib, shapely
    >>> f = gpd.GeoDataFrame({"title": ["<b>Talks</b>"], "source_title": ["A & B"]},
    ...                      geometry=[shapely.Point(69.2, 34.5)], crs=4326)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.kml"
    >>> write_kml(f, p)
    >>> "<name>&lt;b&gt;Talks&lt;/b&gt;</name>" in p.read_text()
    True
    """
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<kml xmlns="http://www.opengis.net/kml/2.2">',
        "<Document>",
        f"<name>{escape(name)}</name>",
        f"<description>{escape(html.escape(_DISPUTED))}</description>",
    ]
    for row, geometry in zip(records(frame), frame.geometry, strict=True):
        parts.append(_placemark(row, geometry, decimals))
    parts += ["</Document>", "</kml>", ""]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(parts))


def _placemark(row: dict, geometry, decimals: int) -> str:
    title = row.get("title") or row.get("name") or row.get("place") or row.get("id") or "(untitled)"
    parts = ["<Placemark>", f"<name>{escape(str(title))}</name>"]
    parts.append(f"<description>{escape(_description(row))}</description>")
    parts.append(_time(row.get("date")))
    data = "".join(
        f"<Data name={quoteattr(str(key))}><value>{escape(_text(value))}</value></Data>"
        for key, value in row.items()
    )
    parts.append(f"<ExtendedData>{data}</ExtendedData>")
    if geometry is not None and not geometry.is_empty:
        parts.append(_geometry(round_geometry(geometry, decimals)))
    parts.append("</Placemark>")
    return "".join(parts)


def _description(row: dict) -> str:
    """Return the HTML description: values escaped, lines joined with <br>."""
    if "source_title" not in row:
        lines = [f"{key}: {_text(value)}" for key, value in row.items() if value is not None]
        return "<br>".join(html.escape(line) for line in lines)
    esc = html.escape
    lines = []
    when = f"{row['date']} ({row.get('date_precision')})" if row.get("date") else "date not known"
    lines.append(esc(f"{row.get('event_type') or 'event'}, {when}"))
    where = ", ".join(str(row[k]) for k in ("place", "admin1", "country") if row.get(k))
    if where:
        lines.append(esc(f"Place: {where}"))
    if row.get("uncertainty_km") is not None:
        lines.append(esc(f"Location uncertain by about {row['uncertainty_km']:g} km"))
    if row.get("distance_to_border_km") is not None:
        lines.append(
            esc(
                f"{row['distance_to_border_km']:.1f} km from the Durand Line (disputed), "
                f"side: {row.get('side')}"
            )
        )
    if row.get("nearest_crossing"):
        km = row.get("nearest_crossing_km")
        lines.append(
            esc(f"Nearest crossing: {row['nearest_crossing']}")
            + (esc(f" ({km:.1f} km)") if km is not None else "")
        )
    if row.get("quote"):
        lines.append(esc(f"Quote: {row['quote']}"))
    citation = ", ".join(str(row[k]) for k in ("source_title", "source_published") if row.get(k))
    lines.append(esc(f"Source: {citation or 'not given'}"))
    url = row.get("source_url")
    if url:
        if re.match(r"https?://", str(url)):
            lines.append(f'<a href="{esc(str(url), quote=True)}">{esc(str(url))}</a>')
        else:
            lines.append(esc(str(url)))
    if row.get("notes"):
        lines.append(esc(f"Notes: {row['notes']}"))
    return "<br>".join(lines)


def _time(date) -> str:
    if not date:
        return ""
    date = str(date)
    if _KML_TIME.fullmatch(date):
        return f"<TimeStamp><when>{date}</when></TimeStamp>"
    if "/" in date:
        begin, end = date.split("/", 1)
        return f"<TimeSpan><begin>{escape(begin)}</begin><end>{escape(end)}</end></TimeSpan>"
    return ""


def _geometry(geometry) -> str:
    kind = geometry.geom_type
    if kind == "Point":
        return f"<Point><coordinates>{_coords(geometry.coords)}</coordinates></Point>"
    if kind == "LineString":
        return (
            "<LineString><tessellate>1</tessellate>"
            f"<coordinates>{_coords(geometry.coords)}</coordinates></LineString>"
        )
    if kind == "Polygon":
        rings = [
            f"<outerBoundaryIs><LinearRing><coordinates>{_coords(geometry.exterior.coords)}"
            "</coordinates></LinearRing></outerBoundaryIs>"
        ] + [
            f"<innerBoundaryIs><LinearRing><coordinates>{_coords(ring.coords)}"
            "</coordinates></LinearRing></innerBoundaryIs>"
            for ring in geometry.interiors
        ]
        return f"<Polygon>{''.join(rings)}</Polygon>"
    if kind.startswith("Multi") or kind == "GeometryCollection":
        inner = "".join(_geometry(part) for part in geometry.geoms)
        return f"<MultiGeometry>{inner}</MultiGeometry>"
    raise ValueError(f"cannot write {kind} to KML")


def _coords(coords) -> str:
    return " ".join(f"{float(x)!r},{float(y)!r}" for x, y, *_ in coords)


def _text(value) -> str:
    return "" if value is None else str(value)
