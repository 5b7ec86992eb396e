# Shared by ./run, ./test and bench/: installs what the build and the tests need,
# only when it is missing, so the second run is quick. Sourced, not executed.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# The Rust side: wasm32 target, cargo-leptos, and the wasm-bindgen that matches
# Cargo.lock (cargo-leptos would otherwise try to download one, which fails here).
ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q '0\.3\.10'; then
    say "installing cargo-leptos 0.3.10 (about 20 minutes, once)"
    cargo install cargo-leptos --version 0.3.10 --locked
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (about 3 minutes, once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

# npm packages: wasm-opt (binaryen; Debian's is too old and breaks hydration),
# Playwright, axe-core, Lighthouse. Never downloads a browser.
ensure_npm_packages() {
  command -v npm >/dev/null || { say "installing Node.js and npm"; apt_install nodejs npm; }
  if [ ! -x "$ROOT/end2end/node_modules/.bin/wasm-opt" ] ||
     [ "$ROOT/end2end/package-lock.json" -nt "$ROOT/end2end/node_modules/.package-lock.json" ]; then
    say "installing npm packages (end2end/)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  fi
  ensure_vendor_assets
}

# Leaflet (the reports map), from npm, copied into public/vendor/ so that the
# app serves it from its own origin: no CDN, and the CSP stays 'self'.
ensure_vendor_assets() {
  local out="$ROOT/public/vendor/leaflet"
  if [ ! -d "$ROOT/vendor/node_modules/leaflet" ] ||
     [ "$ROOT/vendor/package-lock.json" -nt "$ROOT/vendor/node_modules/.package-lock.json" ]; then
    say "installing front-end libraries (vendor/)"
    (cd "$ROOT/vendor" && npm ci --no-audit --no-fund)
  fi
  if [ ! -f "$out/leaflet.js" ] || [ "$ROOT/vendor/node_modules/.package-lock.json" -nt "$out/leaflet.js" ]; then
    mkdir -p "$out"
    cp -r "$ROOT/vendor/node_modules/leaflet/dist/leaflet.js" \
          "$ROOT/vendor/node_modules/leaflet/dist/leaflet.css" \
          "$ROOT/vendor/node_modules/leaflet/dist/images" \
          "$ROOT/vendor/node_modules/leaflet/LICENSE" "$out/"
  fi
}

APT_UPDATED=
apt_install() {
  [ -n "$APT_UPDATED" ] || { apt-get update -qq; APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# Debian's Chromium for Playwright and screenshots, with fonts that have every
# Vietnamese glyph.
ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
    say "installing Chromium and Noto fonts"
    apt_install chromium fonts-noto-core
  fi
}

pg_ready() {
  psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'select 1' >/dev/null 2>&1
}

# PostgreSQL at 127.0.0.1:5432 with trust auth: started if installed but stopped,
# installed when missing (CI only, where it must run). Returns 1 when unavailable.
ensure_postgres() {
  pg_ready && return 0
  if ! command -v pg_ctlcluster >/dev/null && [ -n "${CI:-}" ]; then
    say "installing PostgreSQL"
    apt_install postgresql
  fi
  if command -v pg_ctlcluster >/dev/null; then
    local version
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$version" ]; then
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
      local hba="/etc/postgresql/$version/main/pg_hba.conf"
      if ! pg_ready && [ -n "${CI:-}" ] && [ -f "$hba" ] && ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
        sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload >/dev/null 2>&1 || true
      fi
      for _ in 1 2 3 4 5 6 7 8 9 10; do pg_ready && return 0; sleep 1; done
    fi
  fi
  pg_ready
}
