# one-off helper to write data/datapackage.json readably (not shipped)
import json
ID = {"pattern": "^[a-z0-9][a-z0-9-]*$"}
def f(name, type="string", desc="", required=False, **c):
    field = {"name": name, "type": type, "description": desc}
    cons = dict(c)
    if required: cons["required"] = True
    if type == "list":
        field["delimiter"] = ";"; field["itemType"] = "string"
    if cons: field["constraints"] = cons
    return field
SRC = f("source_ids", "list", "Ids of the rows of sources.csv this row rests on, separated by ';'.", True)
FK = [{"fields": "source_ids", "reference": {"resource": "sources", "fields": "source_id"}}]
DATE = "^\\d{4}(-\\d{2}(-\\d{2})?)?$"
pkg = {
 "name": "syria-war-course-data",
 "title": "Data for the Syria war course",
 "description": "Every table the lessons use. Each row cites one or more rows of sources.csv in its source_ids column.",
 "version": "0.1.0",
 "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0 (our tables; the facts come from the cited sources)"}],
 "resources": [
  {"name": "sources", "path": "sources.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
   "description": "The source registry: every publication a row of data or a lesson cites.",
   "schema": {"fields": [
     f("source_id", desc="Short id used in source_ids columns and lessons.", required=True, unique=True, **ID),
     f("publisher", desc="Organisation that published the source.", required=True),
     f("author", desc="Named author or speaker, where one is given."),
     f("title", desc="Title of the page, report or article.", required=True),
     f("published", desc="Date published: YYYY-MM-DD, or YYYY-MM / YYYY when only that is known.", pattern=DATE),
     f("url", desc="Where we read it.", required=True, pattern="^https?://\\S+$"),
     f("accessed", "date", "When we read it (a stored copy of the page).", True),
     f("kind", desc="What kind of source this is.", required=True, enum=["UN body","NGO","monitoring group","news agency","newspaper","broadcaster","magazine","encyclopaedia","government","research group","library","data"]),
     f("about", desc="Who the source is, in one neutral sentence.", required=True)],
    "primaryKey": "source_id"}},
  {"name": "article_claims", "path": "article_claims.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
   "description": "Each factual claim of the Slate article of 13 December 2016, paraphrased, with who it is attributed to, its scope, whether it was verified then, and what later sources reported.",
   "schema": {"fields": [
     f("claim_id", desc="Short id.", required=True, unique=True, **ID),
     f("position", "integer", "Order of the claim in the article (1 = first).", True, minimum=1),
     f("claim", desc="The claim in our own words.", required=True),
     f("attributed_in_article", desc="Who the article says the claim comes from.", required=True),
     f("original_source", desc="Who first said it, as far as we could trace it.", required=True),
     f("figure", "number", "The number in the claim, if any."),
     f("unit", desc="What the number counts."),
     f("scope_place", desc="The place the claim is about."),
     f("scope_period", desc="The period the claim is about."),
     f("reported_on", "date", "The day the original source made the claim public.", True),
     f("verified_then", desc="Whether the claim could be checked in December 2016.", required=True, enum=["yes","partly","no","not checkable"]),
     f("verified_then_note", desc="Why, in one sentence.", required=True),
     f("later_finding", desc="What later sources reported."),
     SRC],
    "primaryKey": "claim_id", "x-foreignKeys": FK}},
  {"name": "places", "path": "places.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
   "description": "Syria's main cities and the places the course names, with their Arabic names and coordinates.",
   "schema": {"fields": [
     f("place_id", desc="Short id.", required=True, unique=True, **ID),
     f("name", desc="Common English name.", required=True),
     f("other_names", desc="Other spellings and names, separated by ';'."),
     f("name_ar", desc="Name in Arabic script."),
     f("kind", desc="Capital of a country, city, town or village.", required=True, enum=["capital","city","town","village"]),
     f("country", desc="Country the place is in.", required=True, enum=["Syria","Lebanon","Jordan","Iraq","Turkey"]),
     f("governorate", desc="Syrian governorate (muhafazah), for places in Syria."),
     f("is_governorate_capital", "boolean", "true if the place is the seat of its governorate.", True),
     f("lat", "number", "Latitude in decimal degrees (north positive).", True, minimum=29, maximum=42),
     f("lon", "number", "Longitude in decimal degrees (east positive).", True, minimum=32, maximum=45),
     f("note", desc="A caveat or a sourced remark about the place."),
     SRC],
    "primaryKey": "place_id", "x-foreignKeys": FK}},
  {"name": "aleppo_figures", "path": "aleppo_figures.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
   "description": "Figures about Aleppo published in December 2016 (killed, displaced, evacuated, territory held): those the Slate article cited and the others reported in the same days, each with its counter, scope and date.",
   "schema": {"fields": [
     f("figure_id", desc="Short id.", required=True, unique=True, **ID),
     f("measure", desc="What is counted.", required=True, enum=["killed","civilians killed","children killed","displaced","remaining in enclave","evacuated","territory held by government (percent)","territory left to opposition (percent)"]),
     f("value", "number", "The number, where the source gives a single number (else see value_low and value_high).", minimum=0),
     f("value_low", "number", "Low end of a range, where the source gives one.", minimum=0),
     f("value_high", "number", "High end of a range, where the source gives one.", minimum=0),
     f("qualifier", desc="How the source put it: at least, more than, about, nearly, exactly.", required=True, enum=["as stated","at least","more than","about","nearly","almost","up to"]),
     f("counter", desc="Who counted or claimed the figure.", required=True),
     f("scope_place", desc="The place the figure covers.", required=True),
     f("period_start", "date", "First day covered, where stated."),
     f("period_end", "date", "Last day covered, where stated."),
     f("reported_on", "date", "Day the figure was made public.", True),
     f("documented_or_estimated", desc="documented (counted case by case), estimated, or claimed (by a party to the fighting).", required=True, enum=["documented","estimated","claimed"]),
     f("in_article", "boolean", "true if the Slate article of 13 December 2016 cites this figure.", True),
     f("note", desc="Scope and caveats, in one sentence."),
     SRC],
    "primaryKey": "figure_id", "x-foreignKeys": FK}},
  {"name": "syria_region_outlines", "path": "maps/syria_region.geojson", "format": "geojson", "mediatype": "application/geo+json",
   "description": "Country outlines of Syria and its neighbours from Natural Earth 1:10m (version 5.1.1, German point-of-view edition), simplified to 0.01 degrees by scripts/extract_outlines.py.",
   "licenses": [{"name": "public-domain", "title": "Natural Earth: public domain", "path": "https://www.naturalearthdata.com/about/terms-of-use/"}],
   "x-source-ids": ["natural-earth-admin0"]}
 ]}
json.dump(pkg, open("data/datapackage.json","w"), indent=1, ensure_ascii=False)
open("data/datapackage.json","a").write("\n")
