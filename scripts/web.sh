# The web console's build, shared by run.sh, test.sh and the Dockerfile's habits (sourced, not run).
# Needs Node.js 20+ and npm; installs the app's packages from web/package-lock.json (npm ci).

# The web sources' fingerprint: a build is reused while it matches.
web_fingerprint() {
  (cd "$1/web" && find src index.html package.json package-lock.json vite.config.ts tsconfig.json codegen.ts \
      ../tests/Callaro.Tests/Api/served-schema.approved.graphql -type f -print0 2>/dev/null \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# npm ci when node_modules is missing or older than the lock file.
web_install() {
  local web="$1/web"
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is not installed: the web console needs Node.js 20+ and npm." >&2
    return 1
  fi
  if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    echo "Installing the web console's packages (npm ci)..."
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
}

# Builds web/dist unless it was built from these very sources. $2: log file.
web_build() {
  local root="$1" log="$2" stamp
  stamp="$(web_fingerprint "$root")"
  if [ -f "$root/web/dist/index.html" ] && [ "$(cat "$root/web/dist/.fingerprint" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  web_install "$root" >>"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
  echo "Building the web console..."
  if ! (cd "$root/web" && npm run build) >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    return 1
  fi
  echo "$stamp" >"$root/web/dist/.fingerprint"
}

# Debian's chromium for the browser tests (Playwright's own browser download is not reachable here).
web_chromium() {
  local bin
  for bin in "${CALLARO_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    [ -n "$bin" ] && [ -x "$bin" ] && { echo "$bin"; return 0; }
  done
  echo "Installing Debian's chromium for the browser tests..." >&2
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo -n"
  { $sudo apt-get install -y chromium || { $sudo apt-get update && $sudo apt-get install -y chromium; }; } >&2 || return 1
  [ -x /usr/bin/chromium ] && echo /usr/bin/chromium
}
