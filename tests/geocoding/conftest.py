"""A real HTTP server on 127.0.0.1 that speaks Nominatim's /search JSON.

Every reply body is a FIXTURE invented for these tests (not captured from a service).
Queries steer the server: "busy" answers 429 once, "down" always 503, "slow" sleeps
past the client's timeout; anything else gets one synthetic result named after it.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from geomap.options import options


class FakeNominatim(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[dict] = []
        self.busy_left = 1
        self.slow_s = 1.5

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: FakeNominatim

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        parts = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.server.requests.append(
            {
                "t": time.monotonic(),
                "path": parts.path,
                "params": params,
                "user_agent": self.headers.get("User-Agent"),
            }
        )
        q = params.get("q", "")
        if parts.path != "/search":
            return self._send(404, {"error": "not found"})
        if q == "busy" and self.server.busy_left > 0:
            self.server.busy_left -= 1
            return self._send(429, {"error": "rate limited"}, {"Retry-After": "1"})
        if q == "down":
            return self._send(503, {"error": "unavailable"})
        if q == "slow":
            time.sleep(self.server.slow_s)
        if q == "nowhere":
            return self._send(200, [])
        country = params.get("countrycodes", "pk")
        result = {  # FIXTURE: synthetic Nominatim-shaped answer
            "place_id": 1,
            "osm_type": "node",
            "osm_id": 42,
            "lat": "34.0",
            "lon": "71.5",
            "class": "place",
            "type": "city",
            "addresstype": "city",
            "place_rank": 16,
            "importance": 0.5,
            "name": f"Fixture {q}",
            "display_name": f"Fixture {q}, Nowhere",
            "boundingbox": ["33.9", "34.1", "71.4", "71.6"],
            "address": {"country_code": country},
        }
        return self._send(200, [result])

    def _send(self, status, body, headers=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def nominatim_server():
    server = FakeNominatim()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def _fresh_options(tmp_path):
    options.reset()
    options.cache_dir = tmp_path / "cache"
    yield
    options.reset()
