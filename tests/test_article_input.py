"""Articles are inputs like any other: read_incidents, export and map accept them."""

import json
import subprocess
import sys

import geomap

# FIXTURE: invented article text, modelled on the kind of report geomap reads.
ARTICLE = (
    "title: Fixture: talks in Kabul\n"
    "published: 2023-08-18\n"
    "\n"
    "Taliban officials held talks with a Pakistani delegation in Kabul on Thursday, "
    "while Islamabad maintains that militants use Afghan soil.\n"
)


def test_txt_article_becomes_incidents(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    frame = geomap.read_incidents(path)
    assert frame["place"].tolist() == ["Kabul"]
    assert frame["event_type"].tolist() == ["meeting"]
    assert frame["date"].tolist() == ["2023-08-17"]
    assert "Kabul on Thursday" in frame["quote"].iloc[0]


def test_txt_table_is_still_a_table(tmp_path):
    path = tmp_path / "points.txt"
    path.write_text("title,lat,lon\nFixture point,34.5,69.2\n", encoding="utf-8")
    frame = geomap.read_incidents(path)
    assert frame["title"].tolist() == ["Fixture point"]
    assert frame.geometry.iloc[0].x == 69.2


def test_markdown_and_directory_of_mixed_inputs(tmp_path):
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.csv").write_text("title,lat,lon\nFixture point,34.5,69.2\n", encoding="utf-8")
    frame = geomap.read_incidents(tmp_path)
    assert sorted(frame["place"].fillna("").tolist()) == ["", "Kabul"]
    assert "Fixture point" in frame["title"].tolist()
    assert len(frame) == 2


def test_export_accepts_an_article(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "x.geojson"
    done = subprocess.run(
        [sys.executable, "-m", "geomap", "export", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    features = json.loads(out.read_text())["features"]
    assert [f["properties"]["place"] for f in features] == ["Kabul"]
    assert features[0]["properties"]["side"] == "AF"
