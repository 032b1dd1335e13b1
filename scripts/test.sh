#!/usr/bin/env bash
# The test layers (see CONTRIBUTING.md). `npm test` runs them all after the
# typecheck and build; `bash scripts/test.sh e2e` runs one layer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PULUMI_SKIP_UPDATE_CHECK=true

layer="${1:-all}"
# Build (or find in the cache) what the layer's tests run now, one thing at a
# time, and fail here (never skip) if something cannot be had.
if [[ "$layer" == "all" || "$layer" == "e2e" ]]; then
  # The real CLI, with the YAML, Python and Go language hosts beside it, and
  # the local S3 server for the bucket-backend tests.
  bash scripts/pulumi-cli.sh yaml python go >/dev/null
  bash scripts/s3-server.sh >/dev/null
fi
if [[ "$layer" == "all" || "$layer" == "integration" ]]; then
  bash scripts/pulumi-tool.sh pulumi-codegen >/dev/null
fi
if [[ "$layer" == "all" || "$layer" == "e2e" || "$layer" == "integration" ]]; then
  # The virtualenv of Python programs, and the one with the plugin's generated
  # SDK installed (layered on it, seconds once the first exists).
  bash scripts/python-venv.sh >/dev/null
  bash scripts/python-venv.sh sdk >/dev/null
fi
# The e2e layer's global setup (test/e2e/global-setup.js) packs the plugin
# and installs it into a PULUMI_HOME of its own, again only when the build is
# newer than that installation.

case "$layer" in
  all) exec npx jest --ci --maxWorkers=2 ;;
  unit | integration | e2e) exec npx jest --ci --maxWorkers=2 --selectProjects "$layer" ;;
  *) echo "usage: scripts/test.sh [all|unit|integration|e2e]" >&2; exit 2 ;;
esac
