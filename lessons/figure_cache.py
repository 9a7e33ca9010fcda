"""Figures drawn once and kept: a figure shown by name is stored, as the outputs the notebook
showed, under a key made of everything that could change it, and shown again from the store the
next time the same figure is asked for with the same settings.

The key covers the figure's name and settings, every file of the package, the lesson files and
the data (by their contents, so two copies of the course share keys), the versions of Python
and matplotlib, matplotlib's settings and whether a static export is running. Change any of
them and the figure is drawn again. Only figures that showed plain outputs (HTML, text) and
printed nothing are kept; an explorer (a widget) is always made anew. A store that cannot be
read or written is passed over in silence: the figure is then simply drawn, as it would be
without a store.

The store is the folder ``.figure-cache`` in the course folder (``python3 course.py install``
fills it by running every lesson once), or the folder in ``$COURSE_FIGURE_CACHE``; set that to
``off`` to draw every figure every time. A store that can be read but not written (one filled
when a hub's image was built, shared by every student) is used as it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

SETTING = "COURSE_FIGURE_CACHE"
FORMAT = 1  # the layout of a stored entry; a change here makes every entry a miss
PACKAGE = Path(__file__).resolve().parent
PLAIN = ("text/html", "text/plain", "text/markdown", "image/svg+xml", "image/png")


def folder() -> Path | None:
    """Where figures are kept, or None if keeping them is turned off."""
    chosen = os.environ.get(SETTING, "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    from lessons.data import data_dir

    try:
        return data_dir().parent / ".figure-cache"
    except Exception:  # no data folder: nothing can be drawn anyway
        return None


def _files() -> list[tuple[str, Path]]:
    """Every file a figure could depend on, each with the name it has in any copy."""
    from lessons.data import data_dir

    found = [p for pattern in ("*.py", "*.yaml", "*.md") for p in sorted(PACKAGE.rglob(pattern))]
    named = [(f"lessons/{p.relative_to(PACKAGE)}", p) for p in found]
    try:
        data = data_dir()
        named += [(f"data/{p.relative_to(data)}", p) for p in sorted(data.rglob("*"))
                  if p.is_file()]
    except Exception:
        pass
    return named


def inputs_digest() -> str:
    """A digest of everything a figure's picture could depend on, apart from its settings."""
    import matplotlib

    from lessons import plots  # noqa: F401  (its import sets the house style: key the final one)
    from lessons.explore import STATIC_EXPORT

    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{sys.version}|{matplotlib.__version__}|"
                  f"{os.environ.get(STATIC_EXPORT, '')}".encode())
    digest.update(repr(sorted((k, repr(v)) for k, v in matplotlib.rcParams.items())).encode())
    for name, path in _files():
        try:
            stat = path.stat()
            content = _content_digest(path, stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue
        digest.update(f"{name}|{content}\n".encode())
    return digest.hexdigest()


_CONTENTS: dict = {}  # (path, size, mtime) -> digest of the file's bytes, read once a process


def _content_digest(path: Path, size: int, mtime: int) -> str:
    """A file's contents as a digest: two copies of the course (two students' clones, or a
    store filled in a hub's image) give the same keys. Read again only when the file's size or
    time changes."""
    known = (str(path), size, mtime)
    if known not in _CONTENTS:
        _CONTENTS[known] = hashlib.sha256(path.read_bytes()).hexdigest()
    return _CONTENTS[known]


def key(name: str, settings: dict) -> str:
    """The key of one figure drawn with these settings."""
    shown = json.dumps(settings, sort_keys=True, default=repr)
    return hashlib.sha256(f"{name}|{shown}|{inputs_digest()}".encode()).hexdigest()


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def shown_from_store(entry: str) -> bool:
    """Show a stored figure's outputs again; False if there is none (or it cannot be read)."""
    if _shell() is None:
        return False
    outputs = _read(entry)
    if not (isinstance(outputs, list) and all(
            isinstance(o, dict) and isinstance(o.get("data"), dict) for o in outputs)):
        return False
    from IPython.display import display

    for output in outputs:
        display(output["data"], metadata=output.get("metadata") or {}, raw=True)
    return True


@contextmanager
def recording():
    """Record what is shown while a figure is drawn: yields a list that fills with the
    outputs, and that is emptied (nothing to keep) if anything was printed or a widget shown."""
    shell = _shell()
    outputs: list = []
    if shell is None:
        yield outputs
        outputs.clear()
        return
    publisher = shell.display_pub
    publish = publisher.publish
    printed = []
    streams = [s for s in (sys.stdout, sys.stderr) if hasattr(s, "write")]
    writes = {id(s): s.write for s in streams}

    def recorded(data, metadata=None, *args, **kwargs):
        outputs.append({"data": dict(data), "metadata": dict(metadata or {})})
        return publish(data, metadata, *args, **kwargs)

    def noted(stream):
        def write(text):
            if text:
                printed.append(text)
            return writes[id(stream)](text)
        return write

    publisher.publish = recorded
    for stream in streams:
        try:
            stream.write = noted(stream)
        except (AttributeError, TypeError):
            printed.append("(a stream that cannot be watched)")
    try:
        yield outputs
    finally:
        publisher.publish = publish
        for stream in streams:
            try:
                del stream.write  # back to the class's own method
            except AttributeError:
                pass
    if printed or any(set(o["data"]) - set(PLAIN) for o in outputs):
        outputs.clear()


def _write(entry: str, value) -> None:
    """Keep ``value`` as JSON under ``entry``, written whole or not at all; a store that is
    off or cannot be written is passed over."""
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        part = where / f"{entry}.{os.getpid()}.part"
        part.write_text(json.dumps(value), encoding="utf-8")
        os.replace(part, where / f"{entry}.json")
    except OSError:
        pass


def _read(entry: str):
    """What was kept under ``entry``, or None if the store is off or it is missing or
    damaged."""
    where = folder()
    if where is None:
        return None
    try:
        return json.loads((where / f"{entry}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(entry: str, outputs: list) -> None:
    """Keep a figure's outputs (written whole or not at all); a folder that cannot be written
    is passed over."""
    if outputs:
        _write(entry, outputs)


def warm(notebooks=None, timeout: int = 300) -> list[str]:
    """Run every lesson once in a kernel of its own, so that each figure is drawn and kept
    before a student opens the lesson. Answers are not saved anywhere (a scratch progress
    folder is used). Returns one sentence for each lesson that could not be run."""
    from lessons.running import run_notebook

    root = folder()
    if root is None:
        return ["Keeping figures is turned off (COURSE_FIGURE_CACHE=off): nothing to draw."]
    from lessons.data import data_dir

    course = data_dir().parent
    chosen = sorted(notebooks or (course / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    problems = []
    for path in chosen:
        try:
            run_notebook(path, timeout)
        except Exception as exc:  # one lesson that fails must not stop the others
            problems.append(f"{path.name} could not be run ahead ({type(exc).__name__}); "
                            "its figures will be drawn when it is opened.")
    return problems


def frame_digest(frame) -> str:
    """A digest of a table's contents, for a key that depends on the rows a caller passes."""
    import pandas as pd

    values = pd.util.hash_pandas_object(frame, index=False).values
    return hashlib.sha256(values.tobytes() + repr(list(frame.columns)).encode()).hexdigest()


def fetch_text(entry: str) -> str | None:
    """A kept piece of HTML (an explorer's first picture), or None."""
    kept = _read(entry)
    return kept.get("html") if isinstance(kept, dict) and isinstance(kept.get("html"), str) \
        else None


def keep_text(entry: str, text: str) -> None:
    """Keep a piece of HTML under ``entry`` (passed over if the store cannot be written)."""
    _write(entry, {"html": text})
