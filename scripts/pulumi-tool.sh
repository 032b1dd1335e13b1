#!/usr/bin/env bash
# Builds one of the Pulumi tools the tests and the SDK build need besides the
# CLI (scripts/pulumi-cli.sh), caches it, and prints the directory holding it:
#
#   pulumi-language-yaml    Pulumi's YAML language host, from github.com/pulumi/pulumi-yaml
#                           (tools/pulumi-yaml pins it with the Pulumi release its go.mod names)
#   pulumi-language-python  our Python language host with Pulumi's program runner beside it
#                           (tools/pulumi-cli/cmd/pulumi-language-python)
#   pulumi-language-go      our Go language host (tools/pulumi-cli/cmd/pulumi-language-go)
#   pulumi-codegen          the SDK generator (tools/pulumi-cli/cmd/pulumi-codegen)
#
# Usage: PATH="$(bash scripts/pulumi-tool.sh pulumi-language-yaml):$PATH"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/build-cache.sh"
tool="${1:-}"
cli="$repo_root/tools/pulumi-cli"
yaml="$repo_root/tools/pulumi-yaml"

case "$tool" in
  pulumi-language-yaml)
    inputs=("$yaml/go.mod" "$yaml/go.sum")
    build() {
      go_env
      cd "$yaml"
      local version
      version="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi-yaml)"
      log "building pulumi-language-yaml $version from Go modules (first time only; minutes on 2 cores)"
      # The host reports this version to the engine, which parses it as semver.
      go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=${version#v}" \
        -o "$1/bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
    }
    ;;
  pulumi-language-python)
    inputs=("$cli/go.mod" "$cli/go.sum" "$cli"/cmd/pulumi-language-python/*.go "$cli"/langhost/*.go)
    build() {
      go_env
      cd "$cli"
      log "building pulumi-language-python"
      go build -trimpath -ldflags "-s -w" -o "$1/bin/pulumi-language-python" ./cmd/pulumi-language-python
      # Pulumi's program runner for Python ships in the sdk/v3 module, not in
      # the wheel; the host runs the copy beside it, of the same release.
      local sdk
      sdk="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
      install -m 0755 "$sdk/python/cmd/pulumi-language-python-exec" "$1/bin/pulumi-language-python-exec"
    }
    ;;
  pulumi-language-go)
    inputs=("$cli/go.mod" "$cli/go.sum" "$cli"/cmd/pulumi-language-go/*.go "$cli"/langhost/*.go)
    build() {
      go_env
      cd "$cli"
      log "building pulumi-language-go"
      go build -trimpath -ldflags "-s -w" -o "$1/bin/pulumi-language-go" ./cmd/pulumi-language-go
    }
    ;;
  pulumi-codegen)
    inputs=("$cli/go.mod" "$cli/go.sum" "$cli"/cmd/pulumi-codegen/*.go)
    build() {
      go_env
      cd "$cli"
      log "building pulumi-codegen"
      go build -trimpath -ldflags "-s -w" -o "$1/bin/pulumi-codegen" ./cmd/pulumi-codegen
    }
    ;;
  *)
    echo "usage: scripts/pulumi-tool.sh pulumi-language-yaml|pulumi-language-python|pulumi-language-go|pulumi-codegen" >&2
    exit 2
    ;;
esac

entry="$cache_root/$tool/$(inputs_hash "${BASH_SOURCE[0]}" "${inputs[@]}")"
cached_build "$entry" build
echo "$entry/bin"
