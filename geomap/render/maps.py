"""Build the incident map: one folium.Map carrying the data once, drawn by our page script.

folium is imported lazily, here only, so that commands which never draw a map
stay fast. Instead of one folium object per incident (megabytes of generated
JavaScript), the page carries a single escaped JSON blob and
``static/geomap.js`` builds the clustered markers, popups, filters and controls
from it in the browser.
"""

from __future__ import annotations

import hashlib
import html
import os
import weakref
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from shapely.geometry import mapping

from geomap._atomic import atomic_path
from geomap.errors import BorderDataError, ConfigError, ExportError
from geomap.options import DEFAULT
from geomap.render import assets as _assets
from geomap.render import styles
from geomap.render.payload import encode_incidents, incident_columns, script_json

__all__ = ["build_map", "save_map", "render_html"]

_STATIC = Path(__file__).resolve().parent / "static"
# Display-only simplification: degrees per km along a meridian (never used to measure).
_DEG_PER_KM = 1 / 111.32
# Display-only simplification of the basemap outlines (the border itself is drawn apart,
# at ``simplify_km``): finer than a pixel up to zoom 9 or so.
_BASEMAP_KM = 1.5
# Incidents farther than this from the line do not pull the initial view away from it.
_FAR_KM = 1000.0
_DEFAULT_TITLE = "Incidents along the Afghanistan\u2013Pakistan border (Durand Line)"


@cache
def _static(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def _type_css() -> str:
    rules = [
        f".geomap-t{k}{{background:{s.color}}}" for k, s in enumerate(styles.EVENT_STYLES.values())
    ]
    return "\n".join(rules) + "\n"


def _simplified(geometry, tolerance_km: float):
    if tolerance_km <= 0:
        return geometry
    return geometry.simplify(tolerance_km * _DEG_PER_KM, preserve_topology=True)


def _outline(geometry, tolerance_km: float):
    """Simplify a basemap polygon for display, dropping islands and holes too small to see."""
    from shapely.geometry import MultiPolygon, Polygon

    tolerance = tolerance_km * _DEG_PER_KM

    def big(ring) -> bool:
        minx, miny, maxx, maxy = ring.bounds
        return max(maxx - minx, maxy - miny) > 5 * tolerance

    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return _simplified(geometry, tolerance_km)
    parts = [
        Polygon(p.exterior, [h for h in p.interiors if big(h)])
        for p in getattr(geometry, "geoms", [geometry])
        if big(p.exterior)
    ]
    # Display only: an outline need not stay a valid polygon, so skip topology repair.
    simple = MultiPolygon(parts).simplify(tolerance, preserve_topology=False)
    return simple if not simple.is_empty else geometry


def _features(frame, tolerance_km: float, keep: tuple[str, ...]) -> dict:
    features = []
    for row in frame.itertuples(index=False):
        geometry = getattr(row, "geometry", None)
        if geometry is None or geometry.is_empty:
            continue
        props = {k: _plain(getattr(row, k, None)) for k in keep}
        geom = mapping(_outline(geometry, tolerance_km))
        # Basemap outlines: 1e-4 degree (about 10 m) is far below their simplification.
        features.append({"type": "Feature", "properties": props, "geometry": _rounded(geom, 4)})
    return {"type": "FeatureCollection", "features": features}


def _plain(value):
    if value is None or (isinstance(value, float) and not np.isfinite(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value if isinstance(value, str | int | float | bool) else str(value)


def _rounded(geometry: dict, decimals: int = 5) -> dict:
    """Round GeoJSON coordinates (1e-5 degree is about 1 m) to keep the page small."""

    def walk(c):
        if isinstance(c, list | tuple) and c and isinstance(c[0], int | float):
            return [round(float(v), decimals) for v in c]
        return [walk(x) for x in c]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def _provinces(tolerance_km: float):
    """Natural Earth admin-1 polygons when basemaps/ ships them, else None."""
    from geomap._data import data_dir

    try:
        candidates = sorted(data_dir("basemaps").glob("admin1*.geojson"))
    except BorderDataError:  # no basemaps directory: no provinces layer
        return None
    if not candidates:
        return None
    import geopandas

    frame = geopandas.read_file(candidates[0])
    keep = tuple(c for c in ("name", "iso2", "iso_a2", "note") if c in frame.columns)
    return _features(frame, tolerance_km, keep)


@cache
def _world() -> dict | None:
    """Return the shipped world country outlines (simplified for display), or None.

    Afghanistan and Pakistan stay in: drawn under the border's own polygons, they fill
    the slivers where the coarser Natural Earth neighbours stop short of them.
    """
    import json

    from geomap._data import data_dir

    try:
        path = data_dir("basemaps") / "world_countries.geojson"
    except BorderDataError:  # no basemaps directory: no world layer
        return None
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _with_border_columns(frame, lon, lat, border):
    """Fill distance/side/nearest-crossing columns the input lacks, from the border API."""
    wanted = ("distance_to_border_km", "side", "nearest_crossing", "nearest_crossing_km")
    if all(c in frame.columns for c in wanted):
        return frame
    placed = np.isfinite(lon) & np.isfinite(lat)
    frame = frame.copy()
    unc = None
    if "uncertainty_km" in frame.columns:
        unc = pd.to_numeric(frame["uncertainty_km"], errors="coerce").to_numpy()[placed]
        unc = np.where(np.isfinite(unc), unc, 0.0)
    query = border.query(lon[placed], lat[placed], uncertainty_km=unc)
    for column in wanted:
        if column in frame.columns:
            continue
        values = np.full(len(frame), None, dtype=object)
        source = "distance_km" if column == "distance_to_border_km" else column
        values[placed] = np.asarray(query[source].to_numpy(), dtype=object)
        frame[column] = values
    return frame


def _bounds(minx, miny, maxx, maxy) -> list[list[float]]:
    # The one place the page's [lat, lon] order appears: Leaflet's LatLngBounds.
    return [
        [round(float(miny), 5), round(float(minx), 5)],
        [round(float(maxy), 5), round(float(maxx), 5)],
    ]


def _crossings(border) -> list[dict]:
    frame = border.crossings
    out = []
    for row in frame.itertuples(index=False):
        geometry = row.geometry
        if geometry is None or geometry.is_empty:
            continue
        out.append(
            {
                "name": _plain(getattr(row, "name", None)) or "(unnamed crossing)",
                "status": _plain(getattr(row, "status", None)),
                "note": _plain(getattr(row, "note", None)),
                "uncertainty_km": _plain(getattr(row, "uncertainty_km", None)),
                "lon": round(float(geometry.x), 5),
                "lat": round(float(geometry.y), 5),
            }
        )
    return out


def _widths(buffers_km) -> tuple[float, ...]:
    """Validate band widths: positive finite km, widest first, no repeats."""
    if buffers_km is None:
        return ()
    if isinstance(buffers_km, str | int | float):
        buffers_km = (buffers_km,)
    values = []
    for km in buffers_km:
        try:
            value = float(km)
        except (TypeError, ValueError):
            raise ConfigError(f"buffers_km must be positive numbers of km, got {km!r}") from None
        if not np.isfinite(value) or value <= 0:
            raise ConfigError(f"buffers_km must be positive numbers of km, got {km!r}")
        values.append(value)
    return tuple(sorted(set(values), reverse=True))  # widest first: narrower bands on top


def _buffers(border, widths: tuple[float, ...], tolerance_km: float) -> list[dict]:
    out = []
    for km in widths:
        polygon = border.buffer(km)
        # A band's outline need not be finer than a fiftieth of its width.
        geometry = _simplified(polygon, min(tolerance_km * 10, km / 50))
        label = int(km) if km == int(km) else km
        out.append({"km": label, "geometry": _rounded(mapping(geometry))})
    return out


# The border's layers depend only on the border and the options: build them once per
# process (a geodesic buffer of the full line takes about a second).
_STATIC_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _static_layers(border, buffers_km, simplify_km: float) -> dict:
    key = (buffers_km, simplify_km)
    try:
        per_border = _STATIC_CACHE.setdefault(border, {})
    except TypeError:  # a border object that cannot be weakly referenced: no caching
        per_border = {}
    if key not in per_border:
        length_km = float(border.length_km)
        per_border[key] = {
            "border": {
                "name": "Durand Line (Afghanistan\u2013Pakistan border)",
                "length_text": f"Durand Line: {length_km:,.0f} km, measured geodesically (WGS84) "
                "along geomap's line",
                "source": f"Line: {border.source}",
                "geometry": _rounded(mapping(_simplified(border.line, simplify_km))),
            },
            "buffers": _buffers(border, buffers_km, simplify_km),
            "crossings": _crossings(border),
            "basemap": {
                # Drawn first, under the rest: context for far incidents and the neighbours.
                "world": _world(),
                "countries": _features(border.countries, _BASEMAP_KM, ("iso2", "name")),
                "provinces": _provinces(_BASEMAP_KM),
            },
        }
    return per_border[key]


def build_payload(
    incidents,
    *,
    border,
    offline: bool,
    heatmap: bool,
    buffers_km,
    title,
    simplify_km: float = 0.05,
) -> dict:
    """Return the page's JSON-ready data: border, bands, crossings, basemap and incidents."""
    lon, lat = incident_columns(incidents)
    frame = _with_border_columns(incidents, lon, lat, border)
    encoded = encode_incidents(frame, lon, lat)
    placed = np.isfinite(lon) & np.isfinite(lat)
    line = border.line
    minx, miny, maxx, maxy = line.bounds
    fit = [minx, miny, maxx, maxy]
    every = list(fit)
    far = 0
    if placed.any():
        plon, plat = lon[placed], lat[placed]
        every = [
            min(minx, plon.min()),
            min(miny, plat.min()),
            max(maxx, plon.max()),
            max(maxy, plat.max()),
        ]
        dist = pd.to_numeric(frame["distance_to_border_km"], errors="coerce").to_numpy()[placed]
        near = ~(dist > _FAR_KM)  # unknown distance counts as near
        far = int((~near).sum())
        if near.any():
            fit = [
                min(minx, plon[near].min()),
                min(miny, plat[near].min()),
                max(maxx, plon[near].max()),
                max(maxy, plat[near].max()),
            ]
    static = _static_layers(border, _widths(buffers_km), simplify_km)
    return {
        "title": title if title is not None else _DEFAULT_TITLE,
        **static,
        "disputed_note": styles.DISPUTED_NOTE,
        "incidents": encoded,
        "types": [s.to_json() for s in styles.EVENT_STYLES.values()],
        "groups": styles.GROUPS,
        "styles": {
            "border": styles.BORDER_STYLE,
            "buffer": styles.BUFFER_STYLE,
            "crossing": styles.CROSSING_STYLE,
            "world": styles.BASEMAP_STYLE["world"],
            "countries": styles.BASEMAP_STYLE["countries"],
            "provinces": styles.BASEMAP_STYLE["provinces"],
            "uncertainty": styles.UNCERTAINTY_STYLE,
        },
        "attributions": list(styles.ATTRIBUTIONS),
        "tiles": None
        if offline
        else {"url": styles.TILE_URL, "attribution": styles.TILE_ATTRIBUTION},
        "heatmap": bool(heatmap),
        "uncertainty_min_km": 1.0,
        "uncertainty_max_default": 5000,
        "unplaced": int((~placed).sum()),
        "far": far,
        "view": {"fit": _bounds(*fit), "all": _bounds(*every)},
    }


def _inline_script(code: str) -> str:
    # "</script" would end the element early; inside JS strings "<\/" means the same.
    return "<script>\n" + code.replace("</script", "<\\/script") + "\n</script>"


def _inline_style(css: str) -> str:
    return "<style>\n" + css.replace("</style", "<\\/style") + "\n</style>"


def _head_html(*, offline: bool, heatmap: bool, cache_dir) -> str:
    names = _assets.bundle(heatmap=heatmap)
    parts = []
    if offline:
        licences = sorted({_assets.ASSETS[n].licence_asset for n in names} & set(_assets.ASSETS))
        missing = _assets.missing_assets(
            [*names, *licences, "layers.png", "layers-2x.png", "marker-icon.png"],
            cache_dir=cache_dir,
        )
        if missing:
            raise _assets.AssetsMissing(_assets._missing_message(missing, cache_dir))
        for name in names:
            if name.endswith(".css"):
                parts.append(_inline_style(_assets.inline_css(name, cache_dir=cache_dir)))
            else:
                code = _assets.read_asset(name, cache_dir=cache_dir).decode("utf-8")
                notice = _assets.licence_notice(name, cache_dir=cache_dir)
                parts.append(_inline_script(notice + code))
    else:
        for name in names:
            asset = _assets.ASSETS[name]
            if name.endswith(".css"):
                parts.append(
                    f'<link rel="stylesheet" href="{asset.cdn_url}" integrity="{asset.sri}" '
                    'crossorigin="anonymous"/>'
                )
            else:
                parts.append(
                    f'<script src="{asset.cdn_url}" integrity="{asset.sri}" '
                    'crossorigin="anonymous"></script>'
                )
    parts.append(_inline_style(_static("geomap.css") + _type_css()))
    parts.append(_inline_script(_static("geomap.js")))
    return "\n".join(parts)


def build_map(
    incidents,
    *,
    border=None,
    offline: bool = False,
    heatmap: bool = False,
    buffers_km=(10, 50),
    title: str | None = None,
    simplify_km: float = 0.05,
    cache_dir=DEFAULT,
):
    """Return a folium map of ``incidents`` with the border, bands, crossings and controls.

    Parameters
    ----------
    incidents : geopandas.GeoDataFrame or pandas.DataFrame
        Incidents in the geomap schema (``geomap.read_incidents``/``geomap.enrich``).
        Coordinates come from ``lon``/``lat`` or point geometries; rows without
        them are counted on the map but not drawn. Missing distance and side
        columns are computed from ``border``.
    border : geomap Border, optional
        Defaults to ``geomap.border()``.
    offline : bool, default False
        Inline every asset (from the cache filled by ``geomap assets fetch``) and
        draw a vector basemap instead of OpenStreetMap tiles, so the file works
        without any network.
    heatmap : bool, default False
        Add a density heatmap layer.
    buffers_km : sequence of float or None, default (10, 50)
        Widths of the geodesic bands drawn around the line; None for none.
    title : str, optional
        Map title (shown as text).
    simplify_km : float, default 0.05
        Display-only simplification of the drawn line (0 keeps every vertex).
    cache_dir : path, optional
        Where offline assets are cached; defaults to ``options.cache_dir``.

    Returns
    -------
    folium.Map
        Save it with :func:`save_map` (atomic, deterministic bytes).

    Raises
    ------
    AssetsMissing
        ``offline=True`` and the pinned assets are not in the cache.
    ConfigError
        A band width is not a positive number.

    Examples
    --------
    >>> import pandas as pd
    >>> talks = pd.DataFrame({"lon": [69.17, None], "lat": [34.53, None],
    ...                       "title": ["Talks", "Somewhere"], "event_type": ["meeting", "clash"]})
    >>> m = build_map(talks)
    >>> m.geomap_payload["incidents"]["n"], m.geomap_payload["unplaced"]
    (1, 1)
    >>> build_map(talks, buffers_km=[0])
    Traceback (most recent call last):
    ...
    geomap.errors.ConfigError: buffers_km must be positive numbers of km, got 0

    .. versionadded:: 0.1.0
    """
    import folium

    if border is None:
        import geomap

        border = geomap.border()
    if simplify_km is None or not simplify_km >= 0:
        raise ConfigError(f"simplify_km must be a number of km >= 0, got {simplify_km!r}")
    payload = build_payload(
        incidents,
        border=border,
        offline=offline,
        heatmap=heatmap,
        buffers_km=buffers_km,
        title=title,
        simplify_km=simplify_km,
    )
    blob = script_json(payload)
    head = _head_html(offline=offline, heatmap=heatmap, cache_dir=cache_dir)
    digest = hashlib.sha256((blob + head).encode("utf-8")).hexdigest()[:32]

    (south, west), (north, east) = payload["view"]["fit"]
    m = folium.Map(
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=5,
        min_zoom=2,
        max_zoom=18,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
    )
    # Ids from content, not random, so the same input gives the same bytes.
    m._id = digest
    m.default_js = []
    m.default_css = []
    m.get_root().title = html.escape(payload["title"])
    m.add_child(_page_element(head=head, blob=blob, digest=digest))
    m.geomap_payload = payload  # for callers and tests: exactly what the page carries
    return m


def _page_element(*, head: str, blob: str, digest: str):
    from branca.element import Element, MacroElement

    class Raw(Element):
        """Text put into the page as is: never parsed as a Jinja template."""

        def __init__(self, text: str):
            super().__init__()
            self._id = digest
            self.text = text

        def render(self, **kwargs) -> str:
            return self.text

    class GeomapPage(MacroElement):
        """Assets in the head, the JSON blob in the body, one call in the map script.

        branca turns a MacroElement's macro output into a new *template*, so
        input text placed that way would be evaluated by Jinja ("{{ ... }}").
        This element adds raw children to the figure instead.
        """

        def __init__(self):
            super().__init__()
            self._name = "GeomapPage"
            self._id = digest

        def render(self, **kwargs) -> None:
            figure = self.get_root()
            data_id = f"geomap-data-{digest}"
            figure.header.add_child(Raw(head), name="geomap_head")
            figure.html.add_child(
                Raw(f'<script type="application/json" id="{data_id}">{blob}</script>'),
                name="geomap_data",
            )
            figure.script.add_child(
                Raw(f'geomapRender({self._parent.get_name()}, "{data_id}");'),
                name="geomap_call",
            )

    return GeomapPage()


def render_html(m) -> str:
    """Return the complete HTML page of a map built by :func:`build_map`."""
    return m.get_root().render()


def save_map(m, path: str | os.PathLike) -> Path:
    """Write the map's HTML page to ``path`` atomically and return the path.

    Examples
    --------
    >>> save_map(object(), "/no/m.html")
    Traceback (most recent call last):
    ...
    geomap.errors.ExportError: cannot write /no/m.html: directory /no does not exist
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        try:
            text = render_html(m)
        except AttributeError:
            raise ExportError(f"cannot write {path}: not a folium map") from None
        tmp.write_text(text, encoding="utf-8")
    return path
