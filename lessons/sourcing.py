"""How the course's sources are cited: checks that keep each row resting on an original or a
reputable page, not on a mirror, an aggregator, a blog or a test server, not on an encyclopaedia
alone, and not on a party's state media alone unless the row says whose claim it is.

``python -m lessons check`` reports what these find, each as 'file:line: what is wrong'.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from lessons import data

# Copies of Wikipedia, news aggregators, blogs and document-sharing sites: a reader who clicks
# should meet the publisher, so such an address belongs in copy_read_url, never in url.
WEAK_HOSTS = re.compile(
    r"(askwikinow|clateway|gravy\.cc|ipfs|worddisk|piglix|wikimili|owiki|movatter|kiwix|iiab\.me"
    r"|atozwiki|liquisearch|webjosh|tellerreport|warsintheworld|devdiscourse|urdupoint|blogspot"
    r"|wordpress\.com|studylib|docslib|scribd|vdocuments|rssing|translate\.goog)", re.I)
TEST_SERVER = re.compile(r"(^|[.-])(test|testing|staging|dev)([.-]|$)", re.I)

# The news agencies and broadcasters of governments that were parties to the war (Syria,
# Russia, Iran, Turkey) and of Hezbollah: each speaks for its side, so a row resting on them
# alone must name them as the source of the claim.
STATE_MEDIA = {
    "SANA": ("SANA", "Syrian Arab News Agency"),
    "Syrian state television": ("Syrian TV", "Syrian state TV", "Syrian state television",
                                "Al-Ikhbariya"),
    "RT": ("RT", "Russia Today"),
    "Sputnik": ("Sputnik",),
    "TASS": ("TASS",),
    "Press TV": ("Press TV",),
    "IRNA": ("IRNA",),
    "Tasnim": ("Tasnim",),
    "Fars": ("Fars",),
    "Al-Manar": ("Al-Manar", "Al Manar"),
    "Anadolu": ("Anadolu",),
    "TRT": ("TRT",),
}
# Whose outlet each is: a row whose own "who said it" column names that side attributes it.
PARTY = {"SANA": ("Syria", "government"), "Syrian state television": ("Syria", "government"),
         "RT": ("Russia",), "Sputnik": ("Russia",), "TASS": ("Russia",), "Press TV": ("Iran",),
         "IRNA": ("Iran",), "Tasnim": ("Iran",), "Fars": ("Iran",), "Al-Manar": ("Hezbollah",),
         "Anadolu": ("Turk",), "TRT": ("Turk",)}
WHO_COLUMNS = ("counter", "attribution", "who", "who_counted", "original_source")
# Place coordinates may rest on a reference work; every other fact needs more.
REFERENCE_ALLOWED = {"places", "sources"}


def weak_address(url: str) -> str | None:
    """Why ``url`` should not be what a lesson links to (a mirror, an aggregator, a blog, a
    test server), or None."""
    host = urlparse(url).netloc.lower()
    found = WEAK_HOSTS.search(url)
    if found:
        return f"a copy on {found.group(1)}"
    if host and TEST_SERVER.search(host.split(":")[0].rsplit(".", 2)[0]):
        return f"a test server ({host})"
    return None


def _names_in(names, text: str) -> bool:
    """Whether any of ``names`` stands in ``text`` as a whole word ("SANA", not "Sanaa")."""
    return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in names)


def state_outlet(publisher: str) -> str | None:
    """The party's outlet a publisher is (``"SANA"``), or None."""
    return next((outlet for outlet, names in STATE_MEDIA.items()
                 if _names_in(names, publisher)), None)


def source_problems() -> list[str]:
    """Problems in data/sources.csv itself: a weak address in url, a source with no kind."""
    problems = []
    for line, row in data.rows_with_lines("sources"):
        where = f"data/sources.csv:{line}: source {row['source_id']!r}"
        why = weak_address(row["url"])
        if why:
            problems.append(f"{where} links to {why}. Put the original publisher's address in "
                            "url (a UN document by its symbol, a wire story by its agency) and "
                            "this address in copy_read_url.")
        if not row.get("kind", "").strip():
            problems.append(f"{where} has no kind (news agency, UN body, encyclopaedia...)")
    return problems


def _row_text(row: dict) -> str:
    return " ".join(value for key, value in row.items() if key != "source_ids")


def _attributed(row: dict, outlet: str) -> bool:
    """Whether a row says whose claim it holds: it names the outlet, or its own "who said it"
    column names the outlet's side (a count "claimed" by Russia's defence minister)."""
    if _names_in(STATE_MEDIA[outlet], _row_text(row)):
        return True
    who = " ".join(row.get(column, "") for column in WHO_COLUMNS)
    return any(party.casefold() in who.casefold() for party in PARTY[outlet])


def row_problems() -> list[str]:
    """Rows of the data tables that rest only on an encyclopaedia, or only on a party's state
    media without naming that outlet in the row."""
    sources = {row["source_id"]: row for _line, row in data.rows_with_lines("sources")}
    problems = []
    for name in data.table_names():
        if name in REFERENCE_ALLOWED:
            continue
        for line, row in data.rows_with_lines(name):
            ids = [s.strip() for s in row.get("source_ids", "").split(";") if s.strip()]
            cited = [sources[s] for s in ids if s in sources]
            if not cited or len(cited) != len(ids):
                continue  # a missing source is reported by the table's own check
            where = f"data/{name}.csv:{line}"
            if all(s["kind"] == "encyclopaedia" for s in cited):
                problems.append(f"{where}: rests only on an encyclopaedia "
                                f"({', '.join(ids)}). Cite the original it draws on as well.")
            outlets = [state_outlet(s["publisher"]) for s in cited]
            if all(outlets):
                unnamed = sorted({o for o in outlets if not _attributed(row, o)})
                if unnamed:
                    problems.append(f"{where}: rests only on the state media of a party to the "
                                    f"war ({', '.join(unnamed)}) and does not say so. Name the "
                                    "outlet in the row (\"SANA, the government's agency, "
                                    "said...\"), or cite an independent source.")
    return problems


# Sources whose original has not been found yet (issue 17): each still cites a copy in url, and
# `python -m lessons sources` lists them. The list may only shrink: an id here whose address is
# fixed must be taken off (the check says so), and any other weak address fails the check.
STILL_TO_REPLACE = frozenset({
    "afp-2017-07-23-idlib-via-blog",
    "aljazeera-2016-07-28-jfs-announcement",
    "arableague-2012-01-observer-report",
    "bbc-2011-07-08-hama-copy",
    "blog-wiki-copy-baghdadi",
    "cnn-2011-04-25-daraa-copy",
    "devdiscourse-2024-12-08-homs",
    "devdiscourse-2025-02-25-eu-suspends",
    "icrc-bias-claims-2012-02-repost",
    "reuters-blogrepost-2016-12-12-lastmoments",
    "scribd-2013-snhr-methodology",
    "sputnik-2021-04-21-damascus-condemns",
    "sputnik-2021-04-21-shulgin-black-day",
    "studylib-2013-01-02-hrdag-preliminary",
    "time-2011-03-22-daraa",
    "undpi-2013-09-27-res2118-copy",
    "unhcr-lebanon-2016-q1-update",
    "unhcr-lebanon-factsheet-2022-01",
    "urdupoint-afp-2016-12-14-aleppo-deal",
    "urdupoint-afp-2020-06-09-hafez-key-dates",
    "vdocuments-2013-06-13-hrdag-updated",
    "vdocuments-us-2013-06-13-hrdag-updated",
    "webjosh-hindu-2024-12-08-homs",
    "wfp-2018-08-regional-update",
})


def _weak_id(problem: str) -> str | None:
    found = re.search(r"source '([^']+)' links to", problem)
    return found.group(1) if found else None


def problems() -> list[str]:
    """What the check must report: weak addresses not yet on the list above, ids on the list
    that are no longer weak, and every row resting on an encyclopaedia or state media alone."""
    found = source_problems()
    weak = {_weak_id(p) for p in found}
    new = [p for p in found if _weak_id(p) not in STILL_TO_REPLACE]
    fixed = [f"lessons/sourcing.py: {sid!r} no longer cites a copy: take it off "
             "STILL_TO_REPLACE" for sid in sorted(STILL_TO_REPLACE - weak)]
    return new + fixed + row_problems()


def still_to_replace() -> list[str]:
    """The weak addresses the course still cites, each as 'file:line: what is wrong'."""
    return [p for p in source_problems() if _weak_id(p) in STILL_TO_REPLACE]
