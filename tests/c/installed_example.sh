#!/bin/sh
# examples/c/school_audit.c built against the installed library with pkg-config, as a platform
# engineer would, then run on the Dali policy.
# Usage: installed_example.sh PREFIX LIBDIR SOURCE_DIR WORK_DIR CC
set -eu
prefix=$1 libdir=$2 source=$3 work=$4 cc=$5
mkdir -p "$work"
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2046 # pkg-config's output is meant to be split into arguments
"$cc" -std=c99 -Wall -Wextra -pedantic -Werror "$source/examples/c/school_audit.c" \
  $(pkg-config --cflags --libs yanxiu) -o "$work/school_audit"
LD_LIBRARY_PATH="$prefix/$libdir" "$work/school_audit" "$source/examples/policies/dali-2017.json" \
  >"$work/out.txt" 2>"$work/err.txt"
cat "$work/out.txt" "$work/err.txt"

expect() { grep -qxF -- "$1" "$2" || { echo "missing from $2: $1"; exit 1; }; }
# T001 has 12 school, 6 workshop, 4 self and 6 holiday hours in 2017-2018/1: the workshop part
# (8) is 2 short, so are the semester's 30. T002's R5 has negative hours.
expect "4 of 5 records taken" "$work/out.txt"
expect "T001 semester-offline/workshop 2017-2018/1 required 8.00 credited 6.00 short 2.00" "$work/out.txt"
expect "T001 year-total 2017-2018 required 60.00 credited 28.00 short 32.00" "$work/out.txt"
expect "records: 4 credited, 0 capped, 0 gated, 0 outside, 0 duplicate, 0 uncertified, 1 invalid" "$work/out.txt"
expect "records:5: error: hours: -1.00 is negative" "$work/err.txt"
grep -q "^Teacher T001 · school 城关一小 · title junior" "$work/out.txt"
# With R6 (2 more workshop hours) the semester's offline rule is met: only the year and the
# cycle remain short, by 30 and 270, and the cycle's choice of a project or a topic, by 1.
sed -n '/^after R6/,$p' "$work/out.txt" >"$work/after.txt"
expect "after R6, T001 has 9 verdicts; still short:" "$work/after.txt"
expect "T001 year-total 2017-2018 required 60.00 credited 30.00 short 30.00" "$work/after.txt"
expect "T001 cycle-total cycle required 300.00 credited 30.00 short 270.00" "$work/after.txt"
expect "T001 creation-or-topic cycle required 1 credited 0 short 1" "$work/after.txt"
test "$(wc -l <"$work/after.txt")" -eq 4
echo "the installed example builds with pkg-config and runs"
