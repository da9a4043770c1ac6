# A thin wrapper over CMake presets: the two commands of the README, and a few more.
#   make demo   installs what is missing, builds, audits a synthetic county with the Dali policy
#   make test   installs what is missing, builds, runs every test (dev, asan; tsan on the threaded ones)
#   make bench  builds the release preset and runs the benchmarks into build/release/bench.json
#   make bench-python  times the Python bindings against the C++ API (release build)
#   make bench-peers   the same audit in pandas, DuckDB SQL and a plain loop, checked and timed
#   make fuzz   runs each libFuzzer target of tests/fuzz for FUZZ_SECONDS (clang, ASan + UBSan)

PRESET ?= dev
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

# Debian 12 packages the build and the tests need (the Python bindings: pybind11 to python3-wheel,
# openpyxl for read_excel, a CJK font for plots in Chinese; make fuzz: clang and its libFuzzer
# runtime; the Go and Java examples of the C ABI: golang-go, default-jdk-headless, libjna-java).
PACKAGES := cmake ninja-build g++ make pkg-config clang libclang-rt-14-dev \
            libboost-dev libboost-date-time-dev \
            libgtest-dev libgmock-dev libbenchmark-dev \
            abigail-tools python3 \
            pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pandas \
            python3-pytest python3-matplotlib python3-nbclient python3-nbformat python3-ipykernel \
            python3-setuptools python3-venv python3-pip python3-wheel \
            python3-dask python3-distributed python3-openpyxl fonts-wqy-microhei \
            golang-go default-jdk-headless libjna-java

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps peer-deps build demo test test-tsan fuzz bench bench-python bench-peers clean format

all: build

# Installs only what is missing, so it is quick and needs no network when all is there.
deps:
	@missing=$$(for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

# The demo builds only what it runs: the library and the command line.
demo: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS) --target yanxiu_cli
	$(BUILD_DIR)/cli/yanxiu demo

# The dev build's tests, then the same tests under AddressSanitizer + UndefinedBehaviorSanitizer,
# then the tests that run threads under ThreadSanitizer.
test: build
	ctest --preset $(PRESET) -j $(JOBS)
ifeq ($(PRESET),dev)
	$(MAKE) --no-print-directory test PRESET=asan
	$(MAKE) --no-print-directory test-tsan
endif

# Only the targets of the multi-threaded tests are built with ThreadSanitizer, and the tsan test
# preset's filter picks those tests: names with Threads or ThreadCount, capi.handles, capi.audit,
# capi.abuse, capi.policy_swap, and Limits.ManyDuplicateIds (2.6 MB of records, read in stretches
# on threads).
TSAN_TARGETS := yanxiu_tests capi_test_handles capi_test_audit capi_test_abuse capi_test_policy_swap
test-tsan: deps
	cmake --preset tsan >/dev/null
	cmake --build --preset tsan -j $(JOBS) --target $(TSAN_TARGETS)
	ctest --preset tsan -j $(JOBS)

# Each fuzz target of tests/fuzz under libFuzzer for FUZZ_SECONDS, one after the other, from its
# seed corpus and what earlier runs found (build/fuzz/corpus). A finding stops the run: the input
# is in build/fuzz/findings, the report in build/fuzz/TARGET.log (docs/reliability.md).
FUZZ_SECONDS ?= 600
FUZZ_TARGETS := policy ledger_csv score_sheet capi
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	@mkdir -p build/fuzz/findings
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$target; \
	  echo "make fuzz: $$target for $(FUZZ_SECONDS) s (log: build/fuzz/$$target.log)"; \
	  dict=; [ -f tests/fuzz/$$target.dict ] && dict=-dict=tests/fuzz/$$target.dict; \
	  build/fuzz/tests/fuzz/fuzz_$$target -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build/fuzz/findings/$$target- \
	    $$dict build/fuzz/corpus/$$target tests/fuzz/corpus/$$target > build/fuzz/$$target.log 2>&1; \
	  status=$$?; grep -E '^(stat::|#[0-9]+.*DONE|==[0-9]+==|SUMMARY)' build/fuzz/$$target.log; \
	  [ $$status = 0 ] || { tail -n 40 build/fuzz/$$target.log; exit $$status; }; \
	done

# Benchmarks are not tests: they run on demand, in an optimised build, and write a JSON report.
bench:
	$(MAKE) --no-print-directory build PRESET=release
	build/release/benchmarks/yanxiu_bench --benchmark_out=build/release/bench.json \
	  --benchmark_out_format=json

# The Python bindings against the C++ API on a 100,000-teacher county (release build; not a test).
BENCH_TEACHERS ?= 100000
bench-python: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	PYTHONPATH=build/release/bindings/python/package /usr/bin/python3 \
	  benchmarks/python/bench_audit.py --teachers $(BENCH_TEACHERS) --threads 2 \
	  --cli build/release/cli/yanxiu

# yanxiu beside pandas, DuckDB SQL and GoRules ZEN (npm packages pinned in benchmarks/peers), a
# plain C++ loop and the floor, on the same county: tables compared, times and ratios printed,
# written to build/release/peers.json (benchmarks/peers/README.md). PEER_TEACHERS=1000000 for a
# million. npm installs again when package-lock.json is newer than what node_modules holds;
# `npm install` keeps to the versions the lock pins, where `npm ci` would also demand the optional
# builds for other platforms, which the registry reached here does not serve.
PEER_TEACHERS ?= 100000
bench-peers: deps peer-deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	[ benchmarks/peers/node_modules/.package-lock.json -nt benchmarks/peers/package-lock.json ] || \
	  (cd benchmarks/peers && npm install --no-audit --no-fund && touch node_modules/.package-lock.json)
	/usr/bin/python3 benchmarks/peers/run.py --build build/release --teachers $(PEER_TEACHERS)

# Node.js and npm for the DuckDB peer, when the machine has none.
peer-deps:
	@missing=$$(command -v node >/dev/null || echo nodejs; command -v npm >/dev/null || echo npm); \
	if [ -n "$$missing" ]; then \
	  echo "make peer-deps: installing" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')

clean:
	rm -rf build
