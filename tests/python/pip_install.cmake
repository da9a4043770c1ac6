# The packaging recipe of docs/python.md: pip install --no-build-isolation of bindings/python
# into a venv that sees Debian's packages, with no index (no network), reusing this build's
# CMake directory (YANXIU_CMAKE_BUILD_DIR, so nothing is compiled again); then pip wheel, and the
# wheel installed into a second venv; an audit through each installed package.
# Arguments: PYTHON, SOURCE_DIR, BUILD_DIR (the CMake build to reuse), WORK_DIR.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

set(pip_options --no-build-isolation --no-index --no-deps --no-cache-dir
                --disable-pip-version-check --quiet)
set(ENV{YANXIU_CMAKE_BUILD_DIR} "${BUILD_DIR}")
set(ENV{YANXIU_BUILD_BASE} "${WORK_DIR}/build")
set(ENV{YANXIU_BUILD_JOBS} 2)

set(check "
import pathlib, sys, yanxiu
installed = pathlib.Path(yanxiu.__file__).resolve()
assert installed.is_relative_to(pathlib.Path(sys.prefix).resolve()), installed
for name in ('py.typed', '_core.pyi', '_audit.py'):
    assert (installed.parent / name).is_file(), name
policy = yanxiu.load_policy('${SOURCE_DIR}/examples/policies/dali-2017.json')
audit = policy.audit('${SOURCE_DIR}/tests/cli/teachers.csv', '${SOURCE_DIR}/tests/cli/records.csv')
assert audit.dispositions['credited'] == 4, audit.dispositions
print('installed', yanxiu.__version__, 'at', installed.parent)
")

file(REMOVE_RECURSE "${WORK_DIR}/venv" "${WORK_DIR}/wheel-venv" "${WORK_DIR}/wheels")
run(${PYTHON} -m venv --system-site-packages --without-pip "${WORK_DIR}/venv")
run("${WORK_DIR}/venv/bin/python" -m pip install ${pip_options} "${SOURCE_DIR}/bindings/python")
run("${WORK_DIR}/venv/bin/python" -c "${check}")

run(${PYTHON} -m pip wheel ${pip_options} --wheel-dir "${WORK_DIR}/wheels"
    "${SOURCE_DIR}/bindings/python")
file(GLOB wheels "${WORK_DIR}/wheels/yanxiu-*.whl")
list(LENGTH wheels wheel_count)
if(NOT wheel_count EQUAL 1)
  message(FATAL_ERROR "pip wheel made ${wheel_count} wheels: ${wheels}")
endif()
# The wheel needs no build tools: its install copies files.
unset(ENV{YANXIU_CMAKE_BUILD_DIR})
run(${PYTHON} -m venv --system-site-packages --without-pip "${WORK_DIR}/wheel-venv")
run("${WORK_DIR}/wheel-venv/bin/python" -m pip install --no-index --no-deps --no-cache-dir
    --disable-pip-version-check --quiet ${wheels})
run("${WORK_DIR}/wheel-venv/bin/python" -c "${check}")
