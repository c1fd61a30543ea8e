"""The Afghanistan-Pakistan border: geometry, exact geodesic distance, side, buffers."""

from geomap.border.model import SIDES, Border, border

__all__ = ["Border", "border", "SIDES"]
