#!/usr/bin/env bash
# The README's curl session ("JSON API: a session with curl"), run for real against a live
# server with the demo data: create tokens, import an article, mark a claim, review it,
# add a source, decide the verdict, export JSON Lines. Every request must succeed (curl
# --fail-with-body) and the export must hold the claim. tests/api/test_readme_session.py
# keeps the README's commands and these the same.
#
# Usage: .ci/api_session.sh http://127.0.0.1:PORT  (with the server's database settings in
# the environment, so manage.py create_token writes where the server reads)
set -euo pipefail
cd "$(dirname "$0")/.."
API="$1/api/v1"
manage() { .venv/bin/python manage.py "$@"; }
j() { .venv/bin/python -c "import json, sys; print(json.load(sys.stdin)$1)"; }
curl() { command curl --silent --show-error --fail-with-body "$@"; }

# --- session (the README shows the lines between these markers) ---
EDITOR=$(manage create_token erin --name "CMS import" --scope read-write)
REVIEWER=$(manage create_token alice --name "alice's script" --scope read-write)
JSON="Content-Type: application/json"

# An editor imports an article (offsets below are code points into its text).
ARTICLE=$(curl -X POST "$API/articles" -H "Authorization: Bearer $EDITOR" -H "$JSON" -d '{
  "title": "Ministry reports 62 cases", "publisher": "Daily Example", "language": "en",
  "text": "The ministry said 62 cases were recorded in 2025.\n\nCritics said the number is higher."
}' | j '["id"]')

# A reviewer marks "62 cases" (code points 18 to 26) and reviews it.
CLAIM=$(curl -X POST "$API/articles/$ARTICLE/claims" -H "Authorization: Bearer $REVIEWER" \
  -H "$JSON" -d '{"start": 18, "end": 26, "exact": "62 cases"}' | j '["id"]')
curl -X PUT "$API/claims/$CLAIM/reviews/mine" -H "Authorization: Bearer $REVIEWER" -H "$JSON" \
  -d '{"rating": "mostly-true", "rationale": "The annual report lists 62.", "confidence": "high"}'
SOURCE=$(curl -X POST "$API/claims/$CLAIM/sources" -H "Authorization: Bearer $REVIEWER" \
  -H "$JSON" -d '{"url": "https://example.org/annual-report", "stance": "supports"}' | j '["id"]')

# The editor decides, sending the claim's version as If-Match.
VERSION=$(curl "$API/claims/$CLAIM" -H "Authorization: Bearer $EDITOR" | j '["version"]')
curl -X POST "$API/claims/$CLAIM/verdict" -H "Authorization: Bearer $EDITOR" -H "$JSON" \
  -H "If-Match: \"$VERSION\"" -d '{"rating": "mostly-true", "sources": ['"$SOURCE"'],
  "public_summary": "The figure matches the annual report.", "rationale": "Page 4 lists 62."}'

# A data team pulls the verified claims as JSON Lines, one claim per line.
curl "$API/exports/jsonl?article=$ARTICLE" -H "Authorization: Bearer $EDITOR" > claims.jsonl
# --- end of session ---

lines=$(wc -l < claims.jsonl)
.venv/bin/python - "$CLAIM" <<'PY'
import json, sys
records = [json.loads(line) for line in open("claims.jsonl", encoding="utf-8")]
assert [r["id"] for r in records] == [int(sys.argv[1])], records
assert records[0]["verdict"]["slug"] == "mostly-true" and records[0]["exact"] == "62 cases"
PY
rm -f claims.jsonl
echo "README curl session: every request succeeded; the export holds claim $CLAIM ($lines line)"
