# Sourced by the scripts that build our tools once and reuse them
# (pulumi-cli.sh, pulumi-tool.sh, python-venv.sh): where the cache lives, what
# a key covers, and one build at a time.
#
# The cache is ~/.cache/pulumi-cleantalk (PULUMI_CLEANTALK_CACHE or
# XDG_CACHE_HOME move it). An entry's directory name carries a hash of the
# build's inputs, so editing them builds a new entry instead of reusing a
# stale one; the entry counts only once its build has finished.

# Keep equal to @pulumi/pulumi in package.json, tools/pulumi-cli/go.mod and
# tools/pulumi-cli/langhost (Version).
PULUMI_VERSION="3.248.0"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache_root="${PULUMI_CLEANTALK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-cleantalk}"

# Progress and errors go to stderr: stdout carries only the directory that a
# script prints for its caller.
log() { printf '%s: %s\n' "$(basename "$0" .sh)" "$*" >&2; }

# inputs_hash FILE... prints 12 hex digits over the files' contents.
inputs_hash() { cat "$@" | sha256sum | cut -c1-12; }

# cached_build DIR BUILD: unless DIR holds a finished build, runs `BUILD DIR`
# into an emptied DIR and marks it finished. Callers wait on one lock, so
# parallel test workers build once and the others then find the entry; a
# build that failed leaves no mark and is redone by the next caller.
cached_build() {
  local dir="$1" build="$2"
  local done_mark="$dir/.complete"
  [[ -f "$done_mark" ]] && return 0
  mkdir -p "$cache_root"
  local lock
  exec {lock}>"$cache_root/.build.lock"
  flock "$lock"
  if [[ ! -f "$done_mark" ]]; then
    local started=$SECONDS
    rm -rf "$dir"
    mkdir -p "$dir"
    "$build" "$dir" >&2
    touch "$done_mark"
    log "built in $((SECONDS - started)) s: $dir"
  fi
  exec {lock}>&-
}

# go_env: how every Go build here runs. go.mod and go.sum are complete
# (`go mod tidy`), so -mod=readonly proves the build uses exactly what they
# pin; newer Pulumi releases are missing from the public checksum database
# that the proxy fronts, so go.sum alone vouches for the downloads.
go_env() {
  command -v go >/dev/null 2>&1 || { log "building needs a Go toolchain: install Go"; exit 1; }
  export GOSUMDB=off GOFLAGS=-mod=readonly GOTOOLCHAIN=local
}
