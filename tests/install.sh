#!/usr/bin/env bash
# Install everything the test suite needs on a fresh Debian machine: geomap with
# its test extras, and Debian's chromium for the browser tests (never a browser
# downloaded by Playwright). Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -e ".[test,dask]"

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "tests/install.sh: Debian's chromium is missing; run: sudo apt-get install chromium" >&2
        exit 1
    fi
fi

# Map assets (Leaflet, markercluster, heat) for the offline map and the browser tests:
# pinned npm files, fetched once into geomap's cache and checked against their SHA-256.
python -m geomap assets fetch >/dev/null
