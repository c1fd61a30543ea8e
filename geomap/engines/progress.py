"""Progress of a long job: a bar on stderr when it is a terminal, nothing otherwise.

distributed's own ``progress`` draws on stdout, where ``--json`` output goes, so
the bar here is drawn on stderr from the futures as they complete.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO

__all__ = ["Progress", "track"]


class Progress:
    """A one-line bar: ``label [#####.....] 12/40 parts 0:31``.

    Parameters
    ----------
    total : int
        Number of steps.
    label : str
        What is being done.
    stream : file, optional
        Where to draw; default ``sys.stderr``.
    enabled : bool, optional
        Draw at all; default: when ``stream`` is a terminal.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> bar = Progress(2, label="distance", stream=out, enabled=True)
    >>> bar.advance(); bar.advance(); bar.close()
    >>> out.getvalue().splitlines()[-1].split("]")[1].split()[0]
    '2/2'
    >>> Progress(2, label="quiet", stream=io.StringIO()).enabled  # not a terminal
    False
    """

    def __init__(
        self,
        total: int,
        *,
        label: str,
        stream: TextIO | None = None,
        enabled: bool | None = None,
        width: int = 30,
    ) -> None:
        self.total = max(int(total), 0)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.width = width
        self.done = 0
        self._start = time.monotonic()
        self._draw()

    def advance(self, steps: int = 1) -> None:
        """Count ``steps`` more as done and redraw."""
        self.done = min(self.done + steps, self.total)
        self._draw()

    def close(self) -> None:
        """End the line (the bar stays visible)."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self) -> None:
        if not self.enabled:
            return
        fraction = self.done / self.total if self.total else 1.0
        filled = int(round(self.width * fraction))
        seconds = int(time.monotonic() - self._start)
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} parts {seconds // 60}:{seconds % 60:02d}"
        )
        self.stream.flush()


def track(
    futures: Iterable, *, label: str, stream: TextIO | None = None, enabled: bool | None = None
) -> Iterator:
    """Yield ``futures`` as they complete, drawing a :class:`Progress` bar meanwhile.

    A failed future is yielded like the others; calling ``result()`` raises its error.
    """
    from distributed import as_completed

    futures = list(futures)
    bar = Progress(len(futures), label=label, stream=stream, enabled=enabled)
    try:
        for future in as_completed(futures):
            bar.advance()
            yield future
    finally:
        bar.close()
