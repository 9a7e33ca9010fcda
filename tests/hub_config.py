"""One description of the loopback JupyterHub that the hub tests and the classroom benchmark
start: the jupyterhub package from this interpreter's folder, its proxy, the dummy authenticator,
and a local-process spawner. No pytest here, so benchmarks/classroom.py can import it too."""

from __future__ import annotations

import shutil
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def proxy_command() -> str | None:
    """configurable-http-proxy: the course's own copy (python3 course.py install puts it in
    .tools/), or one on PATH; None when there is neither."""
    local = ROOT / ".tools" / "node_modules" / ".bin" / "configurable-http-proxy"
    return str(local) if local.exists() else shutil.which("configurable-http-proxy")


def hub_missing() -> list[str]:
    """What this machine lacks to start the loopback hub ([] when it has everything)."""
    needs = [("configurable-http-proxy (npm)", proxy_command()),
             ("jupyterhub", (BIN / "jupyterhub").exists()),
             ("jupyterhub-singleuser", (BIN / "jupyterhub-singleuser").exists())]
    return [name for name, ok in needs if not ok]


@dataclass
class Hub:
    config: Path  # the jupyterhub_config.py written
    base: str  # the hub's public address, http://127.0.0.1:PORT
    api_port: int  # the proxy's API port (its command line names it, to find a stray proxy)
    command: list[str]  # how to start the hub with this configuration


def write_hub_config(folder: Path, environment: dict[str, str], *, home: Path | None = None,
                     password: str = "course", more: str = "") -> Hub:
    """Write ``folder``/jupyterhub_config.py for a hub on 127.0.0.1 (fresh ports).

    With ``home``, every user's server runs as the caller's own unix user
    (SimpleLocalProcessSpawner) with its home under ``home`` and opens JupyterLab; without it,
    each user is a real system user (LocalProcessSpawner, needs root). ``environment`` is given
    to every single-user server; ``more`` is appended as further configuration lines."""
    port, hub_port, api_port = free_port(), free_port(), free_port()
    if home is not None:
        spawner = f"""c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(home)!r} + "/{{username}}"
c.Spawner.args = ["--allow-root"]
c.Spawner.default_url = "/lab"
"""
    else:
        spawner = 'c.JupyterHub.spawner_class = "localprocess"\nc.Authenticator.allow_all = True\n'
    config = folder / "jupyterhub_config.py"
    config.write_text(f"""c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
{spawner}c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.environment = {environment!r}
c.JupyterHub.db_url = "sqlite:///" + {str(folder / "hub.sqlite")!r}
c.JupyterHub.cookie_secret_file = {str(folder / "cookie_secret")!r}
{more}""", encoding="utf-8")
    return Hub(config, f"http://127.0.0.1:{port}", api_port,
               [str(BIN / "jupyterhub"), "-f", str(config)])
