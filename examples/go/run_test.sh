#!/bin/sh
# The Go example as a test (ctest capi.example.go): a synthetic county of 300 teachers, its
# audit by `yanxiu audit`, and the Go platform checking its own against it. Nothing is
# downloaded: the module has no dependencies, GOPROXY is off and the caches are in WORK.
#   run_test.sh YANXIU_CLI POLICY HEADER_DIR LIBRARY_DIR EXAMPLE_DIR WORK GO
set -eu
cli=$1 policy=$2 header_dir=$3 library_dir=$4 example=$5 work=$6 go=$7
rm -rf "$work"
mkdir -p "$work"
"$cli" demo --teachers 300 --out "$work/county" > /dev/null
# The county has bad rows on purpose: the command exits 1 over them, with the table written.
"$cli" audit --policy "$policy" --teachers "$work/county/teachers.csv" \
  --records "$work/county/records.csv" --out "$work/audit.csv" 2> /dev/null || [ -s "$work/audit.csv" ]
export GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$work/gocache" GOPATH="$work/gopath" CGO_ENABLED=1
export CGO_CFLAGS="-I$header_dir" CGO_LDFLAGS="-L$library_dir -Wl,-rpath,$library_dir"
(cd "$example" && "$go" build -o "$work/platform" .)
cd "$work"
exec ./platform "$policy" county/teachers.csv county/records.csv audit.csv
