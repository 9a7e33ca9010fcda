"""The data package: schemas, sources, dates, and clear errors for bad rows."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lessons import data, load
from lessons.__main__ import all_problems, main
from lessons.errors import CourseDataError

TABLES = data.table_names()


def test_every_table_is_listed_and_loads():
    assert {"sources", "article_claims", "places", "aleppo_figures"} <= set(TABLES)
    for name in TABLES:
        assert len(load(name)) > 0, name


def test_course_check_finds_no_problem(capsys):
    assert all_problems() == []
    assert main(["check"]) == 0
    assert "OK" in capsys.readouterr().out


@pytest.mark.parametrize("name", [t for t in TABLES if t != "sources"])
def test_every_row_cites_at_least_one_known_source(name):
    known = set(load("sources")["source_id"])
    table = load(name)
    if name == "further_reading":  # each row names one work, itself a row of the registry
        assert set(table["source_id"]) <= known
        return
    assert "source_ids" in table.columns
    for ids in table["source_ids"]:
        cited = [s for s in ids.split(";") if s]
        assert cited, f"{name}: a row cites nothing"
        assert set(cited) <= known, f"{name}: unknown source in {ids!r}"


def test_no_source_is_left_unused():
    problems = [p for p in all_problems() if "is not cited by any table" in p]
    assert problems == []


def test_dates_parse_and_fall_in_a_sensible_range():
    sources = load("sources")
    assert sources["accessed"].between("2020-01-01", pd.Timestamp.today()).all()
    published = sources["published"][sources["published"] != ""]
    assert published.str.match(r"^\d{4}(-\d{2}(-\d{2})?)?$").all()
    claims = load("article_claims")
    assert claims["reported_on"].between("2016-01-01", "2016-12-13").all()
    figures = load("aleppo_figures")
    assert figures["reported_on"].between("2016-11-01", "2017-01-31").all()
    has_both = figures["period_start"].notna() & figures["period_end"].notna()
    assert (figures.loc[has_both, "period_start"] <= figures.loc[has_both, "period_end"]).all()


def test_every_figure_has_a_number_or_a_range():
    figures = load("aleppo_figures")
    single = figures["value"].notna()
    ranged = figures["value_low"].notna() & figures["value_high"].notna()
    assert (single | ranged).all()
    assert (figures.loc[ranged, "value_low"] <= figures.loc[ranged, "value_high"]).all()
    share = figures["measure"].str.contains("percent")
    assert figures.loc[share, "value"].between(0, 100).all()


def test_article_claims_follow_the_article_in_order():
    claims = load("article_claims")
    assert list(claims["position"]) == list(range(1, len(claims) + 1))


def test_the_article_figures_are_in_the_figures_table():
    figures = load("aleppo_figures")
    cited = figures[figures["in_article"]]
    assert sorted(cited["value"]) == [82, 98, 1134, 100000]


def test_sohr_breakdown_adds_up_to_the_civilians_the_article_mentions():
    # SOHR's civilian lines: 442 in the east, 130 in the west, 9 in Sheikh Maqsoud = 581,
    # which the article rounded to "nearly 600".
    figures = load("aleppo_figures").set_index("figure_id")
    assert figures.loc["f02", "value"] + figures.loc["f03", "value"] + 9 == 581
    assert 550 < 581 < 600


def test_places_lie_in_syria_or_its_neighbours_and_name_their_arabic():
    places = load("places")
    syria = places[places["country"] == "Syria"]
    assert syria["lat"].between(32.3, 37.4).all() and syria["lon"].between(35.7, 42.4).all()
    assert (syria["name_ar"] != "").all()
    assert syria["is_governorate_capital"].sum() == 14


def test_map_outlines_ship_with_syria_and_its_neighbours():
    outlines = json.loads((data.data_dir() / "maps" / "syria_region.geojson").read_text())
    names = {f["properties"]["name"] for f in outlines["features"]}
    assert {"Syria", "Turkey", "Iraq", "Jordan", "Lebanon", "Israel", "Golan Heights"} <= names
    assert "public domain" in outlines["license"].lower()


def test_frictionless_finds_the_data_package_valid():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data.data_dir() / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors]
    assert report.valid, errors[:5]


def test_bad_csv_row_names_file_and_row(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[8] = "north"  # the lat column
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError) as error:
        load("places")
    assert "data/places.csv:4: lat must be a number, got 'north'" in str(error.value)


def test_row_with_a_missing_comma_names_file_and_row(data_copy):
    path = data_copy / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("broken-row,Publisher only")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match=rf"data/sources.csv:{len(lines)}: .*columns"):
        load("sources")


def test_unknown_source_id_names_file_and_row(data_copy):
    path = data_copy / "places.csv"
    text = path.read_text(encoding="utf-8").replace("wikipedia-afrin", "no-such-source")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CourseDataError, match=r"data/places.csv:\d+: source_ids names "
                                              r"'no-such-source'"):
        load("places")


def test_value_outside_allowed_list_is_named(data_copy):
    path = data_copy / "article_claims.csv"
    text = path.read_text(encoding="utf-8").replace(",partly,", ",maybe,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CourseDataError, match="verified_then must be one of"):
        load("article_claims")


def test_duplicate_id_is_named(data_copy):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match="place_id 'damascus' is already used on line 2"):
        load("places")


def test_check_command_prints_file_row_problems_and_fails(data_copy, capsys):
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",true,", ",yes,", 1),
                    encoding="utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "data/places.csv:2: is_governorate_capital must be true or false" in out


def test_unknown_dataset_lists_the_ones_there_are():
    with pytest.raises(CourseDataError, match="no dataset called 'placs'.*places"):
        load("placs")


def test_loaded_tables_are_copies_a_student_cannot_spoil():
    first = load("places")
    first.loc[0, "name"] = "changed"
    assert load("places").loc[0, "name"] == "Damascus"


def test_every_casualty_count_has_a_number_a_period_and_a_method():
    counts = load("casualties")
    has_number = counts["value"].notna() | (counts["value_low"].notna()
                                            & counts["value_high"].notna())
    assert has_number.all()
    dated = counts["period_start"].notna()
    assert (counts.loc[dated, "period_start"] <= counts.loc[dated, "period_end"]).all()
    assert (counts["published"] >= counts["period_end"]).all()
    assert (counts["method"].str.len() > 20).all()
    names = " ".join(counts["counter"])
    for counter in ("OHCHR", "HRDAG", "SOHR", "SNHR", "UCDP", "Violations Documentation Center"):
        assert counter in names, counter


def test_un_2022_estimate_is_documented_plus_estimated():
    counts = load("casualties").set_index("count_id")
    total = counts.loc["ohchr-2022-06-civilian-estimate", "value"]
    documented = counts.loc["ohchr-2022-06-civilian-documented", "value"]
    undocumented = counts.loc["ohchr-2022-06-civilian-undocumented-estimate", "value"]
    assert documented + undocumented == total == 306887


def test_a_source_read_in_a_copy_names_the_original_first_and_the_copy_apart():
    from lessons.sources import cite

    sources = load("sources")
    copied = sources[sources["copy_read_url"] != ""].iloc[0]
    line = cite(copied["source_id"])
    assert line.index(copied["url"]) < line.index(copied["copy_read_url"])
    assert "in a copy at" in line
    original = sources[sources["copy_read_url"] == ""].iloc[0]
    assert "in a copy at" not in cite(original["source_id"])


# ----------------------------------------------------------------- damaged files (issue 16, item 6)


def _check_output(capsys) -> tuple[int, str]:
    """Run `python -m lessons check` and return its exit code and what it printed."""
    code = main(["check"])
    return code, capsys.readouterr().out


def _append_to_line(path, number: int, extra: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] += extra
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_check_names_file_and_line_of_an_extra_comma(data_copy, capsys):
    _append_to_line(data_copy / "places.csv", 4, ",extra")
    code, out = _check_output(capsys)
    assert code == 1
    assert "data/places.csv:4: has 12 columns in the header" in out
    assert out.count("\n") == 2  # that one problem and the count: no knock-on errors


def test_an_extra_comma_in_the_source_registry_names_it_when_another_table_loads(data_copy,
                                                                                 capsys):
    _append_to_line(data_copy / "sources.csv", 4, ",extra")
    code, out = _check_output(capsys)
    assert code == 1 and "data/sources.csv:4:" in out
    with pytest.raises(CourseDataError, match=r"data/sources.csv:4: has 11 columns"):
        load("places")  # places links to the sources, so a notebook learns which file to fix


def test_a_byte_that_is_not_utf8_names_file_and_line(data_copy, capsys):
    path = data_copy / "places.csv"
    raw = path.read_bytes()
    line = raw[:raw.index(b"Syria's")].count(b"\n") + 1
    path.write_bytes(raw.replace(b"Syria's", b"Syria\x92s", 1))  # a word processor's apostrophe
    code, out = _check_output(capsys)
    assert code == 1
    assert f"data/places.csv:{line}: has a character that is not UTF-8" in out
    with pytest.raises(CourseDataError, match=rf"data/places.csv:{line}: .*not UTF-8"):
        load("places")


def test_a_byte_that_is_not_utf8_in_the_sources_names_sources_when_places_load(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b" \x93\n", 3))
    with pytest.raises(CourseDataError, match=r"data/sources.csv:1: has a character"):
        load("places")


def test_an_empty_table_names_file_and_line(data_copy, capsys):
    (data_copy / "places.csv").write_text("", encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1 and "data/places.csv:1: the file is empty" in out


@pytest.mark.parametrize("name", ["places", "sources"])
def test_a_missing_table_is_named_by_check_and_by_load(data_copy, capsys, name):
    (data_copy / f"{name}.csv").unlink()
    code, out = _check_output(capsys)
    assert code == 1 and f"data/{name}.csv: the file is missing" in out
    with pytest.raises(CourseDataError, match=rf"data/{name}.csv: the file is missing"):
        load("events")  # events link to places, and every table to the sources


def test_a_data_package_without_resources_is_named(data_copy, capsys):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    del package["resources"]
    path.write_text(json.dumps(package, indent=1), encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1 and "data/datapackage.json: has no list of 'resources'" in out
    with pytest.raises(CourseDataError, match="data/datapackage.json: has no list"):
        load("places")


def test_a_data_package_that_is_not_json_names_its_line(data_copy, capsys):
    path = data_copy / "datapackage.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ","  # a trailing comma, as easily typed by hand
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1 and "data/datapackage.json:3: is not valid JSON" in out


def test_a_table_schema_without_fields_is_named(data_copy, capsys):
    path = data_copy / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    del package["resources"][2]["schema"]["fields"]
    path.write_text(json.dumps(package, indent=1), encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1 and "data/datapackage.json" in out and "'places'" in out
    assert "'fields'" in out


def test_an_unclosed_quote_is_reported_at_its_own_line_without_knock_on_errors(data_copy,
                                                                              capsys):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",", ',"', 1)  # a quotation mark that is never closed
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1
    assert out.splitlines() == [
        "data/places.csv:4: a quotation mark opens a cell on this line and is not closed on it. "
        "Close the quotation, or remove it.",
        "1 problem(s) found."]


def test_an_unclosed_quote_on_the_last_line_is_named(data_copy, capsys):
    path = data_copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[-1] = lines[-1].replace(",", ',"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = _check_output(capsys)
    assert code == 1 and f"data/places.csv:{len(lines)}: a quotation mark opens" in out


def test_a_table_saved_with_a_byte_order_mark_still_loads(data_copy):
    path = data_copy / "places.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Notepad saves UTF-8
    assert load("places").loc[0, "place_id"] == "damascus"
