#!/usr/bin/env bash
# Makes a Pulumi CLI available and prints the directory that holds it, for
# callers to put first on PATH:   PATH="$(bash scripts/pulumi-cli.sh):$PATH"
#
# The directory always has the Node.js language host and the dynamic-provider
# launcher. Name more languages to have their hosts in it too:
#   bash scripts/pulumi-cli.sh yaml python go
# They sit beside `pulumi` because the engine looks for its language hosts
# there, and warns on every run about a host it found elsewhere on PATH.
#
# Order: a `pulumi` already on PATH (with the hosts asked for beside it), then
# our cache, then a build from Pulumi's Go modules. Pulumi's installers
# download from the internet, which our machines cannot reach; the Go module
# proxy can. Progress goes to stderr; stdout carries only the directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cache.sh"
tools="$repo_root/tools/pulumi-cli"

languages=()
for language in $(printf '%s\n' "$@" | sort -u); do
  case "$language" in
    yaml | python | go) languages+=("$language") ;;
    *) echo "usage: scripts/pulumi-cli.sh [yaml] [python] [go]" >&2; exit 2 ;;
  esac
done
hosts=(pulumi-language-nodejs)
for language in "${languages[@]}"; do hosts+=("pulumi-language-$language"); done

if [[ "${PULUMI_CLEANTALK_FORCE_BUILD:-}" != "1" ]] && command -v pulumi >/dev/null 2>&1; then
  dir="$(dirname "$(command -v pulumi)")"
  complete=1
  for host in "${hosts[@]}"; do [[ -x "$dir/$host" ]] || complete=0; done
  if [[ "$complete" == 1 ]]; then
    log "using pulumi on PATH ($dir)"
    echo "$dir"
    exit 0
  fi
fi

build_cli() {
  local bin="$1/bin"
  log "building Pulumi CLI v$PULUMI_VERSION from Go modules (first time only; several minutes on 2 cores)"
  go_env
  cd "$tools"
  go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
    -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  go build -trimpath -ldflags "-s -w" -o "$bin/pulumi-language-nodejs" ./cmd/pulumi-language-nodejs
  # The engine launches dynamic providers as the plugin `pulumi-resource-pulumi-nodejs`;
  # this launcher runs the copy of @pulumi/pulumi that the program itself resolves.
  cat >"$bin/pulumi-resource-pulumi-nodejs" <<'LAUNCHER'
#!/bin/sh
exec node "$(node -e "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")" "$@"
LAUNCHER
  chmod +x "$bin/pulumi-resource-pulumi-nodejs"
}

# The key covers the release and our own build inputs, so a change to the
# language host rebuilds it instead of reusing a stale binary.
cli_key="$(inputs_hash "${BASH_SOURCE[0]}" "$tools/go.mod" "$tools/go.sum" "$tools"/cmd/pulumi-language-nodejs/*.go "$tools"/langhost/*.go)"
cli="$cache_root/pulumi-cli/v$PULUMI_VERSION-$cli_key"
cached_build "$cli" build_cli
if [[ ${#languages[@]} -eq 0 ]]; then
  echo "$cli/bin"
  exit 0
fi

# The other hosts are built (and cached) on their own, then linked into one
# directory with the CLI; its name carries every part's key.
parts=("$cli/bin")
for language in "${languages[@]}"; do parts+=("$(bash "$repo_root/scripts/pulumi-tool.sh" "pulumi-language-$language")"); done
assemble() {
  mkdir -p "$1/bin"
  local part file
  for part in "${parts[@]}"; do
    for file in "$part"/*; do
      # A hard link costs no space; a cache spread over file systems gets a copy.
      ln "$file" "$1/bin/" 2>/dev/null || cp -p "$file" "$1/bin/"
    done
  done
}
entry="$cache_root/pulumi-cli/v$PULUMI_VERSION-$cli_key-$(IFS=-; echo "${languages[*]}")-$(printf '%s\n' "${parts[@]}" | inputs_hash)"
cached_build "$entry" assemble
echo "$entry/bin"
