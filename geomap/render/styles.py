"""How the map draws things: event-type symbols, line styles and the fixed texts.

Violence (clash, attack, shelling, airstrike) is drawn as warm-coloured circles,
border status changes (closure, reopening) as squares, and talks and statements
(meeting, statement, protest) as cool-coloured diamonds, so that a meeting in
Kabul never looks like a clash. Colours come from ColorBrewer's qualitative
sets and were picked to stay apart for common colour-vision deficiencies.

Examples
--------
>>> EVENT_STYLES["meeting"].group, EVENT_STYLES["clash"].group
('talks', 'violence')
>>> style_for("no such type").key
'other'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "EventStyle",
    "EVENT_STYLES",
    "GROUPS",
    "style_for",
    "BORDER_STYLE",
    "BUFFER_STYLE",
    "CROSSING_STYLE",
    "BASEMAP_STYLE",
    "DISPUTED_NOTE",
    "ATTRIBUTIONS",
]


@dataclass(frozen=True)
class EventStyle:
    """The symbol of one event type: colour, marker shape and a short code drawn on it."""

    key: str
    label: str
    group: str  # "violence" | "border" | "talks" | "other"
    color: str
    shape: str  # "circle" | "square" | "diamond"
    code: str  # one or two letters drawn inside the marker

    def to_json(self) -> dict:
        """Return the style as a plain dict for the page's data blob."""
        return asdict(self)


GROUPS = {
    "violence": "Violence",
    "border": "Border closures and reopenings",
    "talks": "Talks, statements and protests",
    "other": "Other",
}

EVENT_STYLES: dict[str, EventStyle] = {
    s.key: s
    for s in (
        EventStyle("clash", "Clash", "violence", "#d7301f", "circle", "C"),
        EventStyle("attack", "Attack", "violence", "#99000d", "circle", "A"),
        EventStyle("shelling", "Shelling", "violence", "#fc8d59", "circle", "S"),
        EventStyle("airstrike", "Airstrike", "violence", "#e7298a", "circle", "Ai"),
        EventStyle("closure", "Crossing closure", "border", "#54278f", "square", "X"),
        EventStyle("reopening", "Crossing reopening", "border", "#807dba", "square", "O"),
        EventStyle("meeting", "Meeting / talks", "talks", "#2166ac", "diamond", "M"),
        EventStyle("statement", "Statement", "talks", "#4393c3", "diamond", "St"),
        EventStyle("protest", "Protest", "talks", "#1b7837", "diamond", "P"),
        EventStyle("other", "Other", "other", "#636363", "circle", "?"),
    )
}


def style_for(event_type) -> EventStyle:
    """Return the style of ``event_type``; unknown or missing types get "other".

    Examples
    --------
    >>> style_for("Shelling").label
    'Shelling'
    >>> style_for(None).key
    'other'
    """
    key = str(event_type).strip().lower() if event_type is not None else "other"
    return EVENT_STYLES.get(key, EVENT_STYLES["other"])


# Leaflet path options (passed to the page as JSON).
BORDER_STYLE = {"color": "#000000", "weight": 3, "opacity": 0.9, "dashArray": "8 4"}
BUFFER_STYLE = {"color": "#b15928", "weight": 1, "opacity": 0.6, "fillOpacity": 0.07}
CROSSING_STYLE = {
    "radius": 6,
    "color": "#000000",
    "weight": 2,
    "fillColor": "#ffd92f",
    "fillOpacity": 1,
}
BASEMAP_STYLE = {
    # World outlines: quieter than Afghanistan and Pakistan, drawn over a pale sea.
    "world": {"color": "#a3a3a3", "weight": 0.6, "fillColor": "#ecebe6", "fillOpacity": 1},
    "countries": {"color": "#737373", "weight": 1, "fillColor": "#f7f4ea", "fillOpacity": 1},
    "provinces": {"color": "#bdbdbd", "weight": 0.6, "fill": False},
}
UNCERTAINTY_STYLE = {"color": "#525252", "weight": 1, "dashArray": "3 3", "fillOpacity": 0.05}

DISPUTED_NOTE = (
    "The Durand Line is a disputed boundary: Afghanistan has never formally recognised it, "
    "and India claims the easternmost segment. It is drawn here from OpenStreetMap data "
    "for reference only."
)

# Our own fixed HTML (no input text): put straight into Leaflet's attribution control.
ATTRIBUTIONS = (
    'Border, countries and crossings: &copy; <a href="https://www.openstreetmap.org/copyright">'
    "OpenStreetMap</a> contributors (ODbL)",
    'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)',
    'Provinces and world outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
    "The Durand Line is disputed",
)
TILE_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
