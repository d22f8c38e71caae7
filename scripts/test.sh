#!/usr/bin/env bash
# The whole suite, as `make test` runs it:
#   1. every test on SQLite (the embedded default), with SQLITE_PASS_ARGS (CI: coverage);
#   2. the suite again on PostgreSQL (models, views, sign-ups, search) when one is reachable,
#      at TEST_POSTGRES_URL (default postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal).
# Outside CI, what cannot run is skipped and the reason printed; with REQUIRE_POSTGRES=1,
# REQUIRE_ELASTICSEARCH=1 or REQUIRE_BROWSER=1 a missing service fails the run instead.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL="${TEST_POSTGRES_URL:-postgres://cybercantal:cybercantal@127.0.0.1:5432/cybercantal}"
status=0

echo "== Test suite on SQLite =="
env -u DATABASE_URL "$PY" -m pytest ${SQLITE_PASS_ARGS:-} "$@" || status=$?

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
    echo "== Test suite on PostgreSQL (browser tests ran in the SQLite pass) =="
    DATABASE_URL="$PG_URL" "$PY" -m pytest -m "not browser" "$@" || status=$?
elif [ "${REQUIRE_POSTGRES:-}" = "1" ]; then
    echo "FAILED: REQUIRE_POSTGRES=1 but PostgreSQL is unreachable." >&2
    status=1
else
    echo "SKIPPED: the PostgreSQL pass (start a server and set TEST_POSTGRES_URL to run it)."
fi
exit "$status"
