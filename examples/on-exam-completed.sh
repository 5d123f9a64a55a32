#!/bin/sh
# An example `exec` handler for exam.completed (see config.example.json and the README).
#
# synap-webhooks runs it once per event with the event body on standard input and the key
# facts in SYNAP_* variables. Exit 0 means done; any other status means "try again later"
# (the event is retried with backoff, and the end of stderr goes to the log).
#
# It keeps the whole payload as ./data/exam-completed/<event id>.json and appends one CSV line
# per result to ./data/exam-completed/results.csv. A retried or replayed event has the same
# SYNAP_EVENT_ID, so the script checks it first and never writes a result twice.
set -eu

out="${EXAM_RESULTS_DIR:-./data/exam-completed}"
mkdir -p "$out"

# A CSV field: quoted, with inner quotes doubled.
csv() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

if [ -f "$out/results.csv" ] && grep -q "^\"$SYNAP_EVENT_ID\"," "$out/results.csv"; then
    echo "event $SYNAP_EVENT_ID already recorded"
    exit 0
fi

cat > "$out/$SYNAP_EVENT_ID.json"
{
    csv "$SYNAP_EVENT_ID"; printf ','
    csv "$SYNAP_RECEIVED_AT"; printf ','
    csv "$SYNAP_USER_EMAIL"; printf ','
    csv "$SYNAP_EXAM_NAME"; printf ','
    csv "$SYNAP_SCORE"; printf ','
    csv "$SYNAP_SCORE_FRAC"; printf '\n'
} >> "$out/results.csv"
echo "recorded $SYNAP_EXAM_NAME for $SYNAP_USER_EMAIL: score $SYNAP_SCORE ($SYNAP_SCORE_FRAC)"
