# Sourced by .ci/run: starts a throwaway PostgreSQL for the store's contract
# tests and stops it when the run exits.
#
# Installs Debian's `postgresql` when its server programs are missing,
# creates a cluster in a temp folder (as the `postgres` user when run as
# root: the server refuses to run as root), starts it on 127.0.0.1 with a
# free port and its socket in that folder, creates a database, and exports
#   WARTA_TEST_POSTGRES_URL  the database's URL
#   WARTA_REQUIRE_POSTGRES=1 the PostgreSQL tests fail instead of skipping.
# The EXIT trap that was set before is kept: ours runs, then it.

echo "== postgresql for the store tests"

_warta_pg_bindir() {
    local d
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"
        return 0
    fi
    # Debian keeps the server programs off PATH, one folder per version.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then
            echo "$d"
            return 0
        fi
    done
    return 1
}

if ! _warta_pg_bin=$(_warta_pg_bindir); then
    echo "postgresql: no initdb/pg_ctl here; installing Debian's postgresql"
    if [ "$(id -u)" -ne 0 ]; then
        echo "postgresql: not root, cannot apt-get install; install postgresql first" >&2
        return 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq postgresql >/dev/null ||
        { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
    _warta_pg_bin=$(_warta_pg_bindir) || {
        echo "postgresql: installed, but no initdb/pg_ctl found" >&2
        return 1
    }
fi
echo "postgresql: server programs in $_warta_pg_bin ($("$_warta_pg_bin/postgres" --version))"

# The server must not run as root: as root, run its programs as `postgres`.
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    _warta_pg_user=postgres
    _warta_pg_as() { runuser -u postgres -- "$@"; }
else
    _warta_pg_user=$(id -un)
    _warta_pg_as() { "$@"; }
fi

_warta_pg_dir=$(mktemp -d /tmp/warta-pg.XXXXXX)
chmod 700 "$_warta_pg_dir"
[ "$(id -u)" -eq 0 ] && chown "$_warta_pg_user" "$_warta_pg_dir"

# A free port on 127.0.0.1: nothing answers on it.
_warta_pg_port=
for _p in $(seq 54320 54420); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$_p") 2>/dev/null; then
        _warta_pg_port=$_p
        break
    fi
done
[ -n "$_warta_pg_port" ] || { echo "postgresql: no free port in 54320-54420" >&2; return 1; }

_warta_pg_as "$_warta_pg_bin/initdb" -D "$_warta_pg_dir/data" -U "$_warta_pg_user" \
    --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$_warta_pg_dir/initdb.log" 2>&1 || {
    cat "$_warta_pg_dir/initdb.log" >&2
    return 1
}
# A test server: durability is not the point, speed is.
_warta_pg_as "$_warta_pg_bin/pg_ctl" -D "$_warta_pg_dir/data" -l "$_warta_pg_dir/server.log" -w \
    -o "-h 127.0.0.1 -p $_warta_pg_port -k $_warta_pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || {
    cat "$_warta_pg_dir/server.log" >&2
    return 1
}

_warta_pg_stop() {
    if [ -n "${_warta_pg_dir:-}" ] && [ -d "$_warta_pg_dir/data" ]; then
        _warta_pg_as "$_warta_pg_bin/pg_ctl" -D "$_warta_pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    [ -n "${_warta_pg_dir:-}" ] && rm -rf "$_warta_pg_dir"
}

# Chain the EXIT trap: `trap -p EXIT` prints `trap -- 'CMD' EXIT`, shell
# quoted; its third word is the command as it was set.
_warta_pg_third() { printf '%s' "${3:-}"; }
_warta_pg_prev_trap=$(eval "_warta_pg_third $(trap -p EXIT)")
# shellcheck disable=SC2064 # the previous command is fixed now, on purpose
trap "_warta_pg_stop; ${_warta_pg_prev_trap}" EXIT

_warta_pg_as "$_warta_pg_bin/createdb" -h 127.0.0.1 -p "$_warta_pg_port" -U "$_warta_pg_user" warta_test

export WARTA_TEST_POSTGRES_URL="postgres://$_warta_pg_user@127.0.0.1:$_warta_pg_port/warta_test"
export WARTA_REQUIRE_POSTGRES=1
echo "postgresql: running on 127.0.0.1:$_warta_pg_port (data in $_warta_pg_dir); WARTA_TEST_POSTGRES_URL=$WARTA_TEST_POSTGRES_URL"
