#!/usr/bin/env bash
# The test layers (see CONTRIBUTING.md). `npm test` runs them all after the
# typecheck and build; `bash scripts/test.sh e2e` runs one layer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PULUMI_SKIP_UPDATE_CHECK=true

layer="${1:-all}"
if [[ "$layer" == "all" || "$layer" == "e2e" ]]; then
  # End-to-end tests need the real CLI and a local S3 server: find, build or
  # install them now, and fail here (never skip) if they cannot be had.
  bash scripts/pulumi-cli.sh >/dev/null
  bash scripts/s3-server.sh >/dev/null
fi

case "$layer" in
  all) exec npx jest --ci --maxWorkers=2 ;;
  unit | integration | e2e) exec npx jest --ci --maxWorkers=2 --selectProjects "$layer" ;;
  *) echo "usage: scripts/test.sh [all|unit|integration|e2e]" >&2; exit 2 ;;
esac
