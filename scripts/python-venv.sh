#!/usr/bin/env bash
# Makes a Python virtualenv with the `pulumi` wheel (tools/pulumi-python/
# requirements.txt) and prints its directory. Python programs name it in
# Pulumi.yaml (`runtime.options.virtualenv`), as users name their own.
# Cached like the CLI; the key covers the requirements and the interpreter.
#
#   bash scripts/python-venv.sh        that virtualenv
#   bash scripts/python-venv.sh sdk    one that also has the plugin's generated Python SDK
#                                      (pulumi_cleantalk, from plugin/sdk/python) installed,
#                                      as a user's project has it after `pip install`
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cache.sh"
requirements="$repo_root/tools/pulumi-python/requirements.txt"
sdk="$repo_root/plugin/sdk/python"
mode="${1:-}"
[[ "$mode" == "" || "$mode" == "sdk" ]] || { echo "usage: scripts/python-venv.sh [sdk]" >&2; exit 2; }

command -v python3 >/dev/null 2>&1 || { log "no python3 on PATH: install Python 3.9 or newer"; exit 1; }
# A virtualenv runs on the interpreter it was made from: a different one
# (path or version) needs a new virtualenv.
interpreter="$(python3 -c 'import sys; print(sys.executable, sys.version)')"

build() {
  log "creating a Python virtualenv with pulumi $PULUMI_VERSION from PyPI (first time only)"
  python3 -m venv "$1"
  "$1/bin/python" -m pip install --quiet --no-input --disable-pip-version-check --requirement "$requirements"
}

base="$cache_root/python-venv/$(inputs_hash "${BASH_SOURCE[0]}" "$requirements" <(echo "$interpreter"))"
cached_build "$base" build
if [[ "$mode" == "" ]]; then
  echo "$base"
  exit 0
fi

# The SDK's virtualenv is layered on the base one instead of repeating its
# download: a path configuration file (.pth) in its site-packages puts the
# base's site-packages on sys.path, so pulumi, its dependencies, pip and
# setuptools come from there, and only pulumi_cleantalk is installed here.
# Regenerating the SDK makes a new entry in seconds, without PyPI.
build_sdk() {
  log "installing the generated Python SDK (plugin/sdk/python) into a virtualenv layered on $base"
  python3 -m venv --without-pip "$1"
  local site base_site
  site="$("$1/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  base_site="$("$base/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$base_site" >"$site/pulumi-base-virtualenv.pth"
  # Built from a copy: building in place would leave build/ and *.egg-info
  # among the generated files. --no-index and no build isolation: setuptools
  # is already here, so nothing is fetched.
  local copy="$1/.sdk-source"
  cp -R "$sdk" "$copy"
  "$1/bin/python" -m pip install --quiet --no-input --disable-pip-version-check --no-deps --no-index --no-build-isolation "$copy"
  rm -rf "$copy"
}
# The key covers the base and every file of the SDK, by name and content.
entry="$cache_root/python-venv/$(basename "$base")-sdk-$(cd "$sdk" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)"
cached_build "$entry" build_sdk
echo "$entry"
