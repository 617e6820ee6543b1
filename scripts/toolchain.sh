# Sourced by the build, run and test scripts: finds, or installs, everything they need, on a
# fresh machine as on a developer's. Nothing here is assumed to exist beforehand except bash,
# Node >= 18 and a Debian-like system (apt) for whatever is missing.
#
# Wasm toolchain, in order of preference:
#   1. rustup with the wasm32-unknown-unknown target already installed: plain `cargo build`.
#   2. Debian's rustc-web + cargo-web + rust-web-src + lld-19 (installed with apt when missing),
#      building std from source with -Z build-std. It needs no download host but apt's, so it
#      always works; WASM_TOOLCHAIN=debian forces it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${CHECKPOINT_PERMISSIONS_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/checkpoint-permissions}"
DEBIAN_WASM_LINKER=/usr/lib/llvm-19/bin/wasm-ld
BINARYEN_VERSION=132.0.0
TYPESCRIPT_VERSION=5.9.3

log() { if [ -t 2 ]; then printf '\033[1m==> %s\033[0m\n' "$*" >&2; else printf '==> %s\n' "$*" >&2; fi; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=() package
  for package in "$@"; do
    # Not `dpkg -s`: it succeeds for a removed package whose configuration files remain.
    [ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" = "install ok installed" ] || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing with apt: ${missing[*]}"
  # Finishes an install an earlier, interrupted run left half done (apt refuses to start otherwise).
  as_root env DEBIAN_FRONTEND=noninteractive dpkg --configure -a
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

require_node() {
  if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
    apt_install nodejs npm
  fi
}

# Which wasm toolchain builds the package: sets WASM_BUILD to "rustup" or "debian".
select_wasm_toolchain() {
  if [ "${WASM_TOOLCHAIN:-}" != debian ] && command -v rustup >/dev/null 2>&1 \
     && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    WASM_BUILD=rustup
  else
    apt_install rustc-web cargo-web rust-web-src lld-19
    WASM_BUILD=debian
  fi
  export WASM_BUILD
}

# A cargo for the host (the sans-IO core's tests): rustup's when present, else Debian's.
host_cargo() {
  if command -v rustup >/dev/null 2>&1 && command -v cargo >/dev/null 2>&1; then
    cargo "$@"
  else
    apt_install rustc-web cargo-web
    PATH="/usr/bin:$PATH" CARGO_TARGET_DIR="$ROOT/target/host-debian" /usr/bin/cargo "$@"
  fi
}

wasm_cargo_build() {
  if [ "$WASM_BUILD" = rustup ]; then
    CARGO_TARGET_DIR="$ROOT/target/wasm-rustup" cargo build --release --target wasm32-unknown-unknown "$@"
  else
    # RUSTC_BOOTSTRAP stays scoped to this one command: exported, it would make rustup's cargo fail.
    # Nightly size flags, since this path has them anyway: immediate-abort drops the panic
    # machinery; MIR-level inlining saves another 5% of the wasm. Without reference types,
    # wasm-bindgen keeps JS values in a JS-side heap instead of an externref table, which takes
    # the wasm a conversion shim per import: 0.5 KB less gzipped, no slower.
    PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 \
      CARGO_TARGET_DIR="$ROOT/target/wasm-debian" \
      CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$DEBIAN_WASM_LINKER" \
      CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size \
      RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zmir-opt-level=3 -Ctarget-feature=-reference-types" \
      /usr/bin/cargo build --release --target wasm32-unknown-unknown -Z build-std=std,panic_abort "$@"
  fi
}

wasm_target_dir() {
  echo "$ROOT/target/wasm-$WASM_BUILD/wasm32-unknown-unknown/release"
}

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
ensure_wasm_bindgen() {
  local version
  version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
  WASM_BINDGEN="$TOOLS/wasm-bindgen-$version/bin/wasm-bindgen"
  if [ ! -x "$WASM_BINDGEN" ] || ! "$WASM_BINDGEN" --version | grep -qF " $version"; then
    log "installing wasm-bindgen-cli $version (a few minutes, once)"
    # Not --locked: one of its locked dependency versions is missing from the registry here.
    host_cargo install wasm-bindgen-cli --version "=$version" --root "$TOOLS/wasm-bindgen-$version" --quiet
  fi
  export WASM_BINDGEN
}

# Prints the path of an npm package's binary in the tools cache, installing the package at the
# given version first when that binary is missing or reports another version.
#   npm_tool PACKAGE VERSION BINARY
npm_tool() {
  local package="$1" version="$2" binary="$TOOLS/node/node_modules/.bin/$3"
  require_node
  if [ ! -x "$binary" ] || ! "$binary" --version 2>/dev/null | grep -qF "${version%.0.0}"; then
    log "installing $package $version from npm"
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "$package@$version" >/dev/null
  fi
  echo "$binary"
}

# binaryen's npm build: Debian's binaryen 108 corrupts wasm-bindgen output.
ensure_wasm_opt() {
  WASM_OPT="$(npm_tool binaryen "$BINARYEN_VERSION" wasm-opt)"
  export WASM_OPT
}

# tsc, for the type-declaration tests.
ensure_typescript() {
  TSC="$(npm_tool typescript "$TYPESCRIPT_VERSION" tsc)"
  export TSC
}

# The pinned npm tools of the browser, runtime, bundler and benchmark tests (tests/tools).
ensure_test_tools() {
  require_node
  local dir="$ROOT/tests/tools"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.installed-lock.json"; then
    log "installing the test tools from npm (tests/tools)"
    # Not `npm ci`: npm 11 refuses the lock for optional packages of other platforms.
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error >/dev/null
    cp "$dir/package-lock.json" "$dir/node_modules/.installed-lock.json"
  fi
  export TEST_TOOLS="$dir/node_modules"
}

# Debian's Chromium, driven by playwright-core (a browser download of Playwright's own fails here).
ensure_chromium() {
  apt_install chromium
  export CHROMIUM=/usr/bin/chromium
}
