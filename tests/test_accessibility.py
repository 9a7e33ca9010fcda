"""Accessibility checks outside JupyterLab: colours under simulated colour-vision deficiencies,
charts that never rely on colour alone, and axe-core over every lesson's static HTML export.
(The same axe check over lessons open in JupyterLab is in tests/in_browser.py.)"""

from __future__ import annotations

import itertools
import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from in_browser import axe_violations, severe
from servers import ROOT, chromium, need_browser

from lessons import guide, load, plots
from lessons.catalog import all_lessons

# Simulated at full severity (the strongest form of each deficiency) with colorspacious.
DEFICIENCIES = ["deuteranomaly", "protanomaly", "tritanomaly"]
# Distance in CAM02-UCS (deltaE). About 10 is a large, easily seen difference between two flat
# areas of colour; normal vision sees the Okabe-Ito palette's closest pair at about 21.
MIN_DISTANCE = 10


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255


@pytest.mark.parametrize("deficiency", [None, *DEFICIENCIES])
def test_palette_stays_distinguishable_with_colour_vision_deficiencies(deficiency):
    from colorspacious import cspace_convert, deltaE

    seen = {}
    for name, hex_colour in plots.PALETTE.items():
        colour = _rgb(hex_colour)
        if deficiency:
            colour = np.clip(cspace_convert(colour, {"name": "sRGB1+CVD", "cvd_type": deficiency,
                                                     "severity": 100}, "sRGB1"), 0, 1)
        seen[name] = colour
    closest = min((deltaE(seen[a], seen[b], input_space="sRGB1"), a, b)
                  for a, b in itertools.combinations(seen, 2))
    assert closest[0] >= MIN_DISTANCE, f"{deficiency}: {closest[1]} and {closest[2]} look alike"


def test_a_colour_the_simulation_cannot_tell_apart_is_caught():
    """The check above can fail: red and green under deuteranomaly come out too close."""
    from colorspacious import cspace_convert, deltaE

    simulate = {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100}
    red_green = [cspace_convert(_rgb(c), simulate, "sRGB1") for c in ("#D00000", "#4A9A00")]
    assert deltaE(np.clip(red_green[0], 0, 1), np.clip(red_green[1], 0, 1),
                  input_space="sRGB1") < MIN_DISTANCE


def _legend_keys(fig) -> list[tuple]:
    """What tells each legend entry apart besides its colour: pattern, marker or line style."""
    keys = []
    for ax in fig.axes:
        legend = ax.get_legend()
        for handle in (legend.legend_handles if legend else []):
            if hasattr(handle, "get_hatch") and not hasattr(handle, "get_marker"):
                keys.append(("pattern", handle.get_hatch() or "solid"))
            else:
                hollow = handle.get_markerfacecolor() in ("white", "none", "#ffffff")
                keys.append(("line", handle.get_marker(), handle.get_linestyle(), hollow))
    return keys


def _chart(name: str):
    """Draw one kind of chart from the course's real tables, as the lessons do."""
    common = {"title": "t", "description": "d", "show": False}
    if name == "timeline":
        return plots.timeline(load("events"), **common)
    if name == "control chart":
        return plots.control_chart(load("city_control"), start="2011-03-01", end="2026-01-31",
                                   **common)
    if name.startswith("network"):
        relations = ["backed"] if name == "network (backed)" else ["fought"]
        return plots.network(load("actor_links"), load("actors"), relations=relations, **common)
    if name == "grouped bars":
        counts = load("casualties")
        counts = counts[counts["who_counted"] == "all deaths"].reset_index(drop=True)
        counts["who and when"] = counts["counter"] + " " + counts["published"].astype(str)
        return plots.bar(counts, label="who and when", value="value", value_label="people",
                         group="documented_or_estimated", sources=counts["source_ids"],
                         table="casualties", **common)
    refugees = load("displacement")
    refugees = refugees[(refugees["measure"] == "refugees (in a host country)")
                        & refugees["place"].isin(["Turkey", "Lebanon", "Jordan", "Iraq"])]
    return plots.lines(refugees, x="as_of", y="value", group="place", x_label="date",
                       y_label="refugees", sources=refugees["source_ids"], table="displacement",
                       **common)


@pytest.mark.parametrize("name", ["timeline", "control chart", "network (backed)",
                                  "network (fought)", "grouped bars", "lines"])
def test_no_chart_relies_on_colour_alone(name):
    fig = _chart(name)
    keys = _legend_keys(fig)
    named_on_chart = [t.get_text() for ax in fig.axes for t in ax.texts]
    plt.close(fig)
    if not keys:  # a chart without a legend must name its series on the chart itself
        assert name == "lines" and len(named_on_chart) >= 4
        return
    repeated = [k for k in keys if keys.count(k) > 1]
    assert not repeated, f"{name}: legend entries told apart by colour only: {repeated}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    return [guide.export_html(lesson.id, folder) for lesson in all_lessons()]


def test_exported_lessons_have_no_serious_accessibility_violation(exported):
    need_browser()
    found = {}
    with chromium() as browser:
        page = browser.new_page()
        for path in exported:
            page.goto(path.as_uri())
            problems = severe(axe_violations(page))
            if problems:
                found[path.name] = problems
    assert len(exported) == len(all_lessons())
    assert not found, json.dumps(found, indent=1)


def test_exported_lessons_keep_every_explorer_as_its_views(exported):
    # The export sets COURSE_STATIC_EXPORT, so an explorer's views are drawn there, while a
    # live lesson draws only the widgets (tests/test_control_map.py).
    for lesson, path in zip(all_lessons(), exported):
        source = (ROOT / "notebooks" / lesson.notebook).read_text(encoding="utf-8")
        explorers = len(re.findall(r"_explorer\(|explore=True", source))
        page = path.read_text(encoding="utf-8")
        assert page.count("course-explorer-static") == explorers, lesson.id
        assert "An explorer: run this cell in JupyterLab" not in page, lesson.id


def test_axe_check_tells_our_content_from_jupyterlabs_and_can_fail():
    """An unlabelled box inside an output counts as ours; the same box outside is JupyterLab's."""
    need_browser()
    from in_browser import OUR_CONTENT

    page_html = ('<html lang="en"><head><title>t</title></head><body><main>'
                 '<div class="jp-OutputArea"><input type="text"></div>'
                 '<div class="jp-Toolbar"><input type="text"></div></main></body></html>')
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(page_html)
        found = [(v["id"], v["ours"], v["count"]) for v in axe_violations(page, OUR_CONTENT)]
    assert ("label", True, 1) in found and ("label", False, 1) in found
