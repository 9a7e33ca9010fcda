"""What the course adds to a lesson's Python kernel: a plain sentence, not a traceback, when a
cell uses a name that a cell above it makes (the cells were run out of order, or the kernel was
restarted and the cells above were not run again).

Installed with the course as ``etc/ipython/ipython_kernel_config.py`` in its Python environment,
which loads this module as an IPython extension when a kernel starts; ``import lessons`` in a
kernel without that file loads it too.
"""

from __future__ import annotations

import sys

RUN_ABOVE = "Run \u25b8 Run All Above Selected Cell"


def plain_sentence(name: str) -> str:
    """What a student reads when a cell uses ``name`` before any cell has made it."""
    return (f"This cell uses \u201c{name}\u201d, which a cell above it makes or brings in, and "
            "that cell has not been run yet (or the kernel was restarted since). Run the cells "
            f"above first: in the menu, choose {RUN_ABOVE}, then run this cell again. If you "
            "typed this name yourself, check its spelling.")


def _innermost_file(tb) -> str:
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename


def _name_error(shell, etype, value, tb, tb_offset=None):
    """IPython's handler for NameError: a plain sentence when the name is missing in the cell's
    own code; the usual traceback when it is raised inside a function (that is a bug to see)."""
    name = getattr(value, "name", None)
    cell = tb.tb_next.tb_frame.f_code.co_filename if tb.tb_next is not None else None
    if name and cell and _innermost_file(tb) == cell:
        shown = [plain_sentence(name)]
    else:
        shown = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
    shell._showtraceback(etype, value, shown)  # IPython leaves showing it to the handler
    return shown


def load_ipython_extension(shell) -> None:
    """Called by IPython when the extension loads: handle NameError in this kernel's cells."""
    if NameError not in getattr(shell, "custom_exceptions", ()):
        shell.set_custom_exc((NameError,), _name_error)


def install_in_running_kernel() -> None:
    """Load the handler into the running IPython kernel, if there is one (``import lessons``)."""
    ipython = sys.modules.get("IPython")  # never imported here: plain Python stays fast
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        load_ipython_extension(shell)
