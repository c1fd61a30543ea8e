"""Read incidents from YAML: a list of mappings, or a mapping with an ``incidents`` list.

YAML 1.1 would read ``NO`` (Norway) or ``on`` as booleans; geomap's loader only
takes ``true``/``false`` as booleans, and keeps dates YAML parses as ISO text.
Row numbers in messages are item numbers (1-based).
"""

from __future__ import annotations

import re

import yaml

from geomap.errors import InputError
from geomap.incidents.normalize import build_incidents
from geomap.incidents.problems import Problems

__all__ = ["incidents_from_yaml"]


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are only true/false (as in YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def incidents_from_yaml(text: str, *, path: str, problems: Problems):
    """Return the incident GeoDataFrame for YAML ``text``.

    Examples
    --------
    >>> df = incidents_from_yaml("- {title: t, country: NO, date: 2023-05-08}",
    ...                          path="a.yaml", problems=Problems())
    >>> df.loc[0, ["country", "date", "date_precision"]].tolist()
    ['NO', '2023-05-08', 'day']
    """
    try:
        document = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise InputError(f"not valid YAML{where}: {problem}", path=path) from None
    if isinstance(document, dict) and "incidents" in document:
        document = document["incidents"]
    if document is None:
        document = []
    if not isinstance(document, list):
        raise InputError(
            "YAML must be a list of incidents (or have an 'incidents' list)", path=path
        )
    records = []
    for number, item in enumerate(document, 1):
        if not isinstance(item, dict):
            raise InputError("is not a mapping of field: value", path=path, row=number)
        records.append((number, {str(k): v for k, v in item.items()}))
    return build_incidents(records, path=path, problems=problems)
