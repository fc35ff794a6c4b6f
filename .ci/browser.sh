# Sourced by .ci/run: what the browser tests need (crates/warta/tests/
# web_browser.rs, which runs crates/warta/tests/browser/web.mjs).
#
# Installs Debian's `chromium` when /usr/bin/chromium is missing (never a
# browser that a test tool downloads), installs playwright-core, as the
# lock file pins it, with `npm ci` in the browser test folder, and exports
#   WARTA_REQUIRE_BROWSER=1  the browser test fails instead of skipping.

echo "== chromium and playwright-core for the browser tests"

_warta_browser_dir=crates/warta/tests/browser

if [ ! -x /usr/bin/chromium ]; then
    echo "chromium: /usr/bin/chromium is missing; installing Debian's chromium"
    if [ "$(id -u)" -ne 0 ]; then
        echo "chromium: not root, cannot apt-get install; install chromium first" >&2
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null ||
        { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || {
        echo "chromium: apt-get install chromium failed" >&2
        return 1
    }
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"

command -v node >/dev/null 2>&1 || { echo "browser tests: node is missing" >&2; return 1; }
command -v npm >/dev/null 2>&1 || { echo "browser tests: npm is missing" >&2; return 1; }
# playwright-core downloads no browser; this keeps any other tool from it.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd "$_warta_browser_dir" && npm ci --no-audit --no-fund --loglevel=error) || {
    echo "browser tests: npm ci in $_warta_browser_dir failed" >&2
    return 1
}
echo "playwright-core: $(node -p "require('./$_warta_browser_dir/node_modules/playwright-core/package.json').version") (node $(node --version))"

export WARTA_REQUIRE_BROWSER=1
