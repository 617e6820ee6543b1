#!/usr/bin/env bash
# Every test: the sans-IO core on the host (cargo test), then the built npm package against the
# local API emulator (node's test runner). Installs what is missing; ends with one summary line.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"
require_node

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

log "core tests: cargo test (host)"
host_cargo test --color never 2>&1 | tee "$logs/cargo.txt"

bash scripts/build.sh
ensure_typescript
ensure_test_tools
ensure_chromium

log "package tests: node --test"
set +e
node --test --test-reporter=spec --test-timeout=120000 tests/js/*.test.mjs 2>&1 | tee "$logs/node.txt"
node_status=${PIPESTATUS[0]}
set -e

sum() { awk -v pattern="$2" '$0 ~ pattern { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) { n += $i; break } } END { print n + 0 }' "$1"; }
cargo_passed=$(grep -o '[0-9]* passed' "$logs/cargo.txt" | awk '{ n += $1 } END { print n + 0 }')
cargo_failed=$(grep -o '[0-9]* failed' "$logs/cargo.txt" | awk '{ n += $1 } END { print n + 0 }')
node_passed=$(sum "$logs/node.txt" '^ℹ pass [0-9]+$')
node_failed=$(sum "$logs/node.txt" '^ℹ fail [0-9]+$')
echo
echo "core (cargo test): $cargo_passed passed, $cargo_failed failed"
echo "package (node --test): $node_passed passed, $node_failed failed"
echo "$((cargo_passed + node_passed)) passed, $((cargo_failed + node_failed)) failed"
exit "$node_status"
