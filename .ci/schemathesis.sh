#!/usr/bin/env bash
# Schemathesis against the API on a live server (the "api: Schemathesis" leg of .ci/run;
# `make schemathesis` locally). A throwaway SQLite database with the demo data, a
# read-write token for erin (the demo's editor), gunicorn on a free loopback port with
# production settings, and Schemathesis reading the schema the server serves. Nothing
# leaves the machine: every request goes to 127.0.0.1.
#
# Environment: SCHEMATHESIS_MAX_EXAMPLES (default 60 per operation), SCHEMATHESIS_SEED
# (default fixed, so CI runs are reproducible; set another to explore), SCHEMATHESIS_ARGS
# (more options for `schemathesis run`).
set -euo pipefail

cd "$(dirname "$0")/.."
bin=.venv/bin
work=$(mktemp -d)
server_pid=""

stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap stop_server EXIT

# Production-like settings (DEBUG off) but plain HTTP on loopback, and request budgets
# far above what the run sends: a 429 there would be the limiter working, not a finding.
export DJANGO_SETTINGS_MODULE=factcheck.settings DJANGO_DEBUG=0 DJANGO_TESTING=0
DJANGO_SECRET_KEY=$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export DJANGO_SECRET_KEY DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_STATIC_ROOT="$work/static" SQLITE_PATH="$work/schemathesis.sqlite3"
export FACTCHECK_API_RATE=1000000/minute FACTCHECK_API_WRITE_RATE=1000000/minute
unset DATABASE_URL

"$bin/python" manage.py migrate --noinput -v 0
"$bin/python" manage.py collectstatic --noinput -v 0
"$bin/python" manage.py load_demo >/dev/null
token=$("$bin/python" manage.py create_token erin --name schemathesis --scope read-write)

port=$("$bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
# One worker: the request budgets' cache is per process (settings.CACHES).
"$bin/gunicorn" factcheck.wsgi --bind "127.0.0.1:$port" --workers 1 --threads 4 \
    --log-level warning >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 60); do
    if "$bin/python" -c "import urllib.request; urllib.request.urlopen('$base/api/v1/openapi.json', timeout=2)" 2>/dev/null; then
        break
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "gunicorn exited" >&2; exit 1; }
    sleep 0.5
done
echo "gunicorn answers at $base (pid $server_pid)"

# Every check but two. object_level_authorization needs a second user's credentials.
# positive_data_acceptance wants every schema-valid request to succeed, and some rules
# cannot be written in JSON Schema: a claim's quote must be the article's text at its
# offsets, and a write needs its version in If-Match or in the body (428 without either).
status=0
# shellcheck disable=SC2086
"$bin/schemathesis" run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks all --exclude-checks object_level_authorization,positive_data_acceptance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-60}" \
    --seed "${SCHEMATHESIS_SEED:-20260601}" \
    --workers 1 --request-timeout 10 \
    --generation-database none \
    --no-color ${SCHEMATHESIS_ARGS:-} || status=$?

# Then the README's curl session, step by step against the same server: a person's
# requests, each of which must succeed (Schemathesis mostly sees refusals).
echo "---- the README's curl session (.ci/api_session.sh) ----"
.ci/api_session.sh "$base" || status=$?

# The server's log, less the line Django writes for every 4xx the fuzzing provokes
# (a 403 for a session cookie without its CSRF token says why in brackets).
errors=$(grep -v -E '^(Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Precondition Required|Too Many Requests)( \([^)]*\))?: ' "$work/server.log" || true)
if [ -n "$errors" ]; then
    echo "---- server log ----"
    echo "$errors"
fi
exit "$status"
