"""A plain (non-editable) install carries its data and works from any directory."""

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("geomap-*.whl")
    return built


def test_wheel_carries_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "geomap/_data/basemaps/border.geojson",
        "geomap/_data/basemaps/countries.geojson",
        "geomap/_data/basemaps/crossings.geojson",
        "geomap/_data/basemaps/border_grid.npz",
        "geomap/_data/basemaps/gazetteer.sqlite",
        "geomap/_data/basemaps/world_countries.geojson",
        "geomap/_data/basemaps/SOURCE.md",
        "geomap/_data/seeds/incidents.yaml",
        "geomap/py.typed",
    ):
        assert needed in names, needed


def test_installed_wheel_runs_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    # The venv sees the dependencies already installed, but not this checkout.
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)], check=True)
    done = subprocess.run(
        [
            python,
            "-c",
            "import geomap, json, sys; from geomap.cli import main; "
            "print(geomap.__file__, file=sys.stderr); sys.exit(main(['border', '--json']))",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(env_dir / "bin"), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert str(env_dir) in done.stderr  # the installed copy, not the checkout
    assert 2600 < json.loads(done.stdout)["length_km"] < 2700


def test_show_versions_names_the_stack(capsys):
    import geomap

    geomap.show_versions()
    out = capsys.readouterr().out
    assert out.startswith(f"geomap {geomap.__version__} on Python")
    assert "shapely 2." in out and "pyproj" in out
