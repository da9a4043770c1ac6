#!/bin/sh
# The C-only install component, stripped, as a platform installs it: exactly the header, the
# shared library, yanxiu.pc and the CMake package of yanxiu::c; no debug information; and it is
# enough to build the example with pkg-config and a CMake host of yanxiu::c.
# Usage: c_only_install.sh BUILD_DIR LIBDIR SOURCE_DIR WORK_DIR CMAKE CC READELF
set -eu
build=$1 libdir=$2 source=$3 work=$4 cmake=$5 cc=$6 readelf=$7
prefix="$work/prefix"
rm -rf "$work"
"$cmake" --install "$build" --prefix "$prefix" --component c --strip > /dev/null
(cd "$prefix" && find . -type f -o -type l | sed 's|^\./||' | sed 's|targets-[a-z]*\.cmake$|targets-CONFIG.cmake|' | sort) > "$work/files.txt"
cat > "$work/expected.txt" <<LIST
include/yanxiu.h
$libdir/cmake/yanxiu/yanxiu-c-targets-CONFIG.cmake
$libdir/cmake/yanxiu/yanxiu-c-targets.cmake
$libdir/cmake/yanxiu/yanxiu-config-version.cmake
$libdir/cmake/yanxiu/yanxiu-config.cmake
$libdir/libyanxiu.so
$libdir/libyanxiu.so.1
$libdir/pkgconfig/yanxiu.pc
LIST
sort "$work/expected.txt" > "$work/expected.sorted"
grep -v '^\(include/yanxiu.h\|.*cmake\|.*libyanxiu.so.*\|.*yanxiu.pc\)$' "$work/files.txt" && { echo "unexpected files"; exit 1; }
grep -v 'libyanxiu.so.1\.' "$work/files.txt" | diff "$work/expected.sorted" - || { echo "the component's files differ"; exit 1; }
library=$(ls "$prefix/$libdir"/libyanxiu.so.1.*)
if "$readelf" -S "$library" | grep -q '\.debug_'; then echo "$library is not stripped"; exit 1; fi

sh "$source/tests/c/installed_example.sh" "$prefix" "$libdir" "$source" "$work/example" "$cc" > /dev/null
mkdir -p "$work/consumer"
cp "$source/tests/c/find-package/consumer.c" "$work/consumer/"
cat > "$work/consumer/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(c_consumer LANGUAGES C)
find_package(yanxiu 0.1 REQUIRED)
if(TARGET yanxiu::yanxiu)
  message(FATAL_ERROR "the C component brought yanxiu::yanxiu")
endif()
add_executable(consumer_c consumer.c)
target_link_libraries(consumer_c PRIVATE yanxiu::c)
CMAKE
"$cmake" -S "$work/consumer" -B "$work/consumer/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" > /dev/null
"$cmake" --build "$work/consumer/build" > /dev/null
"$work/consumer/build/consumer_c" "$source/examples/policies/dali-2017.json" | grep -qx "C: dali-2017 with yanxiu [0-9.]*"
echo "the C component installs $(wc -l < "$work/files.txt") files, stripped, and builds its hosts"
