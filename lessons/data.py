"""Load the course's datasets: CSV files described by data/datapackage.json.

Each table is checked once, on load, against its schema (types, required fields, allowed values,
unique keys and links to the source registry). A bad row raises ``CourseDataError`` naming the
file and line, so the fault can be found and fixed in the CSV.
"""

from __future__ import annotations

import csv
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from lessons.errors import CourseDataError

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _readable_number(number: float) -> str:
    """How tables show numbers: 1,134 rather than 1134.0, and 33.513 for a latitude."""
    return f"{number:,.3f}".rstrip("0").rstrip(".")


pd.set_option("display.float_format", _readable_number)


def data_dir() -> Path:
    """Find the course's data folder: $COURSE_DATA_DIR, beside the package, or above the cwd."""
    if os.environ.get("COURSE_DATA_DIR"):
        return Path(os.environ["COURSE_DATA_DIR"])
    candidates = [Path(__file__).resolve().parent.parent / "data"]
    here = Path.cwd().resolve()
    candidates += [folder / "data" for folder in (here, *here.parents)]
    for folder in candidates:
        if (folder / "datapackage.json").is_file():
            return folder
    raise CourseDataError(
        ["data/datapackage.json: not found. Open the notebooks from the course folder, "
         "or set COURSE_DATA_DIR to the folder that holds datapackage.json."]
    )


def _shown(path: Path) -> str:
    """A short name for a data file in messages: data/places.csv rather than a full path."""
    return f"data/{path.name}"


def read_package(folder: Path | None = None) -> dict:
    """Read data/datapackage.json, the one description of every table."""
    folder = folder or data_dir()
    path = folder / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CourseDataError([f"{_shown(path)}: cannot be read as JSON ({exc})"]) from None


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables (CSV resources) in the data package."""
    package = read_package(folder)
    return [r["name"] for r in package["resources"] if r.get("path", "").endswith(".csv")]


def _resource(package: dict, name: str) -> dict:
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(r["name"] for r in package["resources"])
    raise CourseDataError([f"data/datapackage.json: there is no dataset called {name!r}. "
                           f"The datasets are: {known}."])


def _check_value(field: dict, raw: str) -> str | None:
    """Return what is wrong with one cell, or None when it fits its field."""
    ftype = field.get("type", "string")
    constraints = field.get("constraints", {})
    if raw == "":
        return "is required but empty" if constraints.get("required") else None
    values = raw.split(field.get("delimiter", ";")) if ftype == "list" else [raw]
    for value in values:
        value = value.strip()
        if ftype == "integer" and not re.fullmatch(r"-?\d+", value):
            return f"must be a whole number, got {value!r}"
        if ftype == "number":
            try:
                float(value)
            except ValueError:
                return f"must be a number, got {value!r}"
        if ftype == "date" and not DATE_RE.match(value):
            return f"must be a date written YYYY-MM-DD, got {value!r}"
        if ftype == "date":
            try:
                pd.Timestamp(value)
            except ValueError:
                return f"is not a real date: {value!r}"
        if ftype == "boolean" and value not in ("true", "false"):
            return f"must be true or false, got {value!r}"
        if "enum" in constraints and value not in constraints["enum"]:
            return f"must be one of {', '.join(constraints['enum'])}; got {value!r}"
        if "pattern" in constraints and not re.fullmatch(constraints["pattern"], value):
            return f"does not have the expected form ({constraints['pattern']}): {value!r}"
        if ftype in ("integer", "number"):
            number = float(value)
            if "minimum" in constraints and number < constraints["minimum"]:
                return f"must be at least {constraints['minimum']}, got {value}"
            if "maximum" in constraints and number > constraints["maximum"]:
                return f"must be at most {constraints['maximum']}, got {value}"
    return None


def _read_rows(path: Path, fields: list[dict]) -> tuple[list[tuple[int, dict]], list[str]]:
    """Read a CSV and check every cell; return (line number, row) pairs and the problems found."""
    shown = _shown(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        return [], [f"{shown}: cannot be opened ({exc.strerror})"]
    rows, problems = [], []
    with handle:
        try:
            reader = csv.DictReader(handle)
            expected = [f["name"] for f in fields]
            if reader.fieldnames != expected:
                return [], [f"{shown}:1: the header should be {','.join(expected)}; "
                            f"it is {','.join(reader.fieldnames or [])}"]
            for row in reader:
                line = reader.line_num
                if None in row or any(v is None for v in row.values()):
                    problems.append(f"{shown}:{line}: has {len(expected)} columns in the "
                                    "header but a different number in this row (a missing or "
                                    "extra comma?)")
                    continue
                for field in fields:
                    wrong = _check_value(field, row[field["name"]])
                    if wrong:
                        problems.append(f"{shown}:{line}: {field['name']} {wrong}")
                rows.append((line, row))
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(f"{shown}: is not a readable UTF-8 CSV file ({exc})")
    return rows, problems


def _check_keys(name: str, path: Path, schema: dict, rows, package: dict) -> list[str]:
    """Check the primary key is unique and every foreign key points at an existing row."""
    shown, problems = _shown(path), []
    key = schema.get("primaryKey")
    if key:
        seen: dict[str, int] = {}
        for line, row in rows:
            value = row[key]
            if value in seen:
                problems.append(f"{shown}:{line}: {key} {value!r} is already used on line "
                                f"{seen[value]}")
            seen.setdefault(value, line)
    fields = {f["name"]: f for f in schema["fields"]}
    # Table Schema cannot yet link a list of ids (frictionless-py 5 fails on it), so links from
    # source_ids are declared as "x-foreignKeys", in the same form, and checked here.
    for fk in schema.get("foreignKeys", []) + schema.get("x-foreignKeys", []):
        column, ref = fk["fields"], fk["reference"]
        target = ref.get("resource") or name
        if target == name:
            allowed = {row[ref["fields"]] for _, row in rows}
        else:
            allowed = set(_raw_table(target, package)[ref["fields"]])
        delimiter = fields[column].get("delimiter", ";")
        for line, row in rows:
            raw = row[column]
            items = raw.split(delimiter) if fields[column].get("type") == "list" else [raw]
            for item in (i.strip() for i in items if raw):
                if item not in allowed:
                    problems.append(f"{shown}:{line}: {column} names {item!r}, which is not in "
                                    f"data/{target}.csv")
    return problems


def _raw_table(name: str, package: dict) -> pd.DataFrame:
    """The CSV as text cells (used to check links between tables)."""
    path = data_dir() / _resource(package, name)["path"]
    return _read_text_cells(str(path), path.stat().st_mtime)


@lru_cache(maxsize=32)
def _read_text_cells(path: str, mtime: float) -> pd.DataFrame:
    """Read a CSV once per version of the file (links to sources are checked by every table)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _checked_rows(name: str, folder: Path | None = None):
    """Read one table once and check it: (the schema's fields, the rows, the problems)."""
    package = read_package(folder)
    resource = _resource(package, name)
    path = (folder or data_dir()) / resource["path"]
    schema = resource["schema"]
    rows, problems = _read_rows(path, schema["fields"])
    if rows and not problems:
        problems += _check_keys(name, path, schema, rows, package)
    return schema["fields"], rows, problems


def check_table(name: str, folder: Path | None = None) -> list[str]:
    """Return every problem in one table, each as 'file:line: what is wrong' (empty if none)."""
    return _checked_rows(name, folder)[2]


def _typed(frame: pd.DataFrame, fields: list[dict]) -> pd.DataFrame:
    """Turn text cells into numbers and dates as the schema says."""
    for field in fields:
        column, ftype = field["name"], field.get("type", "string")
        if ftype == "integer":
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("Int64")
        elif ftype == "number":
            frame[column] = pd.to_numeric(frame[column].replace("", None)).astype("float64")
        elif ftype == "date":
            frame[column] = pd.to_datetime(frame[column].replace("", None))
        elif ftype == "boolean":
            frame[column] = frame[column] == "true"
    return frame


@lru_cache(maxsize=32)
def _load_checked(name: str, path: str, mtime: float) -> pd.DataFrame:
    # The rows checked are the rows returned: the file is read once, not again with pandas.
    fields, rows, problems = _checked_rows(name)
    if problems:
        raise CourseDataError(problems)
    frame = pd.DataFrame([row for _line, row in rows], columns=[f["name"] for f in fields],
                         dtype=str)
    return _typed(frame, fields)


def load(name: str) -> pd.DataFrame:
    """Return the dataset ``name`` as a DataFrame, checked against data/datapackage.json.

    Raises CourseDataError, naming the file and line, if any row breaks the schema.
    """
    package = read_package()
    path = data_dir() / _resource(package, name)["path"]
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise CourseDataError([f"{_shown(path)}: the file is missing"]) from None
    return _load_checked(name, str(path), mtime).copy()
