"""The Afghanistan-Pakistan border: geometry, exact geodesic distance, side, buffers.

The package is named ``boundary`` so that ``geomap.border()``, the function, is never
shadowed by a submodule of the same name.
"""

from geomap.boundary.model import SIDES, Border, border

__all__ = ["Border", "border", "SIDES"]
