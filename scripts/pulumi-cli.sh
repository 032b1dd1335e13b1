#!/usr/bin/env bash
# Makes a Pulumi CLI available and prints the directory that holds it, for
# callers to put first on PATH:   PATH="$(bash scripts/pulumi-cli.sh):$PATH"
#
# Order: a `pulumi` already on PATH (with its Node language host beside it),
# then our cache, then a build from Pulumi's Go modules. Pulumi's installers
# download from the internet, which our machines cannot reach; the Go module
# proxy can. Progress goes to stderr; stdout carries only the directory.
set -euo pipefail

PULUMI_VERSION="3.248.0" # keep equal to @pulumi/pulumi in package.json and tools/pulumi-cli/go.mod
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/tools/pulumi-cli"
log() { printf 'pulumi-cli: %s\n' "$*" >&2; }

if [[ "${PULUMI_CLEANTALK_FORCE_BUILD:-}" != "1" ]] && command -v pulumi >/dev/null 2>&1; then
  dir="$(dirname "$(command -v pulumi)")"
  if [[ -x "$dir/pulumi-language-nodejs" ]]; then
    log "using pulumi on PATH ($dir)"
    echo "$dir"
    exit 0
  fi
fi

# The cache key covers the release and our own build inputs, so a change to
# the language host rebuilds it instead of reusing a stale binary.
inputs_hash="$(cat "$tools/go.mod" "$tools/go.sum" "$tools"/cmd/pulumi-language-nodejs/*.go | sha256sum | cut -c1-12)"
cache_root="${PULUMI_CLEANTALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cleantalk}"
bin="$cache_root/pulumi-cli/v$PULUMI_VERSION-$inputs_hash/bin"
if [[ -x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" && -x "$bin/pulumi-resource-pulumi-nodejs" ]]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || { log "no pulumi on PATH, none cached, and no Go toolchain to build one: install Go or Pulumi"; exit 1; }
mkdir -p "$cache_root"
exec 9>"$cache_root/.pulumi-cli.lock"
flock 9 # one build at a time; a second caller waits and then finds the cache
if [[ -x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" && -x "$bin/pulumi-resource-pulumi-nodejs" ]]; then
  echo "$bin"
  exit 0
fi

log "building Pulumi CLI v$PULUMI_VERSION from Go modules (first time only; several minutes on 2 cores)"
started=$SECONDS
staging="$(mktemp -d "$cache_root/build.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
# Build in a copy, so `-mod=mod` completing go.sum never edits the work tree
# (nor the cache key computed from it above).
cp -R "$tools" "$staging/src"
(
  cd "$staging/src"
  # Newer Pulumi releases are missing from the public checksum database that
  # the proxy fronts; go.sum in this folder pins what we built with.
  export GOSUMDB=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$staging/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go build -trimpath -ldflags "-s -w" -o "$staging/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
) >&2
rm -rf "$staging/src"
# The engine launches dynamic providers as the plugin `pulumi-resource-pulumi-nodejs`;
# this launcher runs the copy of @pulumi/pulumi that the program itself resolves.
cat >"$staging/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
LAUNCHER
chmod +x "$staging/pulumi-resource-pulumi-nodejs"
mkdir -p "$(dirname "$bin")"
rm -rf "$bin"
mv "$staging" "$bin"
trap - EXIT
log "built in $((SECONDS - started)) s: $bin"
echo "$bin"
