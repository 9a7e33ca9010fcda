#!/usr/bin/env bash
# Build the students' image for Zero to JupyterHub from binder/, as mybinder.org builds it, and
# push it to your registry. Needs Docker and repo2docker (pip install jupyter-repo2docker; it is
# in the course's test extra). Run it from anywhere in your copy of the course:
#
#     deploy/z2jh/build-image.sh ghcr.io/your-school/syria-war-course:2026-12-03
#
# Then put the same name and tag in deploy/z2jh/config.yaml (singleuser.image).
set -euo pipefail

if [ "$#" -ne 1 ] || [[ "$1" != *:* ]]; then
  echo "Give the image's name and tag, for example:" >&2
  echo "  deploy/z2jh/build-image.sh ghcr.io/your-school/syria-war-course:2026-12-03" >&2
  exit 2
fi
image="$1"
course="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Build from a clean clone of the last commit, so the image is exactly a commit of the course
# (nothing uncommitted, no .venv or other local folders in it).
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$course" "$work/course"
echo "building $image from commit $(git -C "$work/course" rev-parse --short HEAD)"

# DRY_RUN=1 only writes out the Dockerfile repo2docker would build (no Docker needed, nothing
# pushed): the course's tests run the script like this.
extra=()
if [ "${DRY_RUN:-}" = 1 ]; then
  extra=(--no-build --debug)
fi

# --target-repo-dir: the course is copied to /srv/course in the image, not into the home folder,
# because the chart mounts each student's own disk over /home/jovyan (deploy/z2jh/config.yaml),
# which would hide anything the image put there. The package is installed from /srv/course
# (binder/requirements.txt: the lock, then "-e ."), and binder/postBuild draws every lesson's
# figures once into /srv/course/.figure-cache, so each student's first run is quick.
# --user-name/--user-id: jovyan, uid 1000, the user the chart runs every student as.
args=(--no-run --user-name jovyan --user-id 1000 --target-repo-dir /srv/course
      --image-name "$image" ${extra[@]+"${extra[@]}"} "$work/course")
echo "+ jupyter-repo2docker ${args[*]}"
jupyter-repo2docker "${args[@]}"

if [ "${DRY_RUN:-}" != 1 ]; then
  docker push "$image"
fi
