"""The parties to the war (data/actors.csv) and the links between them (data/actor_links.csv) as
verbs a notebook cell reads like a sentence: ``who_backed("syrian-government")``,
``renamings_table()``, ``actor_card("fsa")``, and the network charts drawn by name."""

from __future__ import annotations

import pandas as pd

from lessons.data import load
from lessons.errors import CourseError
from lessons.explore import Explorer
from lessons.tables import Card, Table, card, find_row, table

SOURCES_LABEL = "sources"
RELATION_HEADINGS = {
    "backed by": "backed by", "backed": "backed", "allied with": "allied with",
    "fought": "fought", "names and mergers": "names and mergers",
    "part of / members": "part of, or its members",
    "designated a terrorist group by": "listed as a terrorist group by",
}


def spoken_date(text: str) -> str:
    """A date as people write it, as precisely as it is known: "2011-07-29" -> "29 July 2011",
    "2011-08" -> "August 2011", "2011" -> "2011"."""
    if not text:
        return ""
    stamp = pd.Timestamp(text)
    if text.count("-") == 2:
        return f"{stamp.day} {stamp:%B %Y}"
    return f"{stamp:%B %Y}" if text.count("-") == 1 else text


def period(start: str, end: str) -> str:
    """A link's or an actor's dates in words: " (2011 to July 2017)", " (from 2015)" or ""."""
    start, end = spoken_date(start), spoken_date(end)
    if start and end:
        return f" ({start} to {end})"
    if start:
        return f" (from {start})"
    return f" (until {end})" if end else ""


def actor_name(actor_id: str) -> str:
    """The common English name of one actor, found by its id."""
    return find_row(load("actors"), actor_id)["name"]


def _named_links(links: pd.DataFrame) -> pd.DataFrame:
    """Links with the names of both ends, for reading."""
    names = load("actors").set_index("actor_id")["name"]
    return links.assign(from_name=links["from_actor"].map(names),
                        to_name=links["to_actor"].map(names))


def links_of(relation: str) -> pd.DataFrame:
    """Every link of one kind ("backed", "fought", "renamed to" ...), earliest first."""
    links = load("actor_links")
    return links[links["relation"] == relation].sort_values("start").reset_index(drop=True)


def links_involving(actor_id: str, relations: list[str] | None = None) -> pd.DataFrame:
    """Every link that starts or ends at one actor, optionally only some kinds of link."""
    links = load("actor_links")
    mine = (links["from_actor"] == actor_id) | (links["to_actor"] == actor_id)
    if relations is not None:
        mine = mine & links["relation"].isin(relations)
    return links[mine].sort_values("start").reset_index(drop=True)


def who_backed(actor_id: str) -> list[str]:
    """The names of those recorded as backing one actor, earliest first."""
    backing = links_of("backed")
    return [actor_name(a) for a in backing[backing["to_actor"] == actor_id]["from_actor"]]


def who_fought(actor_id: str) -> list[str]:
    """The names of those recorded as fighting one actor (in either direction), earliest first."""
    fighting = links_involving(actor_id, ["fought"])
    return [actor_name(a) for a in find_other_ends(fighting, actor_id)]


def sides_table() -> Card:
    """The broad groups ("sides") the course sorts the actors into, largest first, each with
    the names of its members listed one to a line."""
    actors = load("actors").sort_values("name")
    sides = [(f"{side} ({len(members)})", tuple(members["name"]))
             for side, members in actors.groupby("side", sort=False)]
    sides.sort(key=lambda side: len(side[1]), reverse=True)
    return Card("The parties in the course's actors table, by side (our label for the charts)",
                tuple(sides))


def _link_rows(links: pd.DataFrame) -> pd.DataFrame:
    shown = _named_links(links)
    shown["when"] = [period(s, e).strip(" ()") for s, e in zip(shown["start"], shown["end"])]
    return shown


def backing_table() -> Table:
    """Every case of backing in the data: who backed whom, when, and with what (the note)."""
    shown = _link_rows(links_of("backed"))
    return table(shown, {"from_name": "backer", "to_name": "backed", "when": "when",
                         "note": "what the backing was"},
                 caption="Who backed whom: every case in the course's links table, "
                         "earliest first.")


def renamings_table() -> Table:
    """Every renaming and merger in the data, earliest first, with what happened."""
    links = load("actor_links")
    chosen = links[links["relation"].isin(["renamed to", "merged into"])].sort_values("start")
    shown = _named_links(chosen)
    shown["when"] = [spoken_date(start) for start in shown["start"]]
    return table(shown, {"from_name": "group", "relation": "change", "to_name": "new group",
                         "when": "when", "note": "what happened"},
                 caption="Renamings and mergers in the course's links table, earliest first.")


def actor_relations(actor_id: str, actors: pd.DataFrame, links: pd.DataFrame) -> dict:
    """What the links say about one actor, in plain words, grouped under headings."""
    names = actors.set_index("actor_id")["name"]
    groups: dict[str, list[str]] = {
        "backed by": [], "backed": [], "allied with": [], "fought": [],
        "names and mergers": [], "part of / members": [], "designated a terrorist group by": [],
    }
    for _, link in links.iterrows():
        dates = period(link["start"], link["end"]).strip(" ()")
        when = f", {dates}" if dates else ""
        mine, other = link["from_actor"] == actor_id, link["to_actor"] == actor_id
        if not (mine or other):
            continue
        partner = names.get(link["to_actor"] if mine else link["from_actor"], "?")
        relation = link["relation"]
        if relation == "backed":
            groups["backed" if mine else "backed by"].append(partner + when)
        elif relation in ("fought", "allied with"):
            groups[relation].append(partner + when)
        elif relation in ("renamed to", "merged into"):
            text = f"{relation} {partner}" if mine else f"{partner} {relation} it"
            groups["names and mergers"].append(text + when)
        elif relation == "part of":
            groups["part of / members"].append(
                (f"part of {partner}" if mine else f"member: {partner}") + when)
        elif relation == "designated terrorist" and other:
            groups["designated a terrorist group by"].append(partner + when)
    return {heading: items for heading, items in groups.items() if items}


def source_names(source_ids: str) -> tuple[str, ...]:
    """Sources as short readable names ("Asharq Al-Awsat, August 2011"), for beside a text."""
    registry = load("sources").set_index("source_id")
    names = []
    for source_id in (s for s in source_ids.split(";") if s):
        row = registry.loc[source_id]
        names.append(f"{row['publisher']}, {spoken_date(row['published']) or 'undated'}")
    return tuple(names)


def actor_card(actor_id: str) -> Card:
    """One actor in full: its other names, dates, what it was, how it described itself, how its
    opponents described it, its links to others, and the sources. Each list (names, links,
    sources) is shown one item to a line."""
    actors = load("actors")
    row = find_row(actors, actor_id)
    shown = actors.assign(dates=[period(s, e).strip(" ()") or "not recorded"
                                 for s, e in zip(actors["formed"], actors["ended"])])
    columns = {"kind": "kind", "side": "side (our label)", "dates": "dates",
               "description": "what it was", "self_description": "how it described itself",
               "opponents_description": "how its opponents described it"}
    other_names = tuple(n.strip() for n in row["other_names"].split(";") if n.strip())
    fields = [("other names", other_names)] if other_names else []
    fields += card(shown, actor_id, columns).fields
    relations = actor_relations(actor_id, actors, load("actor_links"))
    fields += [(RELATION_HEADINGS[heading], tuple(items)) for heading, items in relations.items()]
    fields.append((SOURCES_LABEL, source_names(row["source_ids"])))
    return Card(row["name"], tuple(fields))


def actor_explorer():
    """A drop-down of every actor; choosing one shows its card."""
    import ipywidgets as w

    actors = load("actors").sort_values("name")
    options = list(zip(actors["name"], actors["actor_id"]))
    picker = w.Dropdown(options=options, description="Actor:", layout=w.Layout(width="60%"))
    shown = w.HTML(actor_card(picker.value)._repr_html_())

    def update(change):
        shown.value = actor_card(change["new"])._repr_html_()

    picker.observe(update, names="value")
    box = w.VBox([picker, shown])
    box.add_class("course-explorer")
    return Explorer(box)


def _names(ids) -> str:
    """Names joined the way a sentence lists them: "A, B and C"."""
    names = [actor_name(a) for a in dict.fromkeys(ids)]
    if len(names) <= 1:
        return "".join(names) or "none"
    return ", ".join(names[:-1]) + " and " + names[-1]


def network_facts(links: pd.DataFrame) -> dict:
    """The numbers and names a network chart's description needs, computed from its links."""
    side = load("actors").set_index("actor_id")["side"]
    ends = pd.concat([links["from_actor"], links["to_actor"]])
    counts = ends.value_counts()
    into = links["to_actor"].map(side)
    return {
        "links": len(links),
        "actors": ends.nunique(),
        "busiest": actor_name(counts.index[0]) if len(counts) else "none",
        "busiest_links": int(counts.iloc[0]) if len(counts) else 0,
        "to_government": _names(links[links["to_actor"] == "syrian-government"]["from_actor"]),
        "to_opposition": _names(links[into == "armed opposition"]["from_actor"]),
        "to_kurdish": _names(links[into == "Kurdish-led forces"]["from_actor"]),
    }


def network_chart(words, *, relations: list[str], show: bool = True):
    """A network figure from the catalogue: the chosen kinds of link between the actors, with
    a description whose numbers and names come from the links drawn."""
    from lessons import plots

    links = load("actor_links")
    chosen = links[links["relation"].isin(relations)]
    return plots.network(chosen, load("actors"), relations=relations, title=words.title,
                         description=words.describe(**network_facts(chosen)), show=show)


def one_actor_chart(words, *, actor: str, relations: list[str], show: bool = True):
    """A network figure of one actor's links of the chosen kinds: whom it backed and fought,
    and who backed and fought it. Change ``actor`` to compare two parties."""
    from lessons import plots

    chosen = links_involving(actor, relations)
    name = actor_name(actor)
    if chosen.empty:
        raise CourseError(f"The course's links table has no {' or '.join(relations)} links "
                          f"for {name}. Try another actor, such as \"turkey\".")
    backed = chosen[(chosen["from_actor"] == actor) & (chosen["relation"] == "backed")]
    facts = {**network_facts(chosen), "name": name,
             "backed": _names(backed["to_actor"]),
             "fought": _names(find_other_ends(chosen[chosen["relation"] == "fought"], actor))}
    return plots.network(chosen, load("actors"), relations=relations,
                         title=words.title.format(name=name),
                         description=words.describe(**facts), show=show)


def find_other_ends(links: pd.DataFrame, actor_id: str) -> list[str]:
    """For links touching one actor, the ids at the other end, in order, without repeats."""
    others = [b if a == actor_id else a for a, b in zip(links["from_actor"], links["to_actor"])]
    return list(dict.fromkeys(others))
