#!/usr/bin/env bash
# Builds the npm package into pkg/: cargo (wasm32) → wasm-bindgen → wasm-opt → pkg-template/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ROOT"

select_wasm_toolchain
ensure_wasm_bindgen
ensure_wasm_opt

log "building wasm ($WASM_BUILD toolchain)"
wasm_cargo_build --quiet

bindgen_out="$ROOT/target/bindgen"
rm -rf "$bindgen_out" pkg
"$WASM_BINDGEN" --target web --no-typescript --out-name checkpoint_permissions --out-dir "$bindgen_out" \
  "$(wasm_target_dir)/checkpoint_permissions.wasm"

mkdir -p pkg
cp -R pkg-template/. pkg/
cp "$bindgen_out/checkpoint_permissions.js" pkg/
"$WASM_OPT" -Oz --strip-debug --strip-producers \
  "$bindgen_out/checkpoint_permissions_bg.wasm" -o pkg/checkpoint_permissions_bg.wasm
version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
sed -i "s/\"version\": \"0.0.0-template\"/\"version\": \"$version\"/" pkg/package.json

node scripts/size.mjs pkg
