#!/usr/bin/env bash
# Install the course on The Littlest JupyterHub (one server for a class), after TLJH itself.
# Run it as root on the hub's server, from your copy of the course in /srv/course:
#
#     sudo git clone https://github.com/your-school/syria-war-course /srv/course
#     sudo bash /srv/course/deploy/tljh/install-course.sh
#
# Each step is explained in deploy/README.md. Running it again (after a `git pull` in
# /srv/course, say) updates the course and changes nothing else.
set -euo pipefail

course="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
user_env="${TLJH_USER_ENV:-/opt/tljh/user}"          # TLJH's environment for every user
tljh_config="${TLJH_CONFIG:-/opt/tljh/hub/bin/tljh-config}"
python="$user_env/bin/python"

say() { echo "[course] $*"; }
stop() { echo "[course] $*" >&2; exit 1; }

if [ "$(id -u)" -ne 0 ] && [ -z "${TLJH_USER_ENV:-}" ]; then
  stop "Run this as root (sudo bash $0): it installs into TLJH's user environment."
fi
if [ ! -x "$python" ] || [ ! -x "$tljh_config" ]; then
  stop "The Littlest JupyterHub is not installed here ($python or $tljh_config is missing). Install it first: deploy/README.md, step 1."
fi

# 1. The course's packages, at the exact versions of the lock. The lock is made for the Python
#    of binder/runtime.txt; another Python may not find a package built for it.
wanted="$(sed 's/^python-//' "$course/binder/runtime.txt")"
found="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
if [ "$found" != "$wanted" ] && [ "${COURSE_WITHOUT_LOCK:-}" != 1 ]; then
  stop "The lock (binder/requirements.lock.txt) is made for Python $wanted, but TLJH's user environment has Python $found. Either make a lock for $found (python3 course.py lock, after changing binder/runtime.txt), or install without the lock: COURSE_WITHOUT_LOCK=1 sudo -E bash $0"
fi
if [ "${COURSE_WITHOUT_LOCK:-}" = 1 ]; then
  say "installing the course's packages (newest versions pyproject.toml allows, no lock)"
  "$python" -m pip install --quiet --no-cache-dir -e "$course[hub]"
else
  say "installing the course's packages at the lock's exact versions"
  "$python" -m pip install --quiet --no-cache-dir -r "$course/binder/requirements.lock.txt"
  "$python" -m pip install --quiet --no-cache-dir --no-deps -e "$course"
fi

# 2. The course's kernel settings, where every kernel of the user environment reads them.
install -D -m 644 "$course/lessons/kernel_config/ipython_kernel_config.py" \
  "$user_env/etc/ipython/ipython_kernel_config.py"

# 3. Kernels left idle for 20 minutes are shut down (the same file as deploy/z2jh/config.yaml).
install -D -m 644 "$course/deploy/syria-war-course-kernels.json" \
  "$user_env/etc/jupyter/jupyter_server_config.d/syria-war-course-kernels.json"

# 4. Every lesson's figures drawn once and kept in /srv/course/.figure-cache, which students
#    can read, so each student's first run of a lesson is quick.
say "drawing every lesson's figures once (about a minute)"
(cd "$course" && "$python" -m lessons warm) || say "some figures could not be drawn now; they will be drawn when a student runs the lesson"
chmod -R a+rX "$course"

# 5. Per-student limits from the measured figures (README, "Sizing a hub"), JupyterLab as the
#    default, and servers idle for an hour stopped.
"$tljh_config" set limits.memory 1G
"$tljh_config" set limits.cpu 1
"$tljh_config" set services.cull.timeout 3600
"$tljh_config" set user_environment.default_app jupyterlab
"$tljh_config" reload
say "done: hand out links with: $python -m lessons links --hub https://<your hub> --repo <your repository>"
