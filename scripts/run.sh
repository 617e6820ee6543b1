#!/usr/bin/env bash
# The main job: build the package, then serve the admin console on 127.0.0.1 and print its URL.
# Without OPENAI_ADMIN_KEY, the console talks to the local API emulator, seeded with a few
# checkpoints and projects. With it, the console talks to the real API through a local proxy
# that holds the key: the key never reaches the page.
#   PORT=8080 (0 picks a free one)   OPENAI_BASE_URL=https://api.openai.com/v1
#   SKIP_BUILD=1 serves the pkg/ already built (the test of this script uses it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"
require_node

[ -n "${SKIP_BUILD:-}" ] || bash scripts/build.sh

children=()
cleanup() { for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -n "${OPENAI_ADMIN_KEY:-}" ]; then
  upstream="${OPENAI_BASE_URL:-https://api.openai.com/v1}"
  key="$OPENAI_ADMIN_KEY"
  log "console → $upstream (the key stays in this process)"
else
  emulator_out="$(mktemp)"
  node tests/emulator/cli.mjs --seed-demo >"$emulator_out" &
  children+=($!)
  for _ in $(seq 100); do grep -q '^OPENAI_BASE_URL=' "$emulator_out" && break; sleep 0.1; done
  upstream="$(sed -n 's/^OPENAI_BASE_URL=//p' "$emulator_out")"
  [ -n "$upstream" ] || { echo "the API emulator did not start" >&2; exit 1; }
  key="sk-fake-admin-test-0123456789abcdef"
  log "console → local API emulator at $upstream (set OPENAI_ADMIN_KEY to use the real API)"
fi

CONSOLE_UPSTREAM_KEY="$key" node scripts/serve.mjs --port "${PORT:-8080}" --upstream "$upstream" &
children+=($!)
wait "${children[-1]}"
