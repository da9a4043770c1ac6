#!/bin/sh
# The Java example as a test (ctest capi.example.java): a synthetic county of 300 teachers, its
# audit by `yanxiu audit`, and the JNA platform checking its own against it.
#   run_test.sh YANXIU_CLI POLICY LIBRARY_DIR EXAMPLE_DIR WORK JAVA JNA_JAR
set -eu
cli=$1 policy=$2 library_dir=$3 example=$4 work=$5 java=$6 jna=$7
rm -rf "$work"
mkdir -p "$work"
"$cli" demo --teachers 300 --out "$work/county" > /dev/null
# The county has bad rows on purpose: the command exits 1 over them, with the table written.
"$cli" audit --policy "$policy" --teachers "$work/county/teachers.csv" \
  --records "$work/county/records.csv" --out "$work/audit.csv" 2> /dev/null || [ -s "$work/audit.csv" ]
cd "$work"
exec "$java" -cp "$jna" -Djna.library.path="$library_dir" "$example/Platform.java" \
  "$policy" county/teachers.csv county/records.csv audit.csv
