"""The development corpus (invented fixture articles) scored as bench/geoparse.py scores it.

These thresholds guard against regressions; the benchmark prints the full figures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("geoparse", ROOT / "bench" / "geoparse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores(bench):
    places, items = bench.load_corpus(ROOT / "tests" / "corpus")
    return bench.evaluate(bench.geomap_run, places, items), bench.evaluate(
        bench.naive, places, items
    )


def test_every_label_is_found_in_its_article(bench):
    places, items = bench.load_corpus(ROOT / "tests" / "corpus")
    assert len(items) >= 20
    assert bench.label_problems(places, items) == []


def test_event_locations_meet_the_target(scores):
    ours, _ = scores
    assert ours["event_locations"]["f1"] >= 0.9
    assert ours["acc_event"]["acc@25km"] >= 0.9


def test_recognition_and_dates(scores):
    ours, _ = scores
    assert ours["recognition"]["f1"] >= 0.9
    assert ours["date_accuracy"] >= 0.9


def test_rules_beat_the_naive_baseline(scores):
    ours, naive = scores
    assert ours["event_locations"]["f1"] > 2 * naive["event_locations"]["f1"]
    assert ours["recognition"]["precision"] > naive["recognition"]["precision"]
