"""How the course's sources are cited: checks that keep each row resting on an original or a
reputable page, not on a mirror, an aggregator, a blog or a test server, not on an encyclopaedia
alone, and not on a party's state media alone unless the row says whose claim it is.

``python -m lessons check`` reports what these find, each as 'file:line: what is wrong'. A wire
story is cited by its agency (publisher "AFP"), with the outlet whose page the address is in
carried_by. ``python -m lessons sources`` lists the sources still cited through a copy, and gives
the share of data rows that cite an original or reputable source (see ``share``).
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


# --- Wire stories (issue 17) -------------------------------------------------------------------
# A story written by a news agency is cited by the agency: the agency is the publisher, the
# outlet whose page the address is on goes in carried_by, and a copy on a smaller site is kept
# in copy_read_url once the story is found on the agency's own site or a major outlet's.
AGENCIES = {
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press"),
    "Reuters": ("Reuters",),
    "Xinhua": ("Xinhua",),
    "dpa": ("dpa", "DPA"),
    "IANS": ("IANS",),
    "UPI": ("UPI", "United Press International"),
    "EFE": ("EFE",),
    "ANSA": ("ANSA",),
    "PTI": ("PTI",),
    "Bloomberg": ("Bloomberg",),
}
# The agencies' own sites.
AGENCY_HOSTS = ("reuters.com", "trust.org", "apnews.com", "afp.com", "xinhuanet.com", "news.cn",
                "efe.com", "upi.com", "ansa.it", "ansamed.info", "bloomberg.com",
                "businessweek.com", "bnnbloomberg.ca", "dpa.com", "ians.in", "ptinews.com")
# Major outlets: national newspapers and broadcasters, and the largest regional dailies. A wire
# story on one of these is carried by a reputable outlet; on any other site it is a copy.
MAJOR_NEWS_HOSTS = (
    # international and public broadcasters
    "bbc.co.uk", "bbc.com", "bbci.co.uk", "cnn.com", "aljazeera.com", "dw.com", "france24.com",
    "rferl.org", "voanews.com", "npr.org", "pri.org", "cbsnews.com", "abcnews.go.com",
    "nbcnews.com", "foxnews.com", "channel4.com", "itv.com", "abc.net.au", "sbs.com.au",
    "rnz.co.nz", "radionz.co.nz", "channelnewsasia.com", "ndtv.com", "europe1.fr",
    "sicnoticias.pt", "tsf.pt", "zdf.de", "orf.at", "sverigesradio.se", "lbcgroup.tv",
    "alarabiya.net", "ewn.co.za",
    # national and major regional newspapers, news magazines
    "theguardian.com", "independent.co.uk", "dailymail.co.uk", "standard.co.uk",
    "scotsman.com", "ft.com", "irishtimes.com", "irishexaminer.com", "irishnews.com",
    "nytimes.com", "washingtonpost.com", "latimes.com", "usatoday.com", "washingtontimes.com",
    "csmonitor.com", "chicagotribune.com", "sandiegouniontribune.com", "seattletimes.com",
    "startribune.com", "tampabay.com", "kansascity.com", "dispatch.com", "deseretnews.com",
    "deseret.com", "arkansasonline.com", "nationalpost.com", "time.com", "theatlantic.com",
    "newsweek.com", "foreignpolicy.com", "politico.com", "politico.eu", "spiegel.de", "welt.de",
    "volkskrant.nl", "smh.com.au", "news.com.au", "nzherald.co.nz", "haaretz.com", "jpost.com",
    "timesofisrael.com", "ynetnews.com", "hurriyetdailynews.com", "ahram.org.eg",
    "dailystar.com.lb", "lorientlejour.com", "thenationalnews.com", "thenational.ae",
    "gulfnews.com", "arabnews.com", "arabnews.pk", "newarab.com", "alaraby.co.uk",
    "middleeasteye.net", "qantara.de", "dawn.com", "thenews.com.pk", "hindustantimes.com",
    "thehindu.com", "indianexpress.com", "newindianexpress.com", "business-standard.com",
    "straitstimes.com", "scmp.com", "taipeitimes.com", "japantimes.co.jp", "rappler.com",
    "cyprus-mail.com", "maltatoday.com.mt", "dailysabah.com", "huffingtonpost.co.uk",
    "ibtimes.com", "todayszaman.com", "egyptindependent.com", "geo.tv", "dunyanews.tv",
    "brecorder.com", "thestatesman.com", "deccanchronicle.com", "zeenews.india.com",
    "bdnews24.com", "antaranews.com", "themalaymailonline.com", "thesundaily.my",
    "chinapost.com.tw", "chinadaily.com.cn", "chinadailyhk.com", "vov.vn", "omanobserver.om",
    "timesofoman.com", "mia.mk", "rd.nl", "em.com.br", "jamaica-gleaner.com",
    "standardmedia.co.ke", "saudigazette.com.sa", "thedailybeast.com", "al-monitor.com",
    "rudaw.net", "syriadirect.org", "enabbaladi.net",
    # the content servers of two of these papers, where their own pages are served
    "irishtimes-irishtimes-prod.web.arc-cdn.net",
    "irishtimes-irishtimes-prod.cdn.arcpublishing.com",
    "thenational-the-national-prod.cdn.arcpublishing.com",
)
# Sources that speak for themselves (a UN body, a government, a monitor, a research report) or
# are scholarship: reputable wherever they are read, unless the address is a weak copy.
ORIGINAL_KINDS = frozenset({"UN body", "NGO", "monitoring group", "research group", "government",
                            "data", "book", "journal article", "report", "library"})
NEWS_KINDS = frozenset({"news agency", "newspaper", "broadcaster", "magazine"})
AWAITING = "Awaiting an original"  # how a row's about says its address is still a copy


def host(url: str) -> str:
    """The host of an address, without "www." or a port: "www.reuters.com:443" -> "reuters.com"."""
    name = urlparse(url).netloc.lower().split(":")[0].rstrip(".")
    return name.removeprefix("www.")


def _on(url: str, hosts) -> bool:
    name = host(url)
    return any(name == h or name.endswith("." + h) for h in hosts)


def agency(publisher: str) -> str | None:
    """The agency a publisher is ("AP" for "Associated Press"), or None: the publisher must be
    the agency itself, not an outlet that carried its story ("France 24 (AFP)")."""
    return next((short for short, names in AGENCIES.items() if publisher.strip() in names), None)


def agencies_named(text: str) -> list[str]:
    """The agencies whose names stand in ``text`` as whole words."""
    return [short for short, names in AGENCIES.items() if _names_in(names, text)]


def reputable_address(url: str) -> bool:
    """Whether an address is on an agency's own site or a major outlet's."""
    return _on(url, AGENCY_HOSTS + MAJOR_NEWS_HOSTS)


def awaiting_original(row: dict) -> bool:
    """A wire story whose address is still a copy on a smaller site: neither the agency's own
    page nor a major outlet's has been found (and verified) yet."""
    return bool(agency(row["publisher"])) and not reputable_address(row["url"])


# "Lebanese daily carrying an AFP report": the way a row describes a story it cites through the
# outlet that carried it.
_CARRYING = re.compile(r"\b(carrying|republishing|reposting) (an? )?(?P<agency>" + "|".join(
    re.escape(n) for names in AGENCIES.values() for n in sorted(names, key=len, reverse=True))
    + r")( news-agency)? (report|copy|dispatch|story|text|timeline|chronology)\b")


def wire_problems() -> list[str]:
    """Wire stories not cited by their agency: a publisher that names an agency it is not
    ("France 24 (AFP)"), a row describing one agency's story carried by the publisher, a wire
    story on an outlet's page without carried_by, and a copy not marked as awaiting an original."""
    problems = []
    for line, row in data.rows_with_lines("sources"):
        where = f"data/sources.csv:{line}: source {row['source_id']!r}"
        publisher, carrier = row["publisher"], row.get("carried_by", "").strip()
        named = agencies_named(publisher)
        carrying = _CARRYING.search(row["about"])
        if named and not agency(publisher):
            problems.append(f"{where} names the agency inside its publisher ({publisher!r}). A "
                            f"wire story is cited by its agency: publisher {named[0]!r}, the "
                            "outlet that carried it in carried_by. An outlet's own story that "
                            "draws on agencies names only the outlet, and says so in about.")
        elif carrying and not agency(publisher) and len(set(agencies_named(row["about"]))) == 1:
            problems.append(f"{where} is described as an outlet carrying an agency story "
                            f"({carrying.group(0)!r}): make {carrying['agency']!r} the publisher "
                            f"and {publisher!r} carried_by.")
        if agency(publisher) and not carrier and not _on(row["url"], AGENCY_HOSTS):
            problems.append(f"{where} is a {publisher} story on {host(row['url'])}, which is "
                            "not the agency's own site: name that outlet in carried_by.")
        if awaiting_original(row) and AWAITING.casefold() not in row["about"].casefold():
            problems.append(f"{where} is a {publisher} story on {host(row['url'])}, not on the "
                            "agency's own site or a major outlet's. Find the story there and "
                            "move this address to copy_read_url, or say in about "
                            f"\"{AWAITING}: ...\".")
    return problems


# --- The share of rows resting on originals ------------------------------------------------------

def standing(source: dict) -> str:
    """How far a lesson can lean on a source: "copy" (its address is a mirror, an aggregator, a
    blog or a wire story awaiting its original), "reputable" (a body speaking for itself,
    scholarship, or news on an agency's own site or a major outlet's), or "other" (an
    encyclopaedia, or news on a smaller site)."""
    if weak_address(source["url"]) or awaiting_original(source):
        return "copy"
    if source["kind"] in ORIGINAL_KINDS:
        return "reputable"
    if source["kind"] in NEWS_KINDS and reputable_address(source["url"]):
        return "reputable"
    return "other"


def share() -> dict:
    """Of the data rows that cite sources (every table's rows with source_ids, not the registry
    itself), how many cite at least one reputable source, and how many rest only on copies."""
    sources = {row["source_id"]: row for _line, row in data.rows_with_lines("sources")}
    rows = reputable = copies_only = 0
    for name in data.table_names():
        if name == "sources":
            continue
        for _line, row in data.rows_with_lines(name):
            ids = [s.strip() for s in row.get("source_ids", "").split(";") if s.strip()]
            cited = [standing(sources[s]) for s in ids if s in sources]
            if not cited:
                continue
            rows += 1
            reputable += "reputable" in cited
            copies_only += all(s == "copy" for s in cited)
    return {"rows": rows, "reputable": reputable, "copies_only": copies_only,
            "reputable_percent": round(100 * reputable / rows) if rows else 0,
            "copies_only_percent": round(100 * copies_only / rows) if rows else 0}


def share_sentence() -> str:
    """The share as the README states it."""
    s = share()
    return (f"{s['reputable']:,} of the {s['rows']:,} data rows ({s['reputable_percent']}%) cite "
            f"at least one original or reputable source; {s['copies_only']:,} "
            f"({s['copies_only_percent']}%) rest only on copies")


# Sources whose original has not been found yet (issue 17): each still cites a copy in url, and
# `python -m lessons sources` lists them, with the wire stories awaiting an original. The list
# may only shrink: an id here whose address is fixed must be taken off (the check says so), and
# any other weak address fails the check.
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
    return new + fixed + wire_problems() + row_problems()


def still_to_replace() -> list[str]:
    """The weak addresses the course still cites, each as 'file:line: what is wrong'."""
    return [p for p in source_problems() if _weak_id(p) in STILL_TO_REPLACE]


def awaiting_originals() -> list[str]:
    """The wire stories still cited through a copy on a smaller site, as 'file:line: source'."""
    return [f"data/sources.csv:{line}: {row['source_id']} ({row['publisher']}, carried by "
            f"{row.get('carried_by') or host(row['url'])})"
            for line, row in data.rows_with_lines("sources")
            if awaiting_original(row) and row["source_id"] not in STILL_TO_REPLACE]


def add_command(sub) -> None:
    """``python -m lessons sources``: what still rests on copies, and the share that does not."""
    sub.add_parser("sources", help="list sources still cited through a copy, and the share of "
                                   "data rows citing an original or reputable source")


def run_command(_args) -> int:
    """Print the sources still awaiting an original, then the share; 0 unless the check fails."""
    waiting = still_to_replace() + awaiting_originals()
    for line in waiting:
        print(line)
    print(f"{len(waiting)} source(s) still cited through a copy.")
    print(share_sentence() + ".")
    return 1 if problems() else 0
