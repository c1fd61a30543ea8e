"""Shared fixtures: the extraction benchmark as a module, and the corpus label checks."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def bench():
    """``bench/geoparse.py`` loaded as a module: the corpus tests score as it does."""
    spec = importlib.util.spec_from_file_location("geoparse", ROOT / "bench" / "geoparse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def check_corpus_labels(bench):
    """Return a check that every label of a corpus points at its article's text."""

    def check(corpus: Path, *, at_least: int) -> None:
        places, items = bench.load_corpus(corpus)
        assert len(items) >= at_least
        for name, article, mentions, events in items:
            assert article.title.startswith("Fixture"), name
            for m in mentions:
                assert m["key"] in places, (name, m)
                assert article.text[m["start"] : m["end"]] == m["text"]
            for e in events:
                assert e["place"] in places, (name, e)

    return check
