#!/bin/sh
# An example `exec` handler for exam.completed (see config.example.json and the README).
#
# synap-webhooks runs it once per event with the event body on standard input and the key
# facts in SYNAP_* variables. Exit 0 means done; any other status means "try again later"
# (the event is retried with backoff, and the end of stderr goes to the log).
#
# It keeps the whole payload as <dir>/<event id>.json and appends one CSV line per result to
# <dir>/results.csv. A retried or replayed event has the same SYNAP_EVENT_ID, so the script
# checks it first and never writes a result twice.
#
# <dir> is, in order:
#   EXAM_RESULTS_DIR                    when set (the image and the systemd unit set it);
#   $SYNAP_DATA_DIR/exam-completed      when the receiver passes its data directory;
#   ./data/exam-completed               relative to the working directory (a checkout's first run).
# It uses no other inherited variable, so it works with the clean environment exec programs get.
#
# The files hold learner names, emails and scores: whatever the umask it was started with,
# it creates them readable by its own user only (files 0600, directories 0700).
#
# Run with --erase (the handler's "onErase"), it forgets a learner: synap-webhooks erase runs it
# with the learner's user ids and emails in SYNAP_ERASE_USER_ID and SYNAP_ERASE_EMAIL
# (comma-separated), and it removes their results and payloads.
set -eu
umask 077

out="${EXAM_RESULTS_DIR:-${SYNAP_DATA_DIR:-./data}/exam-completed}"
mkdir -p "$out"

if [ "${1:-}" = "--erase" ]; then
    for value in $(printf '%s,%s' "${SYNAP_ERASE_USER_ID:-}" "${SYNAP_ERASE_EMAIL:-}" | tr ',' ' '); do
        # Payloads naming the learner, then their result lines (rewritten to a new file, moved over).
        grep -lF -- "$value" "$out"/*.json 2>/dev/null | while read -r file; do rm -f -- "$file"; done
        if [ -f "$out/results.csv" ]; then
            grep -vF -- "$value" "$out/results.csv" > "$out/results.csv.new" || true
            mv -- "$out/results.csv.new" "$out/results.csv"
        fi
    done
    echo "erased a learner's results in $out"
    exit 0
fi

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
# Standard output is logged (at debug unless the handler sets "logOutput"): no email or name here.
echo "recorded event $SYNAP_EVENT_ID (user $SYNAP_USER_ID, score $SYNAP_SCORE) in $out"
