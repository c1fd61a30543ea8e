"""Vectorised golden-section minimisation, used to polish feet on the ellipsoid."""

from __future__ import annotations

import numpy as np

__all__ = ["golden_min"]

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


def golden_min(func, a, b, *, tolerance: float):
    """Minimise a unimodal ``func`` on each interval ``[a[i], b[i]]`` at once.

    Parameters
    ----------
    func : callable
        Maps an array of abscissae (one per interval) to an array of values.
    a, b : ndarray
        Interval ends.
    tolerance : float
        Stop once every bracket is shorter than this.

    Returns
    -------
    x, fx : ndarray
        The abscissa of the smallest value found in each interval, and that value.

    Examples
    --------
    >>> x, fx = golden_min(lambda x: (x - 0.3) ** 2, np.array([0.0]), np.array([1.0]),
    ...                    tolerance=1e-9)
    >>> round(float(x[0]), 6)
    0.3
    """
    a = np.asarray(a, dtype="float64").copy()
    b = np.asarray(b, dtype="float64").copy()
    c, e = b - _GOLDEN * (b - a), a + _GOLDEN * (b - a)
    fc, fe = func(c), func(e)
    while np.max(b - a, initial=0.0) > tolerance:
        left = fc < fe  # the minimum lies in [a, e]
        b = np.where(left, e, b)
        a = np.where(left, a, c)
        probe = np.where(left, b - _GOLDEN * (b - a), a + _GOLDEN * (b - a))
        f_probe = func(probe)
        c, e = np.where(left, probe, e), np.where(left, c, probe)
        fc, fe = np.where(left, f_probe, fe), np.where(left, fc, f_probe)
    left = fc < fe
    return np.where(left, c, e), np.where(left, fc, fe)
