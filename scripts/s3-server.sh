#!/usr/bin/env bash
# Makes the local S3-compatible server available and prints the Python
# interpreter that runs it (tools/s3-server/serve.py), for callers to start:
#   "$(bash scripts/s3-server.sh)" tools/s3-server/serve.py
#
# The server is moto, installed from PyPI into a virtualenv in our cache, with
# the versions pinned in tools/s3-server/requirements.txt. Progress goes to
# stderr; stdout carries only the interpreter's path.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/tools/s3-server/requirements.txt"
log() { printf 's3-server: %s\n' "$*" >&2; }

command -v python3 >/dev/null 2>&1 || { log "python3 (3.9 or later, with venv and pip) is needed to install the local S3 server"; exit 1; }
# A virtualenv belongs to the interpreter that made it, so the key covers
# the interpreter's version as well as the pins.
key="$({ python3 --version; cat "$requirements"; } | sha256sum | cut -c1-12)"
cache_root="${PULUMI_CLEANTALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cleantalk}"
venv="$cache_root/s3-server/$key"
# Written last, so a venv left half-installed by an interrupted run is redone.
marker="$venv/.installed"
if [[ -f "$marker" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

mkdir -p "$cache_root/s3-server"
exec 9>"$cache_root/.s3-server.lock"
flock 9 # one install at a time; a second caller waits and then finds it
if [[ -f "$marker" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

log "installing moto into $venv (first time only)"
started=$SECONDS
rm -rf "$venv"
python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
touch "$marker"
log "installed in $((SECONDS - started)) s"
echo "$venv/bin/python"
