#!/bin/sh
# Configures, builds and runs tests/c/find-package against the installed CMake package.
# Usage: find_package.sh PREFIX SOURCE_DIR WORK_DIR CMAKE C_COMPILER CXX_COMPILER
set -eu
prefix=$1 source=$2 work=$3 cmake=$4 cc=$5 cxx=$6
rm -rf "$work"
"$cmake" -S "$source/tests/c/find-package" -B "$work" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release
"$cmake" --build "$work"
policy="$source/examples/policies/dali-2017.json"
"$work/consumer_c" "$policy" | grep -qx "C: dali-2017 with yanxiu [0-9]*\.[0-9]*\.[0-9]*"
"$work/consumer_cpp" "$policy" | grep -qx "C++: dali-2017 with 5 rules"
# A C host may ask for the C ABI alone: no yanxiu::yanxiu, and no look for Boost.
mkdir -p "$work/c-alone"
cat > "$work/c-alone/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(c_alone LANGUAGES C)
find_package(yanxiu 0.1 REQUIRED COMPONENTS c)
if(TARGET yanxiu::yanxiu OR DEFINED Boost_FOUND)
  message(FATAL_ERROR "COMPONENTS c brought the C++ library or looked for Boost")
endif()
CMAKE
"$cmake" -S "$work/c-alone" -B "$work/c-alone/build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_C_COMPILER="$cc" > /dev/null
echo "find_package(yanxiu) gives yanxiu::c and yanxiu::yanxiu; COMPONENTS c, yanxiu::c alone"
