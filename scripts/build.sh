#!/usr/bin/env bash
# Builds the npm package into pkg/: cargo (wasm32) → wasm-bindgen → wasm-opt → pkg-template/.
# Three wasm builds: the main entry's (every call), the lean `/create` entry's, built without the
# `lifecycle` feature, for apps that only grant, and the `/access` entry's (every call plus access
# as code: the CLI and the enforcer Worker use it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"

select_wasm_toolchain
ensure_wasm_bindgen
ensure_wasm_opt

# $1: the package folder to fill; the rest: extra cargo arguments.
build_wasm_into() {
  local destination="$1" bindgen_out="$ROOT/target/bindgen/$(basename "$1")"
  shift
  wasm_cargo_build --quiet "$@"
  rm -rf "$bindgen_out"
  "$WASM_BINDGEN" --target web --no-typescript --out-name checkpoint_permissions --out-dir "$bindgen_out" \
    "$(wasm_target_dir)/checkpoint_permissions.wasm"
  cp "$bindgen_out/checkpoint_permissions.js" "$destination/"
  "$WASM_OPT" -Oz --strip-debug --strip-producers --strip-target-features \
    "$bindgen_out/checkpoint_permissions_bg.wasm" -o "$destination/checkpoint_permissions_bg.wasm"
}

rm -rf pkg
cp -R pkg-template pkg
cp pkg-template/browser.js pkg-template/node.js pkg-template/workerd.js pkg/create/
cp pkg-template/browser.js pkg-template/node.js pkg-template/workerd.js pkg-template/calls.js pkg/access/

log "building wasm ($WASM_BUILD toolchain): main entry"
build_wasm_into pkg --no-default-features --features lifecycle
log "building wasm ($WASM_BUILD toolchain): lean /create entry"
build_wasm_into pkg/create --no-default-features
log "building wasm ($WASM_BUILD toolchain): /access entry"
build_wasm_into pkg/access

# Which toolchain built this: the size budget depends on it (see tests/js/size.test.mjs).
printf '{ "toolchain": "%s" }\n' "$WASM_BUILD" > pkg/.build.json

version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
sed -i "s/\"version\": \"0.0.0-template\"/\"version\": \"$version\"/" pkg/package.json

node scripts/size.mjs pkg
