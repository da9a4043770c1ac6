#!/bin/sh
# An audit killed while it writes its --out file leaves the file it replaces as it was: the rows
# go to a temporary beside it, renamed into place only when complete. SIGKILL leaves the
# temporary (nothing can catch it); SIGTERM removes it.
#   kill-during-write.sh YANXIU POLICY WORKDIR
set -u
yanxiu=$1 policy=$2 work=$3
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
# 4000 teachers: some 270 000 rows, 19 MB of CSV, long enough to be caught writing.
"$yanxiu" demo --teachers 4000 --seed 11 --out county >/dev/null || fail "demo"

temporaries() { find . -maxdepth 1 -name '.audit.csv.*.tmp' "$@" 2>/dev/null; }

# Starts the audit over an audit.csv of known content and sends it SIGNAL once its temporary
# holds 64 KB; tries again when the audit finished first.
kill_while_writing() {
  for attempt in 1 2 3 4 5; do
    printf 'the audit of last month\n' >audit.csv
    "$yanxiu" audit --policy "$policy" --teachers county/teachers.csv \
      --records county/records.csv --threads 1 --out audit.csv 2>/dev/null &
    pid=$!
    caught=no
    while kill -0 "$pid" 2>/dev/null; do
      if [ -n "$(temporaries -size +64k)" ]; then
        kill "-$1" "$pid" && caught=yes
        break
      fi
    done
    wait "$pid" 2>/dev/null
    [ "$caught" = yes ] && return
    echo "attempt $attempt: the audit finished before it was caught writing; again"
  done
  fail "never caught the audit while it wrote"
}

kill_while_writing KILL
[ "$(cat audit.csv)" = "the audit of last month" ] || fail "audit.csv changed: $(head -c 200 audit.csv)"
[ ! -e audit.csv.meta.json ] || fail "a decision record was written for a table that was not"
echo "SIGKILL while writing $(temporaries -exec wc -c {} \;): audit.csv still holds the audit of last month"
temporaries -delete

kill_while_writing TERM
[ "$(cat audit.csv)" = "the audit of last month" ] || fail "audit.csv changed after SIGTERM"
[ -z "$(temporaries)" ] || fail "SIGTERM left a temporary: $(temporaries)"
echo "SIGTERM while writing: audit.csv still holds the audit of last month, no temporary left"

# The same audit, left to finish, replaces it whole.
"$yanxiu" audit --policy "$policy" --teachers county/teachers.csv \
  --records county/records.csv --out audit.csv 2>/dev/null
[ $? -le 1 ] || fail "the audit failed"
head -n 1 audit.csv | grep -q '^teacher_id,rule_id,' || fail "the new audit.csv is not the table"
[ -s audit.csv.meta.json ] || fail "no decision record beside the new audit"
echo "PASS"
