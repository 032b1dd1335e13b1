#!/usr/bin/env bash
# Makes a Python virtualenv with the `pulumi` wheel (tools/pulumi-python/
# requirements.txt) and prints its directory. Python programs name it in
# Pulumi.yaml (`runtime.options.virtualenv`), as users name their own.
# Cached like the CLI; the key covers the requirements and the interpreter.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cache.sh"
requirements="$repo_root/tools/pulumi-python/requirements.txt"

command -v python3 >/dev/null 2>&1 || { log "no python3 on PATH: install Python 3.9 or newer"; exit 1; }
# A virtualenv runs on the interpreter it was made from: a different one
# (path or version) needs a new virtualenv.
interpreter="$(python3 -c 'import sys; print(sys.executable, sys.version)')"

build() {
  log "creating a Python virtualenv with pulumi $PULUMI_VERSION from PyPI (first time only)"
  python3 -m venv "$1"
  "$1/bin/python" -m pip install --quiet --no-input --disable-pip-version-check --requirement "$requirements"
}

entry="$cache_root/python-venv/$(inputs_hash "${BASH_SOURCE[0]}" "$requirements" <(echo "$interpreter"))"
cached_build "$entry" build
echo "$entry"
