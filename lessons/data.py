"""Load the course's datasets: CSV files described by data/datapackage.json.

Each table is checked once, on load, against its schema (types, required fields, allowed values,
unique keys and links to the source registry). A bad row raises ``CourseDataError`` naming the
file and line, so the fault can be found and fixed in the CSV.
"""

from __future__ import annotations

import copy
import csv
import io
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


_BESIDE_PACKAGE = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """Find the course's data folder: $COURSE_DATA_DIR, beside the package, or above the cwd."""
    if os.environ.get("COURSE_DATA_DIR"):
        return Path(os.environ["COURSE_DATA_DIR"])
    if (_BESIDE_PACKAGE / "datapackage.json").is_file():
        return _BESIDE_PACKAGE
    candidates = []
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


PACKAGE = "data/datapackage.json"
FIELD_TYPES = ("string", "integer", "number", "date", "boolean", "list")


def _decoded(raw: bytes, shown: str) -> tuple[str | None, list[str]]:
    """The text of a UTF-8 file (a byte-order mark, as Notepad writes, is allowed), or the lines
    that hold bytes which are not UTF-8, each named with its line number."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{shown}:{number}: has a character that is not UTF-8 (the byte "
                            f"0x{line[exc.start]:02X}, often a curly quote or apostrophe pasted "
                            "from a word processor). Retype it, or save the file as UTF-8.")
    return None, problems


def _line_of(text: str, needle: str) -> int:
    """The line of ``text`` where ``needle`` first appears (1 if it does not)."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _package_problems(package, text: str) -> list[str]:
    """What is wrong with the shape of datapackage.json: every resource needs a name and a
    path, and every table a schema whose fields, keys and links the loader can use."""
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list) \
            or not package["resources"]:
        return [f"{PACKAGE}: has no list of 'resources' (one entry a table). "
                "Put back the \"resources\" list."]
    problems: list[str] = []
    names = []
    for number, resource in enumerate(package["resources"], start=1):
        if not isinstance(resource, dict) or not all(
                isinstance(resource.get(key), str) and resource[key] for key in ("name", "path")):
            problems.append(f"{PACKAGE}: resource {number} needs a \"name\" and a \"path\"")
            continue
        name = resource["name"]
        names.append(name)
        where = f"{PACKAGE}:{_line_of(text, json.dumps(name))}: resource {name!r}"
        if not resource["path"].endswith(".csv"):
            continue
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not fields or not all(
                isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            problems.append(f"{where}: needs a \"schema\" with a list of 'fields', each with "
                            "a \"name\"")
            continue
        columns = [f["name"] for f in fields]
        for field in fields:
            if field.get("type", "string") not in FIELD_TYPES:
                problems.append(f"{where}: field {field['name']!r} has type "
                                f"{field.get('type')!r}; use one of {', '.join(FIELD_TYPES)}")
            constraints = field.get("constraints", {})
            if not isinstance(constraints, dict):
                problems.append(f"{where}: field {field['name']!r}: 'constraints' should be "
                                "a mapping")
                continue
            if "pattern" in constraints:
                try:
                    re.compile(constraints["pattern"])
                except (re.error, TypeError):
                    problems.append(f"{where}: field {field['name']!r}: the pattern "
                                    f"{constraints['pattern']!r} is not a regular expression")
            if "enum" in constraints and not isinstance(constraints["enum"], list):
                problems.append(f"{where}: field {field['name']!r}: 'enum' should be a list")
        key = schema.get("primaryKey")
        if key is not None and key not in columns:
            problems.append(f"{where}: primaryKey {key!r} is not one of its fields")
        for link in schema.get("foreignKeys", []) + schema.get("x-foreignKeys", []):
            ref = link.get("reference") if isinstance(link, dict) else None
            if not isinstance(ref, dict) or link.get("fields") not in columns \
                    or not isinstance(ref.get("fields"), str):
                problems.append(f"{where}: each foreign key needs \"fields\" (one of its "
                                "fields) and a \"reference\" with \"fields\"")
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{PACKAGE}:{_line_of(text, json.dumps(name))}: two resources are "
                        f"called {name!r}")
    known = set(names)
    for resource in package["resources"]:
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if not isinstance(schema, dict):
            continue
        for link in schema.get("foreignKeys", []) + schema.get("x-foreignKeys", []):
            target = link.get("reference", {}).get("resource") if isinstance(link, dict) else None
            if target and target not in known and isinstance(target, str):
                problems.append(f"{PACKAGE}:{_line_of(text, json.dumps(target))}: a foreign "
                                f"key of {resource['name']!r} links to {target!r}, which is not "
                                "a resource")
    return problems


def read_package(folder: Path | None = None) -> dict:
    """Read data/datapackage.json, the one description of every table, and check its shape.

    The file is read and checked once while it is unchanged (same size and modification time):
    every table a lesson loads asks for it, and checking it each time was most of a map's time.
    Callers get their own copy, so none can change what the next one reads."""
    return copy.deepcopy(_package(folder))


def _package(folder: Path | None = None) -> dict:
    """The checked package itself, shared: for this module's readers, which do not change it."""
    path = (folder or data_dir()) / "datapackage.json"
    try:
        stat = path.stat()
    except OSError as exc:
        raise CourseDataError([f"{PACKAGE}: cannot be read ({exc.strerror})"]) from None
    return _checked_package(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _checked_package(path: str, mtime_ns: int, size: int) -> dict:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CourseDataError([f"{PACKAGE}: cannot be read ({exc.strerror})"]) from None
    text, problems = _decoded(raw, PACKAGE)
    if text is None:
        raise CourseDataError(problems)
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CourseDataError([f"{PACKAGE}:{exc.lineno}: is not valid JSON ({exc.msg}, at "
                               f"column {exc.colno}). Look for a missing or extra comma, "
                               "quotation mark or bracket on this line or the one before."])\
            from None
    problems = _package_problems(package, text)
    if problems:
        raise CourseDataError(problems)
    return package


def table_names(folder: Path | None = None) -> list[str]:
    """Names of the tables (CSV resources) in the data package."""
    package = _package(folder)
    return [r["name"] for r in package["resources"] if r["path"].endswith(".csv")]


def _resource(package: dict, name: str) -> dict:
    for resource in package["resources"]:
        if resource["name"] == name:
            return resource
    known = ", ".join(r["name"] for r in package["resources"])
    raise CourseDataError([f"{PACKAGE}: there is no dataset called {name!r}. "
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


def _records(text: str):
    """Each record of a CSV text as (line, cells, trouble). ``trouble`` says why a record could
    not be read; reading then goes on at the next line, so that a quotation mark left open is
    one problem on its own line, not a cascade of broken rows after it."""
    lines = io.StringIO(text, newline="").readlines()
    start = 0
    while start < len(lines):
        reader = csv.reader(lines[start:])
        before = 0  # lines the reader has used so far
        try:
            for cells in reader:
                line = start + before + 1
                # A cell that runs on past its line, or a line with an odd number of quotation
                # marks, has a quotation opened and never closed (a well-formed line has pairs).
                runs_on = (reader.line_num - before > 1 or lines[line - 1].count('"') % 2
                           or any("\n" in c or "\r" in c for c in cells))
                before = reader.line_num
                if runs_on:
                    yield line, [], ("a quotation mark opens a cell on this line and is not "
                                     "closed on it. Close the quotation, or remove it.")
                    start = line  # go on with the next line
                    break
                if cells:
                    yield line, cells, None
            else:
                return
        except csv.Error as exc:
            line = start + before + 1
            yield line, [], f"cannot be read as CSV ({exc})"
            start = line


def _missing(path: Path) -> str:
    return f"{_shown(path)}: the file is missing (it is listed in {PACKAGE})"


def _read_rows(path: Path, fields: list[dict]) -> tuple[list[tuple[int, dict]], list[str]]:
    """Read a CSV and check every cell; return (line number, row) pairs and the problems found,
    each naming the file and line."""
    shown = _shown(path)
    expected = [f["name"] for f in fields]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], [_missing(path)]
    except OSError as exc:
        return [], [f"{shown}: cannot be opened ({exc.strerror})"]
    text, problems = _decoded(raw, shown)
    if text is None:
        return [], problems
    records = _records(text)
    first = next(records, None)
    if first is None:
        return [], [f"{shown}:1: the file is empty. Its first line should be the header: "
                    f"{','.join(expected)}"]
    line, header, trouble = first
    if trouble:
        return [], [f"{shown}:{line}: {trouble}"]
    if header != expected:
        return [], [f"{shown}:{line}: the header should be {','.join(expected)}; "
                    f"it is {','.join(header)}"]
    rows = []
    for line, cells, trouble in records:
        if trouble:
            problems.append(f"{shown}:{line}: {trouble}")
            continue
        if len(cells) != len(expected):
            problems.append(f"{shown}:{line}: has {len(expected)} columns in the header but "
                            f"{len(cells)} in this row (a missing or extra comma?)")
            continue
        row = dict(zip(expected, cells))
        for field in fields:
            wrong = _check_value(field, row[field["name"]])
            if wrong:
                problems.append(f"{shown}:{line}: {field['name']} {wrong}")
        rows.append((line, row))
    return rows, problems


@lru_cache(maxsize=64)
def _parsed(path: str, stamp: tuple, fields: str) -> tuple[tuple, tuple]:
    """One version of a table, read and checked once (every table links to the sources)."""
    rows, problems = _read_rows(Path(path), json.loads(fields))
    return tuple(rows), tuple(problems)


def _table_rows(name: str, package: dict, folder: Path | None = None):
    """The rows and problems of one table, from the cache while its file is unchanged."""
    resource = _resource(package, name)
    path = (folder or data_dir()) / resource["path"]
    fields = resource["schema"]["fields"]
    try:
        info = path.stat()
    except OSError:
        rows, problems = _read_rows(path, fields)
        return rows, problems
    rows, problems = _parsed(str(path), (info.st_mtime_ns, info.st_size), json.dumps(fields))
    return list(rows), list(problems)


def _check_keys(name: str, path: Path, schema: dict, rows, package: dict,
                folder: Path | None = None) -> tuple[list[str], list[str]]:
    """Check the primary key is unique and every foreign key points at an existing row.

    Returns the problems and, apart, the problems of any table linked to that could not be
    read: those are that table's own, reported once under its name, not again for each link."""
    shown, problems, blocked = _shown(path), [], []
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
            target_rows, target_problems = _table_rows(target, package, folder)
            if target_problems:
                blocked += [p for p in target_problems if p not in blocked]
                continue
            allowed = {row[ref["fields"]] for _, row in target_rows}
        delimiter = fields[column].get("delimiter", ";")
        for line, row in rows:
            raw = row[column]
            items = raw.split(delimiter) if fields[column].get("type") == "list" else [raw]
            for item in (i.strip() for i in items if raw):
                if item not in allowed:
                    problems.append(f"{shown}:{line}: {column} names {item!r}, which is not in "
                                    f"data/{target}.csv")
    return problems, blocked


def _checked_table(name: str, folder: Path | None = None):
    """Read one table once and check it: (fields, rows, problems, problems of linked tables)."""
    package = _package(folder)
    resource = _resource(package, name)
    path = (folder or data_dir()) / resource["path"]
    schema = resource["schema"]
    rows, problems = _table_rows(name, package, folder)
    blocked: list[str] = []
    if rows and not problems:
        problems, blocked = _check_keys(name, path, schema, rows, package, folder)
    return schema["fields"], rows, problems, blocked


def _checked_rows(name: str, folder: Path | None = None):
    """Read one table once and check it: (the schema's fields, the rows, the problems)."""
    return _checked_table(name, folder)[:3]


def rows_with_lines(name: str, folder: Path | None = None) -> list[tuple[int, dict]]:
    """The rows of one table as text, each with the line of the file it starts on: for checks
    whose messages name the line (``python -m lessons check``)."""
    return _checked_rows(name, folder)[1]


def check_table(name: str, folder: Path | None = None) -> list[str]:
    """Return every problem in one table, each as 'file:line: what is wrong' (empty if none).
    A table it links to that cannot be read is reported under its own name, not here."""
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
    fields, rows, problems, blocked = _checked_table(name)
    if blocked:
        problems = problems + [f"{_shown(Path(path))} links to a table that must be fixed "
                               "first:"] + blocked
    if problems:
        raise CourseDataError(problems)
    frame = pd.DataFrame([row for _line, row in rows], columns=[f["name"] for f in fields],
                         dtype=str)
    return _typed(frame, fields)


def shared(name: str) -> pd.DataFrame:
    """The checked table ``name`` itself, not a copy: for package code that only reads it (the
    source registry, place look-ups), which asks for it hundreds of times in one lesson."""
    package = _package()
    path = data_dir() / _resource(package, name)["path"]
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise CourseDataError([_missing(path)]) from None
    return _load_checked(name, str(path), mtime)


def records(frame: pd.DataFrame) -> list[dict]:
    """A table's rows as plain mappings of column to value, in order: what ``iterrows`` gives a
    loop, without making a pandas Series of every row (many times quicker; each column keeps
    its own type, where a row Series can change a whole row's type)."""
    return frame.to_dict("records")


def load(name: str) -> pd.DataFrame:
    """Return the dataset ``name`` as a DataFrame, checked against data/datapackage.json.

    Raises CourseDataError, naming the file and line, if any row breaks the schema (or a table
    it links to cannot be read).
    """
    return shared(name).copy()
