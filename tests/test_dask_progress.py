"""Progress of long jobs: a bar on a terminal, nothing otherwise."""

from __future__ import annotations

import io

import pytest

from geomap.engines.progress import Progress, track


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal():
    out = FakeTerminal()
    bar = Progress(4, label="distance", stream=out)
    assert bar.enabled
    for _ in range(4):
        bar.advance()
    bar.close()
    frames = out.getvalue().split("\r")
    assert frames[1].startswith("distance [" + "." * 30 + "] 0/4 parts")
    assert frames[-1].startswith("distance [" + "#" * 30 + "] 4/4 parts")
    assert out.getvalue().endswith("\n")


def test_quiet_when_not_a_terminal():
    out = io.StringIO()
    bar = Progress(3, label="enrich", stream=out)
    bar.advance()
    bar.close()
    assert not bar.enabled and out.getvalue() == ""


def test_track_yields_every_future_and_draws_each():
    distributed = pytest.importorskip("distributed")
    with distributed.Client(
        processes=False, n_workers=1, threads_per_worker=2, dashboard_address=":0"
    ) as client:
        futures = [client.submit(pow, k, 2, pure=False) for k in range(5)]
        out = FakeTerminal()
        results = sorted(f.result() for f in track(futures, label="x", stream=out))
    assert results == [0, 1, 4, 9, 16]
    assert "5/5 parts" in out.getvalue()
