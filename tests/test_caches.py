"""What the package reads once and keeps (the data package, the source registry, the readable
places) is read again as soon as its file changes, and no caller can change what the next reads."""

from __future__ import annotations

import os

from lessons import data, places, sources


def _edit(path, old: str, new: str) -> None:
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_changed_sources_file_is_read_again_for_names_and_lines(data_copy):
    first = data.load("sources").iloc[0]
    before = sources.named([first["source_id"]])
    assert before.startswith(first["publisher"])
    _edit(data_copy / "sources.csv", f"{first['source_id']},{first['publisher']},",
          f"{first['source_id']},Renamed Publisher,")
    assert sources.named([first["source_id"]]).startswith("Renamed Publisher")
    assert "Renamed Publisher" in str(sources.cite(first["source_id"]))


def test_a_changed_places_file_is_read_again_by_find_place(data_copy):
    assert places.find_place("Homs")["name"] == "Homs"
    _edit(data_copy / "places.csv", "homs,Homs,", "homs,Hims,")
    assert places.find_place("homs")["name"] == "Hims"


def test_the_data_package_is_read_again_when_it_changes(data_copy):
    before = data.read_package()
    text = (data_copy / "datapackage.json").read_text(encoding="utf-8")
    assert '"name": "sources",' in text
    _edit(data_copy / "datapackage.json", '"name": "sources",',
          '"name": "sources", "x-note": "edited",')
    after = data.read_package()
    assert "x-note" not in str(before) and "edited" in str(after)


def test_changing_the_package_one_caller_got_does_not_change_the_next(data_copy):
    package = data.read_package()
    package["resources"].clear()
    assert data.read_package()["resources"]
