#!/usr/bin/env bash
# The main job: build the package, then serve the admin console on 127.0.0.1 and print its URL,
# one line with this run's token in its fragment: CONSOLE_URL=http://127.0.0.1:PORT/#token=…
# Without OPENAI_ADMIN_KEY, the console talks to the local API emulator, seeded with a few
# checkpoints and projects. With it, the console talks to the real API through a local proxy
# that holds the key: the key never reaches the page, and it reaches the server on its stdin,
# never through its environment or command line (both readable in /proc by the user's other
# processes while the server runs).
#   PORT=8080 (0 picks a free one)   OPENAI_BASE_URL=https://api.openai.com/v1
#   SKIP_BUILD=1 serves the pkg/ already built (the test of this script uses it)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"
require_node

# Taken out of the environment at once: nothing this script starts inherits it.
admin_key="${OPENAI_ADMIN_KEY:-}"
unset OPENAI_ADMIN_KEY CONSOLE_UPSTREAM_KEY

[ -n "${SKIP_BUILD:-}" ] || bash scripts/build.sh

children=()
cleanup() { for pid in "${children[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -n "$admin_key" ]; then
  upstream="${OPENAI_BASE_URL:-https://api.openai.com/v1}"
  key="$admin_key"
  log "console → $upstream (the key stays in the console server)"
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

# printf is a builtin: the key is in no process's command line, and the pipe is read once.
# env -u as well, so that no later edit of this script can hand the variables down by mistake.
printf '%s\n' "$key" | env -u OPENAI_ADMIN_KEY -u CONSOLE_UPSTREAM_KEY node scripts/serve.mjs --key-stdin --port "${PORT:-8080}" --upstream "$upstream" &
children+=($!)
unset key admin_key
wait "${children[-1]}"
