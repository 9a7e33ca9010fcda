"""Sources a teacher can click and trust: `lessons check` reports an address on a mirror,
aggregator, blog or test server, a source with no kind, a row resting only on an encyclopaedia,
and a row resting only on a party's state media without saying whose claim it is."""

from __future__ import annotations

import pytest

from lessons import sourcing


def _append(path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("url, why", [
    ("https://wikimili.com/en/Aleppo", "wikimili"),
    ("https://news.blogspot.com/2016/12/aleppo.html", "blogspot"),
    ("https://www.devdiscourse.com/article/123", "devdiscourse"),
    ("https://test.pax.peaceagreements.org/agreements/1", "test server"),
    ("https://web.staging.ohchr.org/en/briefing", "test server"),
])
def test_weak_addresses_are_named(url, why):
    assert why in sourcing.weak_address(url)


@pytest.mark.parametrize("url", ["https://www.reuters.com/article/x",
                                 "https://undocs.org/S/RES/2118(2013)",
                                 "https://en.wikipedia.org/wiki/Aleppo",
                                 "https://www.contest.org/page", "https://www.bbc.co.uk/news/1"])
def test_original_addresses_pass(url):
    assert sourcing.weak_address(url) is None


def test_state_outlets_are_told_apart_from_names_that_contain_them():
    assert sourcing.state_outlet("SANA") == "SANA"
    assert sourcing.state_outlet("Sputnik (Japanese edition)") == "Sputnik"
    assert sourcing.state_outlet("Fars News Agency") == "Fars"
    assert sourcing.state_outlet("Reuters") is None
    assert sourcing.state_outlet("Sanaa Post") is None  # "SANA" only as a whole word


def test_the_course_data_has_no_weak_source_beyond_the_known_list(data_copy):
    assert sourcing.problems() == []
    assert len(sourcing.still_to_replace()) == len(sourcing.STILL_TO_REPLACE)


def test_a_source_taken_off_the_list_while_still_weak_is_reported(data_copy, monkeypatch):
    known = sorted(sourcing.STILL_TO_REPLACE)
    monkeypatch.setattr(sourcing, "STILL_TO_REPLACE", frozenset(known[1:]))
    assert any(f"'{known[0]}' links to" in p for p in sourcing.problems())


def test_a_fixed_source_left_on_the_list_is_reported(data_copy, monkeypatch):
    monkeypatch.setattr(sourcing, "STILL_TO_REPLACE",
                        sourcing.STILL_TO_REPLACE | {"reuters-2016-02-27-cessation"})
    assert any("'reuters-2016-02-27-cessation' no longer cites a copy" in p
               for p in sourcing.problems())


def test_a_mirror_address_and_a_missing_kind_are_reported(data_copy):
    _append(data_copy / "sources.csv", "test-mirror,WikiMili,,Aleppo,,"
            "https://wikimili.com/en/Aleppo,2026-11-25,encyclopaedia,,,")
    problems = sourcing.source_problems()
    assert any("'test-mirror' links to a copy on wikimili" in p for p in problems)


def test_a_row_resting_only_on_an_encyclopaedia_is_reported(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    line = text.splitlines()[1]
    sources_text = line.rsplit(",", 1)[1]
    wiki = "wikipedia-siege-of-homs-copy"
    _replace(data_copy / "events.csv", line, line[: -len(sources_text)] + wiki)
    assert any(p.startswith("data/events.csv:2: rests only on an encyclopaedia")
               for p in sourcing.row_problems())


def test_a_row_resting_only_on_state_media_must_say_so(data_copy):
    text = (data_copy / "events.csv").read_text(encoding="utf-8")
    line = text.splitlines()[1]
    sources_text = line.rsplit(",", 1)[1]
    _replace(data_copy / "events.csv", line, line[: -len(sources_text)]
             + "sputnik-2016-12-09-russia-93-percent")
    assert any(p.startswith("data/events.csv:2: rests only on the state media")
               and "(Sputnik)" in p for p in sourcing.row_problems())


# --- wire stories: cited by the agency, the carrier apart ---------------------------------------

WIRE = ("afp-2012-03-01-baba-amr", "France 24")  # an AFP story carried by France 24


def _source_line(data_copy, source_id: str) -> str:
    text = (data_copy / "sources.csv").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(source_id + ","))


def test_a_wire_story_names_its_agency_as_publisher_and_its_carrier_apart():
    from lessons.data import load

    row = load("sources").set_index("source_id").loc[WIRE[0]]
    assert (row["publisher"], row["carried_by"], row["kind"]) == ("AFP", "France 24",
                                                                  "news agency")


def test_a_wire_story_cited_through_the_paper_that_carried_it_is_reported(data_copy):
    line = _source_line(data_copy, WIRE[0])
    _replace(data_copy / "sources.csv", line, line.replace(",AFP,", ",France 24 (AFP),", 1))
    assert any(f"'{WIRE[0]}' names the agency inside its publisher" in p
               for p in sourcing.problems())


def test_an_outlet_described_as_carrying_an_agency_story_is_reported(data_copy):
    _append(data_copy / "sources.csv", "test-carried,Some Daily,,A headline,2016-12-13,"
            "https://www.somedaily.example/story,2026-11-25,newspaper,"
            "Regional daily carrying an AFP report.,,")
    assert any("'test-carried' is described as an outlet carrying an agency story" in p
               for p in sourcing.problems())


def test_a_wire_story_on_an_outlets_page_must_name_the_carrier(data_copy):
    line = _source_line(data_copy, WIRE[0])
    _replace(data_copy / "sources.csv", line, line.rsplit(",", 1)[0] + ",")
    assert any(f"'{WIRE[0]}' is a AFP story on france24.com" in p and "carried_by" in p
               for p in sourcing.problems())


def test_a_wire_copy_on_a_small_site_must_say_it_awaits_its_original(data_copy):
    _append(data_copy / "sources.csv", "test-wire-copy,AFP,,A headline,2016-12-13,"
            "https://www.smallsite.example/story,2026-11-25,news agency,"
            "AFP story carried by a small news site.,,Small Site")
    assert any("'test-wire-copy' is a AFP story on smallsite.example, not on the agency's "
               "own site" in p for p in sourcing.problems())
    text = (data_copy / "sources.csv").read_text(encoding="utf-8")
    (data_copy / "sources.csv").write_text(text.replace(
        "carried by a small news site.", f"carried by a small news site. {sourcing.AWAITING}: "
        "not found elsewhere yet."), encoding="utf-8")
    assert not any("test-wire-copy" in p for p in sourcing.problems())
    assert any("test-wire-copy" in line for line in sourcing.awaiting_originals())


@pytest.mark.parametrize("url, reputable", [
    ("https://apnews.com/article/x", True), ("https://www.reuters.com/world/x", True),
    ("https://www.france24.com/en/x", True), ("https://www.irishtimes.com/news/x", True),
    ("https://localnews8.com/news/x", False), ("https://yourmiddleeast.com/x", False),
    ("https://news.yahoo.com/x", False), ("https://reuters.com.example/x", False)])
def test_reputable_carriers_are_the_agencies_and_major_outlets(url, reputable):
    assert sourcing.reputable_address(url) is reputable


def test_agency_is_the_publisher_itself_not_an_outlet_naming_it():
    assert sourcing.agency("AFP") == "AFP"
    assert sourcing.agency("Associated Press") == "AP"
    assert sourcing.agency("France 24 (AFP)") is None
    assert sourcing.agencies_named("France 24 (AFP)") == ["AFP"]
    assert sourcing.agencies_named("Apple Daily") == []


def test_a_lesson_shows_a_wire_story_by_agency_date_and_headline():
    from lessons.sources import cite

    line = str(cite(WIRE[0]))
    assert line.startswith("AFP, 1 March 2012, \u201cRebels make 'tactical' retreat from Baba "
                           "Amr in Homs\u201d (carried by France 24). http://www.france24.com/")


# --- the share of rows resting on originals -------------------------------------------------------

def test_standing_tells_originals_from_copies():
    base = {"publisher": "UNHCR", "kind": "UN body", "url": "https://www.unhcr.org/x",
            "about": ""}
    assert sourcing.standing(base) == "reputable"
    assert sourcing.standing({**base, "url": "https://www.scribd.com/x"}) == "copy"
    assert sourcing.standing({**base, "kind": "encyclopaedia"}) == "other"
    wire = {**base, "publisher": "AP", "kind": "news agency"}
    assert sourcing.standing({**wire, "url": "https://apnews.com/x"}) == "reputable"
    assert sourcing.standing({**wire, "url": "https://kvia.com/x"}) == "copy"
    news = {**base, "publisher": "Naharnet", "kind": "newspaper"}
    assert sourcing.standing({**news, "url": "https://www.naharnet.com/x"}) == "other"


def test_the_share_counts_every_table_row_that_cites_sources():
    found = sourcing.share()
    assert 0 < found["copies_only"] < found["reputable"] <= found["rows"]
    assert found["rows"] >= 800  # events, documents, figures, places... not the registry


def test_the_readme_gives_the_share_the_data_gives():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert sourcing.share_sentence() in " ".join(readme.split()), (
        "README.md's 'How the data is sourced' should say: " + sourcing.share_sentence())
