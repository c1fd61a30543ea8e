"""Nominatim through geopy against a loopback server: politeness, cache, errors."""

from __future__ import annotations

import json

import pytest

import geomap
from geomap.errors import ConfigError, GeocoderTimeout, GeocoderUnavailable
from geomap.geocoding.nominatim import NominatimGeocoder
from geomap.options import options

UA = "geomap-tests/0.1 (loopback)"


def make(server, **kw):
    return NominatimGeocoder(user_agent=UA, url=server.url, min_delay_s=1.0, **kw)


def gaps(server):
    times = [r["t"] for r in server.requests]
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_user_agent_spacing_and_cache(nominatim_server):
    geocoder = make(nominatim_server)
    first = geocoder.geocode("Peshawar", limit=3)
    second = geocoder.geocode("Quetta", country="PK")
    assert [c.name for c in first + second] == ["Fixture Peshawar", "Fixture Quetta"]
    assert len(nominatim_server.requests) == 2
    assert all(r["user_agent"] == UA for r in nominatim_server.requests)
    assert all(g >= 0.99 for g in gaps(nominatim_server)), gaps(nominatim_server)
    assert nominatim_server.requests[1]["params"]["countrycodes"] == "pk"
    best = first[0]
    assert (best.country, best.kind, best.precision, best.backend) == ("PK", "city", 1, "nominatim")
    assert 10 < best.uncertainty_km < 20 and "OpenStreetMap" in best.source

    # A new run (new instance, same cache directory) sends nothing.
    again = make(nominatim_server)
    assert again.geocode("Peshawar", limit=3) == first
    assert again.geocode(" quetta ", country="PK") == second
    assert len(nominatim_server.requests) == 2 and again.requests_made == 0


def test_empty_answers_are_cached_too(nominatim_server):
    assert make(nominatim_server).geocode("nowhere") == []
    assert make(nominatim_server).geocode("nowhere") == []
    assert len(nominatim_server.requests) == 1


def test_429_is_retried_after_retry_after(nominatim_server):
    found = make(nominatim_server, backoff_s=0.1).geocode("busy")
    assert found[0].name == "Fixture busy"
    assert len(nominatim_server.requests) == 2
    assert gaps(nominatim_server)[0] >= 0.99


def test_503_is_retried_then_reported(nominatim_server):
    geocoder = make(nominatim_server, backoff_s=0.1, max_retries=1)
    with pytest.raises(GeocoderUnavailable, match="HTTP 503"):
        geocoder.geocode("down")
    assert len(nominatim_server.requests) == 2


def test_timeout(nominatim_server):
    geocoder = make(nominatim_server, timeout_s=0.3, max_retries=0)
    with pytest.raises(GeocoderTimeout, match="0.3 s"):
        geocoder.geocode("slow")


def test_user_agent_is_required_and_geopy_default_refused(nominatim_server):
    with pytest.raises(ConfigError, match="user agent"):
        NominatimGeocoder(url=nominatim_server.url)
    with pytest.raises(ConfigError, match="geopy"):
        NominatimGeocoder(user_agent="geopy/2.4", url=nominatim_server.url)
    with pytest.raises(ConfigError, match="http"):
        NominatimGeocoder(user_agent=UA, url="ftp://example.org")


def test_url_and_user_agent_from_the_environment(nominatim_server, monkeypatch, tmp_path):
    monkeypatch.setenv("GEOMAP_USER_AGENT", UA)
    monkeypatch.setenv("GEOMAP_NOMINATIM_URL", nominatim_server.url)
    options.reset()
    options.cache_dir = tmp_path / "env-cache"
    assert geomap.geocode("Kabul", online="nominatim")[0].name == "Fixture Kabul"
    assert nominatim_server.requests[0]["user_agent"] == UA


def test_batch_keeps_answers_obtained_before_a_failure(nominatim_server):
    options.user_agent = UA
    options.nominatim_url = nominatim_server.url
    backend = geomap.geocoding.get_geocoder("nominatim")  # the instance the batch uses
    backend.max_retries, backend.backoff_s = 1, 0.05
    frame = geomap.geocode_many(["Peshawar", "down", "Quetta", "Peshawar"], online="nominatim")
    assert frame.loc[0, "name"] == "Fixture Peshawar" and frame.loc[3, "name"] == "Fixture Peshawar"
    assert "503" in frame.loc[1, "error"] and "503" in frame.loc[2, "error"]
    sent = [r["params"]["q"] for r in nominatim_server.requests]
    assert "Quetta" not in sent, "no request after the service failed"
    n = len(nominatim_server.requests)
    # Served from the disk cache on the next run, with zero requests.
    again = geomap.geocode_many(["Peshawar"], online="nominatim")
    assert again.loc[0, "name"] == "Fixture Peshawar"
    assert len(nominatim_server.requests) == n


def test_cli_online(nominatim_server, capsys):
    from geomap.cli import main

    args = [
        "geocode",
        "--json",
        "--online",
        "nominatim",
        "--user-agent",
        UA,
        "--nominatim-url",
        nominatim_server.url,
        "Peshawar",
        "nowhere",
    ]
    assert main(args) == 1
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert records[0]["name"] == "Fixture Peshawar" and records[0]["country"] == "PK"
    assert records[1]["name"] is None and "no match for 'nowhere'" in err
    assert main(args) == 1
    assert len(nominatim_server.requests) == 2, "second run served from the cache"


def test_cli_online_failure_keeps_earlier_answers(nominatim_server, capsys):
    from geomap.cli import main

    options.user_agent = UA
    options.nominatim_url = nominatim_server.url
    backend = geomap.geocoding.get_geocoder("nominatim")  # the instance the CLI will use
    backend.max_retries, backend.backoff_s = 0, 0.05
    args = ["geocode", "--json", "--online", "nominatim", "Peshawar", "down", "Quetta"]
    assert main(args) == 2
    out, err = capsys.readouterr()
    records = json.loads(out)
    assert [r["name"] for r in records] == ["Fixture Peshawar", None, None]
    assert "'down'" in err and "'Quetta'" in err and "503" in err
    assert [r["params"]["q"] for r in nominatim_server.requests] == ["Peshawar", "down"]
