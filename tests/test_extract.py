"""Tests for geomap.extract: article reading, dates, recognition, roles, resolution, incidents.

Every article text here is an invented fixture sentence, not a real report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

import pytest

from geomap.errors import GeomapError, InputError
from geomap.extract.article import parse_article, read_article
from geomap.extract.dates import find_dates
from geomap.extract.events import classify_event, count_fatalities
from geomap.extract.lexicon import Place, TableLexicon, default_lexicon
from geomap.extract.pipeline import (
    extract_article,
    extract_incidents,
    extract_mentions,
    incidents_from_article,
)
from geomap.extract.text import split_sentences

FRI = dt.date(2023, 8, 18)  # a Friday

KABUL_TALKS = (
    "Afghan and Pakistani officials held talks in Kabul on Thursday on security along the "
    "border. Islamabad maintains that militants plan attacks from Afghan soil, a charge the "
    "Kabul authorities deny. Kabul says it will not let anyone use its territory."
)
CHAMAN = "Six civilians were killed when mortar shells hit Chaman in Balochistan"


def mentions(text, **kw):
    return [(m["text"], m["role"]) for m in extract_mentions(text, **kw)]


def places(text, **kw):
    return [m["text"] for m in extract_mentions(text, **kw)]


def incidents(text, **kw):
    return extract_article(text, **kw).incidents


# --- done-when cases -------------------------------------------------------------------


def test_talks_in_kabul_with_islamabad_as_government():
    found = incidents(KABUL_TALKS)
    assert [(i["place"], i["event_type"]) for i in found] == [("Kabul", "meeting")]
    roles = mentions(KABUL_TALKS)
    assert ("Islamabad", "metonym") in roles
    assert ("Kabul", "metonym") in roles  # "the Kabul authorities", "Kabul says"
    assert not any(i["place"] == "Islamabad" for i in found)


def test_thursday_becomes_a_date_only_with_published():
    with_date = incidents(KABUL_TALKS, published="2023-08-18")[0]
    assert (with_date["date"], with_date["date_precision"]) == ("2023-08-17", "day")
    assert with_date["source_published"] == "2023-08-18"
    without = incidents(KABUL_TALKS)[0]
    assert without["date"] is None and without["date_precision"] == "unknown"
    assert "Thursday" in without["notes"]


def test_chaman_shelling_is_one_incident_with_its_sentence():
    found = incidents(CHAMAN)
    assert len(found) == 1
    inc = found[0]
    assert inc["place"] == "Chaman" and inc["country"] == "PK"
    assert inc["event_type"] == "shelling"
    assert inc["quote"] == CHAMAN
    assert (inc["quote_start"], inc["quote_end"]) == (0, len(CHAMAN))
    assert inc["fatalities"] == 6
    assert abs(inc["lat"] - 30.92) < 0.05 and abs(inc["lon"] - 66.45) < 0.05
    assert inc["admin1"] == "Balochistan"
    assert ("Balochistan", "background") in mentions(CHAMAN)


def test_geodataframe_in_incident_schema():
    from geomap.incidents.model import COLUMNS

    gdf = extract_incidents(CHAMAN, published="2023-09-05", source_url="https://x.invalid/a")
    assert list(gdf.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert gdf.crs.to_epsg() == 4326
    assert gdf.geometry.iloc[0].x == pytest.approx(gdf["lon"].iloc[0])
    assert gdf["source_url"].iloc[0] == "https://x.invalid/a"


# --- recognition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A drone strike hit a village in North Waziristan.", ["North Waziristan"]),
        ("Traders crossed at Spin Boldak on Monday.", ["Spin Boldak"]),
        ("Police in Khyber Pakhtunkhwa raised the alert.", ["Khyber Pakhtunkhwa"]),
        ("Gunmen attacked a checkpoint in Dera Ismail Khan.", ["Dera Ismail Khan"]),
        ("Gunmen attacked a checkpoint in D.I. Khan.", ["D.I. Khan"]),
    ],
)
def test_multi_word_names(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tom West said the group was the main threat.",
        "Asif Durrani led the delegation, and Durrani later spoke to reporters.",
        "Foreign Minister Amir Khan Muttaqi hosted the talks.",
        "Maulvi Abdul Rashid said traders were suffering.",
        "Mr Khan said the traders had lost orders.",
        "Former prime minister Imran Khan's party criticised the talks.",
        "Afghan and Pakistani traders called for calm.",
        "Mobile internet was suspended after the clashes.",
        "Mohmand tribesmen met the governor.",
    ],
)
def test_people_nationalities_and_words_are_not_places(text):
    assert places(text) == []


def test_kind_words_give_hints_and_are_not_part_of_the_name():
    found = extract_mentions("A roadside bomb wounded four policemen in Tank district.")
    assert [(m["text"], m["country"]) for m in found] == [("Tank", "PK")]
    crossing = extract_mentions("Clashes broke out at the Torkham crossing.")
    assert crossing[0]["text"] == "Torkham" and crossing[0]["kind"] == "crossing"
    town = extract_mentions("Shells landed in the border town of Chaman.")
    assert town[0]["text"] == "Chaman" and town[0]["role"] == "event"


def test_ghulam_khan_is_a_crossing_not_a_person():
    found = extract_mentions("Authorities reopened the Ghulam Khan border crossing on Sunday.")
    assert [(m["text"], m["kind"], m["role"]) for m in found] == [
        ("Ghulam Khan", "crossing", "event")
    ]


def test_lowercase_use_of_a_place_name_is_a_word():
    assert places("The army said a tank was damaged. Tank officials denied it.") == []


def test_offsets_point_into_the_text():
    text = "Talks were held in Kabul. Later, shelling hit Chaman."
    for m in extract_mentions(text):
        assert text[m["start"] : m["end"]] == m["text"]


def test_custom_lexicon_adds_local_names():
    sambaza = Place("Sambaza", 31.6, 69.2, "PK", "town", 2, 10.0, source="test fixture")
    lex = TableLexicon([("Sambaza", sambaza)], fallback=default_lexicon())
    found = incidents("Five militants were killed in a clash in Sambaza.", lexicon=lex)
    assert [(i["place"], i["event_type"]) for i in found] == [("Sambaza", "clash")]


# --- roles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("Islamabad maintains that the militants are based abroad.", "Islamabad"),
        ("Kabul says it is not responsible.", "Kabul"),
        ("The charge was rejected by the Kabul authorities.", "Kabul"),
        ("The decision rests with the federal government in Islamabad.", "Islamabad"),
        ("The spokesman warned Islamabad of consequences after the shelling.", "Islamabad"),
        ("Islamabad has accused Kabul of sheltering militants.", "Kabul"),
    ],
)
def test_metonyms(text, name):
    assert (name, "metonym") in mentions(text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("Shells fired from Afghanistan landed in Chaman.", "Afghanistan"),
        ("The TTP emerged in Pakistan's border areas in 2007.", "Pakistan"),
        ("Officials in Peshawar said the attack in Bannu killed two.", "Peshawar"),
        ("Pakistan's military has carried out similar strikes in Khost in the past.", "Khost"),
    ],
)
def test_background(text, name):
    assert (name, "background") in mentions(text)


def test_history_is_not_an_incident_when_the_report_is_dated():
    text = "The Taliban took Kabul in August 2021. Talks were held in Kabul on Thursday."
    found = incidents(text, published="2023-08-18")
    assert [(i["place"], i["date"]) for i in found] == [("Kabul", "2023-08-17")]


def test_anaphoric_crossing_gets_the_event():
    text = (
        "Border forces traded fire at Angoor Adda on Friday. The crossing, opposite the Afghan "
        "province of Paktika, was closed on Saturday."
    )
    found = incidents(text, published="2023-10-02")
    assert [(i["place"], i["event_type"], i["date"]) for i in found] == [
        ("Angoor Adda", "clash", "2023-09-29"),
        ("Angoor Adda", "closure", "2023-09-30"),
    ]


# --- disambiguation ------------------------------------------------------------------------


def test_border_region_prior_and_confidence():
    (m,) = extract_mentions("Protesters gathered in Asadabad on Monday.")
    assert m["country"] == "AF"  # not Asadabad, Iran
    assert 0 < m["confidence"] <= 1
    (doha,) = extract_mentions("Envoys held talks in Doha.")
    assert doha["country"] == "QA"
    (washington,) = extract_mentions("He spoke at a seminar in Washington.")
    assert washington["country"] == "US"


def test_qualifier_and_kind_hint_choose_the_unit():
    (m, _) = extract_mentions("The district borders Khost province in Afghanistan.")
    assert m["kind"] == "province"
    (town,) = extract_mentions("Rockets hit Khost city overnight.")
    assert town["kind"] in ("city", "town")


# --- events and dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Border guards exchanged fire at the crossing.", "clash"),
        ("Militants attacked a police post.", "attack"),
        ("Mortar shells hit the town.", "shelling"),
        ("A drone strike killed four militants.", "airstrike"),
        ("Pakistani aircraft bombed several houses.", "airstrike"),
        ("The crossing was closed after clashes.", "closure"),
        ("Authorities reopened the crossing.", "reopening"),
        ("Delegations met for talks.", "meeting"),
        ("He spoke at a news conference.", "statement"),
        ("Hundreds of traders protested.", "protest"),
        ("The weather was mild.", None),
    ],
)
def test_event_types(sentence, expected):
    near = sentence.find("crossing") if "crossing" in sentence else len(sentence) - 1
    assert classify_event(sentence, near=near) == expected


def test_fatalities():
    assert count_fatalities("At least 11 people have been killed in clashes.") == 11
    assert count_fatalities("The strike killed eight people.") == 8
    assert count_fatalities("No casualties were reported.") is None


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("on Thursday", "2023-08-17", "day"),
        ("on Friday", "2023-08-18", "day"),
        ("on Sunday night", "2023-08-13", "day"),
        ("last week", "2023-08-07", "week"),
        ("last month", "2023-07-01", "month"),
        ("yesterday", "2023-08-17", "day"),
        ("two days ago", "2023-08-16", "day"),
        ("on 8 May 2023", "2023-05-08", "day"),
        ("on May 8, 2023", "2023-05-08", "day"),
        ("on 12 August", "2023-08-12", "day"),
        ("in August 2021", "2021-08-01", "month"),
        ("in 2007", "2007-01-01", "year"),
    ],
)
def test_dates_resolved_against_published(text, date, precision):
    (found,) = find_dates(text, published=FRI)
    assert (found.date.isoformat(), found.precision) == (date, precision)


@pytest.mark.parametrize("text", ["on Thursday", "last week", "on Sunday night", "on 12 August"])
def test_relative_dates_stay_open_without_published(text):
    (found,) = find_dates(text)
    assert found.date is None and found.precision == "unknown"


def test_report_date_is_not_the_event_date():
    text = "Clashes broke out in Kurram, police said on Tuesday."
    (inc,) = incidents(text, published="2023-07-12")
    assert inc["date"] is None


def test_sentence_splitting_keeps_abbreviations():
    text = "Mr. Khan spoke in D.I. Khan on Monday. Then shelling hit Chaman."
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Khan spoke in D.I. Khan on Monday.",
        "Then shelling hit Chaman.",
    ]


# --- articles --------------------------------------------------------------------------


def test_header_block_and_overrides(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(
        "title: Fixture report\nurl: https://x.invalid/a\npublished: 2023-08-18\n\n" + CHAMAN
    )
    a = read_article(p)
    assert (a.title, a.url, a.published) == ("Fixture report", "https://x.invalid/a", FRI)
    assert a.text == CHAMAN
    b = read_article(p, published="2023-09-05", source_url="https://y.invalid", title="T")
    assert (b.title, b.url, b.published.isoformat()) == ("T", "https://y.invalid", "2023-09-05")


def test_prose_starting_with_a_colon_is_not_a_header():
    a = parse_article("Date: unknown as yet, officials said.\nMore text.")
    assert a.text.startswith("Date:") and a.published is None


def test_html_is_stripped_safely(tmp_path):
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>Fixture &amp; test</title>"
        '<meta property="article:published_time" content="2024-05-21T08:00:00Z">'
        "<script>var s = 'shelling hit Quetta';</script></head><body>"
        "<p>A bomb exploded in Landi Kotal on Monday &amp; wounded seven.</p>"
        "<p onclick=\"alert('Peshawar')\">No more.</p></body></html>"
    )
    a = read_article(p)
    assert a.title == "Fixture & test" and a.published == dt.date(2024, 5, 21)
    assert "Quetta" not in a.text and "alert" not in a.text and "<" not in a.text
    found = extract_article(p).incidents
    assert [(i["place"], i["date"]) for i in found] == [("Landi Kotal", "2024-05-20")]


def test_markdown_front_matter(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(
        '---\ntitle: "Fixture"\npublished: 2023-11-16\n---\n\n# Talks\n\n'
        "Officials met in **Jalalabad** on Wednesday for [talks](https://x.invalid).\n"
    )
    (inc,) = extract_article(p).incidents
    assert inc["event_type"] == "meeting" and inc["date"] == "2023-11-15"
    assert "**" not in inc["quote"] and "](" not in inc["quote"]


def test_cp1252_article_is_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Shelling hit Chaman \u2013 officials said.".encode("cp1252"))
    assert read_article(p).text.startswith("Shelling hit Chaman \u2013")


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty article"), (b"\x00\x01binary", "not a text file"), (b"title: x\n\n", "no text")],
)
def test_bad_articles(tmp_path, content, message):
    p = tmp_path / "a.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_article(p)


def test_bad_published_names_the_field(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("published: someday\n\nText.")
    with pytest.raises(InputError, match=r"a\.txt: field 'published'"):
        read_article(p)


def test_reader_hook_for_incident_files(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("published: 2023-09-05\n\n" + CHAMAN + " on Sunday night.")
    gdf = incidents_from_article(p)
    assert gdf[["place", "date", "article"]].values.tolist() == [["Chaman", "2023-09-03", str(p)]]


def test_missing_article_file_is_an_input_error():
    with pytest.raises(InputError, match="no such file"):
        extract_article("does-not-exist.txt")


# --- command line ----------------------------------------------------------------------


def run_cli(argv, capsys):
    from geomap.cli import extract

    parser = argparse.ArgumentParser()
    extract.add_parser(parser.add_subparsers())
    args = parser.parse_args(["extract", *argv])
    try:
        status = extract.run(args)
    except GeomapError as error:
        status = error.exit_status
        print(f"geomap: error: {error}", file=__import__("sys").stderr)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_cli_is_registered():
    from geomap.cli import _COMMANDS

    assert "extract" in _COMMANDS


def test_cli_json(tmp_path, capsys):
    p = tmp_path / "talks.txt"
    p.write_text("title: Fixture talks\n\n" + KABUL_TALKS)
    status, out, _ = run_cli([str(p), "--json", "--published", "2023-08-18", "--no-enrich"], capsys)
    assert status == 0
    data = json.loads(out)
    assert [(i["place"], i["event_type"], i["date"]) for i in data["incidents"]] == [
        ("Kabul", "meeting", "2023-08-17")
    ]
    inc = data["incidents"][0]
    assert inc["article"] == str(p) and inc["source_title"] == "Fixture talks"
    assert isinstance(inc["lat"], float)
    first = data["mentions"][0]
    assert set(first) >= {
        "text",
        "start",
        "end",
        "role",
        "article",
        "name",
        "lat",
        "lon",
        "country",
        "confidence",
    }
    status, out, _ = run_cli([str(p), "--json", "--no-enrich"], capsys)
    assert json.loads(out)["incidents"][0]["date"] is None


def test_cli_bad_input(tmp_path, capsys):
    status, _, err = run_cli([str(tmp_path / "missing.txt")], capsys)
    assert status == 2 and "no such file" in err and "Traceback" not in err
    p = tmp_path / "a.txt"
    p.write_text(CHAMAN)
    status, _, err = run_cli([str(p), "--published", "2023-13-45"], capsys)
    assert status == 2 and "published" in err


def test_cli_text_output(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text(CHAMAN + ".")
    status, out, _ = run_cli([str(p), "--no-enrich"], capsys)
    assert status == 0 and "shelling at Chaman (PK), date open" in out


def test_dateline_is_not_an_event():
    text = "KABUL (Fixture) - Taliban officials met Pakistani envoys in Doha on Tuesday."
    assert [i["place"] for i in incidents(text)] == ["Doha"]
    assert ("KABUL", "background") in mentions(text)


def test_possessive_qualifier_locates_the_town():
    text = "Two soldiers were killed in an attack in South Waziristan's Wana area on Friday."
    assert [i["place"] for i in incidents(text)] == ["Wana"]
    assert ("South Waziristan", "background") in mentions(text)
