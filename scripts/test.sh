#!/usr/bin/env bash
# The whole suite, as `make test` runs it:
#   1. every test on SQLite (the embedded default), with SQLITE_PASS_ARGS (CI: coverage);
#   2. the suite again on PostgreSQL (models, views, sign-ups, search) when one is reachable,
#      at TEST_POSTGRES_URL (default postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal).
# With two CPUs or more the two passes run side by side (each is one process); the PostgreSQL
# pass's output is printed when it ends. TEST_PARALLEL=0 runs them one after the other.
# Outside CI, what cannot run is skipped and the reason printed; with REQUIRE_POSTGRES=1,
# REQUIRE_ELASTICSEARCH=1 or REQUIRE_BROWSER=1 a missing service fails the run instead.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL="${TEST_POSTGRES_URL:-postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal}"
PARALLEL="${TEST_PARALLEL:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
status=0
trap '[ -n "${pg_pid:-}" ] && kill "$pg_pid" 2>/dev/null; true' EXIT
pg_pid=""
pg_log=""

postgres_pass() {
    DATABASE_URL="$PG_URL" "$PY" -m pytest -m "not browser" "$@"
}

if "$PY" - "$PG_URL" <<'PYEOF'
import sys
import psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL unreachable at {sys.argv[1]}: {exc}".strip())
    sys.exit(1)
PYEOF
then
    pg_ready=1
elif [ "${REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAILED: REQUIRE_POSTGRES=1 but PostgreSQL is unreachable." >&2
    pg_ready=0
    status=1
else
    echo "SKIPPED: the PostgreSQL pass (start a server and set TEST_POSTGRES_URL to run it)."
    pg_ready=0
fi

if [ "$pg_ready" = 1 ] && [ "$PARALLEL" = 1 ]; then
    pg_log=$(mktemp /tmp/cybercantal-postgres-pass.XXXXXX)
    echo "== Test suite on PostgreSQL, in the background (browser tests run in the SQLite pass) =="
    postgres_pass "$@" >"$pg_log" 2>&1 &
    pg_pid=$!
fi

echo "== Test suite on SQLite =="
env -u DATABASE_URL "$PY" -m pytest ${SQLITE_PASS_ARGS:-} "$@" || status=$?

if [ -n "$pg_pid" ]; then
    wait "$pg_pid" || status=$?
    echo "== Test suite on PostgreSQL (ran beside the SQLite pass) =="
    cat "$pg_log"
    rm -f "$pg_log"
elif [ "$pg_ready" = 1 ]; then
    echo "== Test suite on PostgreSQL (browser tests ran in the SQLite pass) =="
    postgres_pass "$@" || status=$?
fi
exit "$status"
