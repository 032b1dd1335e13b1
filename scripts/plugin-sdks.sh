#!/usr/bin/env bash
# The plugin's SDKs for Python, Go and Node.js, generated from
# plugin/schema.json into plugin/sdk/<language> by our generator
# (tools/pulumi-cli/cmd/pulumi-codegen, built and cached by pulumi-tool.sh).
#
#   bash scripts/plugin-sdks.sh           regenerate them (`npm run sdk`, after `npm run schema`)
#   bash scripts/plugin-sdks.sh --check   fail, naming each file, if they differ from what the
#                                         schema generates (test/integration/plugin-sdks.test.ts)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
codegen="$(bash scripts/pulumi-tool.sh pulumi-codegen)/pulumi-codegen"
case "${1:-}" in
  --check) exec "$codegen" -check plugin/schema.json plugin/sdk ;;
  "") exec "$codegen" plugin/schema.json plugin/sdk ;;
  *) echo "usage: scripts/plugin-sdks.sh [--check]" >&2; exit 2 ;;
esac
