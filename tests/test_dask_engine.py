"""The Dask engine gives the in-memory engine's answers: distances, sides, incidents.

One local cluster (2 worker processes) serves the module; the command-line tests
reach it through ``--scheduler``, as a user reaches a remote cluster.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("dask_geopandas", reason="the dask extra is not installed")

import geopandas as gpd  # noqa: E402

import geomap  # noqa: E402
from geomap.cli import main  # noqa: E402
from geomap.engines.cluster import dask_client  # noqa: E402
from geomap.engines.dask_engine import (  # noqa: E402
    distance_dataset,
    enrich_dataset,
    extract_dataset,
)
from geomap.engines.parts import read_parts  # noqa: E402
from geomap.errors import ConfigError, CoordinateError, ExportError, InputError  # noqa: E402

DATA = Path(__file__).parent / "data"
ARTICLES = Path(__file__).parent / "corpus" / "articles"


@pytest.fixture(scope="module")
def client():
    with dask_client(n_workers=2, memory_limit="1GiB") as c:
        yield c


@pytest.fixture(scope="module")
def address(client):
    return client.scheduler.address


def sample_points(n: int = 3000, seed: int = 7) -> pd.DataFrame:
    """Random points over the border region, the line's own vertices, and far-away places."""
    rng = np.random.default_rng(seed)
    line = np.asarray(geomap.border().line.coords)
    lon = np.concatenate([rng.uniform(60, 75.5, n), line[::300, 0], [51.389, -77.0369]])
    lat = np.concatenate([rng.uniform(28.5, 37.5, n), line[::300, 1], [35.689, 38.9072]])
    radius = np.where(rng.random(len(lon)) < 0.3, rng.uniform(0, 40, len(lon)), np.nan)
    return pd.DataFrame(
        {"id": [f"p{i}" for i in range(len(lon))], "lat": lat, "lon": lon, "uncertainty_km": radius}
    )


def assert_same_answers(out: pd.DataFrame, points: pd.DataFrame) -> None:
    """Same order, distances to 1e-9 km, same sides, nearest points and crossings."""
    radius = np.nan_to_num(points["uncertainty_km"].to_numpy(dtype="float64"))
    expected = geomap.border().query(
        points["lon"].to_numpy(), points["lat"].to_numpy(), uncertainty_km=radius
    )
    assert out["id"].tolist() == points["id"].tolist()
    for field in ("distance_km", "nearest_lat", "nearest_lon", "nearest_crossing_km"):
        np.testing.assert_allclose(out[field].to_numpy(float), expected[field], rtol=0, atol=1e-9)
    assert out["side"].tolist() == expected["side"].tolist()
    assert out["nearest_crossing"].tolist() == expected["nearest_crossing"].tolist()
    assert set(expected["side"]) >= {"AF", "PK", "other", "ambiguous"}  # the sample covers all


def test_csv_files_match_the_in_memory_command(tmp_path, address, capsys):
    points = sample_points()
    folder = tmp_path / "points"
    folder.mkdir()
    halves = np.array_split(np.arange(len(points)), 3)
    for k, rows in enumerate(halves):
        points.iloc[rows].to_csv(folder / f"points-{k}.csv", index=False)
    out = tmp_path / "answers"
    assert (
        main(
            [
                "distance",
                "--input",
                str(folder),
                "--output",
                str(out),
                "--engine",
                "dask",
                "--scheduler",
                address,
            ]
        )
        == 0
    )
    assert "wrote 3" in capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [f"part.0000{k}.parquet" for k in range(3)]
    frame = read_parts(out)
    assert isinstance(frame, gpd.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert_same_answers(frame, points)
    # Positions as parsed from the CSV text (pandas < 3 may parse 1 ulp away from repr).
    np.testing.assert_allclose(frame.geometry.x, points["lon"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(frame.geometry.y, points["lat"], rtol=0, atol=1e-12)
    # The in-memory command prints its distances rounded to 0.1 mm: the same figures.
    memory = tmp_path / "memory.csv"
    points.to_csv(tmp_path / "all.csv", index=False)
    assert main(["distance", "--input", str(tmp_path / "all.csv"), "--output", str(memory)]) == 0
    printed = pd.read_csv(memory, keep_default_na=False)
    assert printed["side"].tolist() == frame["side"].tolist()
    np.testing.assert_array_equal(printed["distance_km"], frame["distance_km"].round(7))


def test_parquet_and_geoparquet_inputs(tmp_path, client):
    points = sample_points(2000, seed=11)
    folder = tmp_path / "plain"
    folder.mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(points)), 5)):
        points.iloc[rows].to_parquet(folder / f"p{k}.parquet", index=False)
    summary = distance_dataset(folder, tmp_path / "a", client=client)
    assert summary["rows"] == len(points) and summary["parts"] == 5
    assert_same_answers(read_parts(tmp_path / "a"), points)
    # GeoParquet (a Point geometry, no lat/lon columns) goes through dask-geopandas.
    geo = gpd.GeoDataFrame(
        points[["id", "uncertainty_km"]],
        geometry=gpd.points_from_xy(points["lon"], points["lat"]),
        crs=4326,
    )
    (tmp_path / "geo").mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(geo)), 4)):
        geo.iloc[rows].to_parquet(tmp_path / "geo" / f"part.{k}.parquet")
    summary = distance_dataset(tmp_path / "geo", tmp_path / "b", client=client)
    out = read_parts(tmp_path / "b")
    assert summary["parts"] == 4
    assert_same_answers(out.assign(lon=out.geometry.x, lat=out.geometry.y), points)


def test_one_uncertainty_for_every_point(tmp_path, client):
    points = sample_points(300, seed=3).drop(columns="uncertainty_km")
    points.to_parquet(tmp_path / "p.parquet", index=False)
    distance_dataset(tmp_path / "p.parquet", tmp_path / "o", client=client, uncertainty_km=25.0)
    out = read_parts(tmp_path / "o")
    expected = geomap.border().side(points["lon"], points["lat"], uncertainty_km=25.0)
    assert out["side"].tolist() == expected.tolist()


def test_each_worker_builds_the_border_once(tmp_path, client):
    points = sample_points(600, seed=5)
    folder = tmp_path / "many"
    folder.mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(points)), 12)):
        points.iloc[rows].to_parquet(folder / f"p{k:02d}.parquet", index=False)
    summary = distance_dataset(folder, tmp_path / "o", client=client)
    assert summary["parts"] == 12
    assert 1 <= len(summary["workers"]) <= 2  # two processes shared twelve partitions
    # geomap.border() is cached per process: built once by each worker, whatever the parts.
    assert summary["border_builds"] == 1
    builds = client.run(
        lambda: __import__("geomap.boundary.model").boundary.model.border.cache_info().misses
    )
    assert set(builds.values()) <= {0, 1}


def test_bad_coordinate_is_named_as_the_in_memory_engine_names_it(tmp_path, address, capsys):
    table = tmp_path / "bad.csv"
    table.write_text("id,lat,lon\na,34.5,69.2\nb,abc,70.0\n", encoding="utf-8")
    assert main(["distance", "--input", str(table), "--output", str(tmp_path / "m.csv")]) == 2
    memory = capsys.readouterr().err
    out = tmp_path / "o"
    code = main(
        [
            "distance",
            "--input",
            str(table),
            "--output",
            str(out),
            "--engine",
            "dask",
            "--scheduler",
            address,
        ]
    )
    assert code == 2
    dask_err = capsys.readouterr().err
    assert dask_err == memory
    assert dask_err.count("\n") == 1 and "row 2" in dask_err and "'lat'" in dask_err
    assert not out.exists() and not list(tmp_path.glob(".o.*"))  # nothing left behind


def test_out_of_range_in_parquet_names_the_partition(tmp_path, client):
    points = pd.DataFrame({"lat": [34.5, 134.5], "lon": [69.2, 70.0]})
    points.to_parquet(tmp_path / "p.parquet", index=False)
    with pytest.raises(CoordinateError, match=r"partition 0\): row 2: field 'lat'"):
        distance_dataset(tmp_path / "p.parquet", tmp_path / "o", client=client)


def test_outputs_are_refused_or_replaced_whole(tmp_path, client):
    points = sample_points(50)
    folder = tmp_path / "in"
    folder.mkdir()
    points.to_parquet(folder / "p.parquet", index=False)
    with pytest.raises(ExportError, match="input"):
        distance_dataset(folder, folder, client=client)
    with pytest.raises(ExportError, match="input"):
        distance_dataset(folder, folder / "inside", client=client)
    other = tmp_path / "notes"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    with pytest.raises(ExportError, match="other files"):
        distance_dataset(folder, other, client=client)
    assert (other / "keep.txt").read_text() == "mine"
    out = tmp_path / "out"
    distance_dataset(folder, out, client=client)
    first = read_parts(out)
    distance_dataset(folder, out, client=client)  # a previous output is replaced
    pd.testing.assert_frame_equal(read_parts(out), first)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "notes", "out"]


def test_existing_answer_column_is_refused(tmp_path, client):
    points = sample_points(20).assign(side="x")
    points.to_parquet(tmp_path / "p.parquet", index=False)
    with pytest.raises(InputError, match="already has a column 'side'"):
        distance_dataset(tmp_path / "p.parquet", tmp_path / "o", client=client)


def test_enrich_matches_the_in_memory_engine(tmp_path, address, capsys):
    folder = tmp_path / "incidents"
    folder.mkdir()
    for name in ("acled_sample.csv", "ucdp_sample.csv", "incidents_places.csv"):
        shutil.copy(DATA / name, folder / name)
    memory = tmp_path / "memory.parquet"
    assert main(["enrich", str(folder), "-o", str(memory), "--json"]) == 0
    memory_out = capsys.readouterr()
    out = tmp_path / "parts"
    assert (
        main(
            [
                "enrich",
                str(folder),
                "-o",
                str(out),
                "--engine",
                "dask",
                "--scheduler",
                address,
                "--json",
            ]
        )
        == 0
    )
    dask_out = capsys.readouterr()
    expected = gpd.read_parquet(memory)
    got = read_parts(out)
    assert len(list(out.iterdir())) == 3
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)
    assert got["distance_to_border_km"].notna().sum() > 10
    import json

    a, b = json.loads(memory_out.out), json.loads(dask_out.out)
    for key in ("rows", "placed", "unplaced"):
        assert a[key] == b[key]
    # Problems are the same (enrich numbers rows per file here, per merged frame there).
    assert {(p["message"], p["path"]) for p in a["problems"]} == {
        (p["message"], p["path"]) for p in b["problems"]
    }


def test_enrich_reports_ids_used_twice_across_files(tmp_path, client):
    folder = tmp_path / "twice"
    folder.mkdir()
    for name in ("a.csv", "b.csv"):
        (folder / name).write_text("id,lat,lon,title\nx1,34.5,69.2,talks\n", encoding="utf-8")
    found = []
    summary = enrich_dataset([folder], tmp_path / "o", client=client, report=found.append)
    assert summary["rows"] == 2
    assert [str(e) for e in found] == [
        f"{folder / 'b.csv'}: field 'id': id 'x1' is used twice "
        f"(first in {folder / 'a.csv'}) (both rows kept)"
    ]
    with pytest.raises(InputError, match="used twice"):
        enrich_dataset([folder], tmp_path / "strict", client=client, strict=True)
    assert not (tmp_path / "strict").exists()


def test_extract_matches_the_in_memory_engine(tmp_path, address, client):
    articles = sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html"))
    memory = tmp_path / "memory.parquet"
    assert main(["extract", *map(str, articles), "-o", str(memory)]) == 0
    expected = gpd.read_parquet(memory)
    summary = extract_dataset([ARTICLES], tmp_path / "small", client=client, articles_per_part=1)
    got = read_parts(tmp_path / "small")
    assert summary["articles"] == len(articles) and summary["incidents"] == len(expected)
    assert summary["parts"] < len(articles)  # articles without incidents write no part
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)
    # The command line, default batches, through --scheduler.
    out = tmp_path / "cli"
    assert (
        main(["extract", str(ARTICLES), "-o", str(out), "--engine", "dask", "--scheduler", address])
        == 0
    )
    pd.testing.assert_frame_equal(read_parts(out)[expected.columns], expected, check_dtype=False)
    assert expected["distance_to_border_km"].notna().any()


def test_extract_without_incidents_writes_a_readable_empty_part(tmp_path, client):
    article = tmp_path / "none.txt"
    article.write_text("Traders said prices rose again this week.", encoding="utf-8")
    summary = extract_dataset([article], tmp_path / "o", client=client)
    assert summary["incidents"] == 0
    assert len(read_parts(tmp_path / "o")) == 0


def test_engine_options_are_checked(tmp_path, capsys):
    assert main(["distance", "34.5", "69.2", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "--scheduler goes with --engine dask" in capsys.readouterr().err
    assert main(["distance", "34.5", "69.2", "--engine", "dask"]) == 2
    assert "give --input" in capsys.readouterr().err
    (tmp_path / "p.csv").write_text("lat,lon\n34.5,69.2\n")
    assert main(["distance", "--input", str(tmp_path / "p.csv"), "--engine", "dask"]) == 2
    assert "--output DIRECTORY" in capsys.readouterr().err


def test_unreachable_scheduler_is_one_clear_error():
    with pytest.raises(ConfigError, match="cannot reach the dask scheduler at tcp://127.0.0.1:9"):
        with dask_client("tcp://127.0.0.1:9", timeout_s=1):
            pass


def test_default_local_cluster_from_the_command_line(tmp_path):
    """No --scheduler: a local cluster is started and closed; stderr (not a TTY) stays quiet."""
    import subprocess
    import sys

    points = sample_points(200)
    points.to_csv(tmp_path / "p.csv", index=False)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "geomap",
            "distance",
            "--input",
            str(tmp_path / "p.csv"),
            "--output",
            str(tmp_path / "o"),
            "--engine",
            "dask",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no progress bar, no cluster logs when not on a terminal
    import json

    summary = json.loads(run.stdout)
    assert summary["rows"] == len(points) and summary["border_builds"] == 1
    assert_same_answers(read_parts(tmp_path / "o"), points)
