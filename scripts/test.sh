#!/usr/bin/env bash
# The whole suite, as `make test` runs it:
#   1. every test on SQLite (the embedded default), with SQLITE_PASS_ARGS;
#   2. the suite again on PostgreSQL (models, views, sign-ups, search) when one is reachable,
#      at TEST_POSTGRES_URL (default postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal).
# With two CPUs or more the work runs in three processes side by side: the SQLite pass
# without the browser tests, the browser tests (on SQLite), and the PostgreSQL pass; the
# output of the last two is printed when they end. TEST_PARALLEL=0 runs one pass after the
# other. COVERAGE_FLOOR=N (CI) measures the apps' coverage on the SQLite tests (browser
# included), combines it and fails the run under N per cent.
# Outside CI, what cannot run is skipped and the reason printed; with REQUIRE_POSTGRES=1,
# REQUIRE_ELASTICSEARCH=1 or REQUIRE_BROWSER=1 a missing service fails the run instead.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL="${TEST_POSTGRES_URL:-postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal}"
PARALLEL="${TEST_PARALLEL:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}"
FLOOR="${COVERAGE_FLOOR:-}"
status=0
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; true' EXIT

# pytest answers 5 when a selection holds no test (a path given with no browser test in it).
ok() { [ "$1" = 0 ] || [ "$1" = 5 ]; }

sqlite_pytest() {  # sqlite_pytest NAME ARGS...: one SQLite process, its coverage in .coverage.NAME
    local name=$1
    shift
    if [ -n "$FLOOR" ]; then
        COVERAGE_FILE=".coverage.$name" env -u DATABASE_URL "$PY" -m pytest --cov --cov-report= \
            ${SQLITE_PASS_ARGS:-} "$@"
    else
        env -u DATABASE_URL "$PY" -m pytest ${SQLITE_PASS_ARGS:-} "$@"
    fi
}

postgres_pytest() {
    DATABASE_URL="$PG_URL" "$PY" -m pytest -m "not browser" "$@"
}

background() {  # background LABEL COMMAND...: runs it, its output kept for later
    local log
    log=$(mktemp "/tmp/cybercantal-tests.XXXXXX")
    echo "== $1: running beside the SQLite pass, its output follows it =="
    shift
    "$@" >"$log" 2>&1 &
    pids+=($!)
    logs+=("$log")
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

rm -f .coverage .coverage.*
logs=()
labels=()
if [ "$PARALLEL" = 1 ]; then
    background "Browser tests on SQLite" sqlite_pytest browser -m browser "$@"
    labels+=("Browser tests on SQLite")
    if [ "$pg_ready" = 1 ]; then
        background "Test suite on PostgreSQL (browser tests aside)" postgres_pytest "$@"
        labels+=("Test suite on PostgreSQL (browser tests aside)")
    fi
    echo "== Test suite on SQLite (browser tests aside) =="
    sqlite_pytest sqlite -m "not browser" "$@"
    code=$?
    ok "$code" || status=$code
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}"
        code=$?
        echo "== ${labels[$i]} =="
        cat "${logs[$i]}"
        rm -f "${logs[$i]}"
        ok "$code" || status=$code
    done
    pids=()
else
    echo "== Test suite on SQLite =="
    sqlite_pytest sqlite "$@" || status=$?
    if [ "$pg_ready" = 1 ]; then
        echo "== Test suite on PostgreSQL (browser tests ran in the SQLite pass) =="
        postgres_pytest "$@" || status=$?
    fi
fi

if [ -n "$FLOOR" ]; then
    echo "== Coverage of the SQLite tests (browser included), floor $FLOOR % =="
    "$PY" -m coverage combine .coverage.* >/dev/null && \
        "$PY" -m coverage report --skip-covered --fail-under="$FLOOR" || status=1
fi
exit "$status"
