# pip install --no-build-isolation of bindings/python into a venv that sees Debian's packages,
# with no index (no network), then an audit through the installed package.
# Arguments: PYTHON, SOURCE_DIR, WORK_DIR.

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    list(JOIN ARGN " " command)
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}/venv")
run(${PYTHON} -m venv --system-site-packages --without-pip "${WORK_DIR}/venv")
set(venv_python "${WORK_DIR}/venv/bin/python")
set(ENV{YANXIU_BUILD_BASE} "${WORK_DIR}/build")
set(ENV{YANXIU_BUILD_JOBS} 2)
# The recipe compiles with Python's flags (-O2). This test checks the packaging, not the code's
# speed: -O0, which the compiler takes last, nearly halves the minutes it costs make test.
set(ENV{CFLAGS} "-O0")
run(${venv_python} -m pip install --no-build-isolation --no-index --no-deps --no-cache-dir
    --disable-pip-version-check --quiet "${SOURCE_DIR}/bindings/python")
run(${venv_python} -c "
import pathlib, sys, yanxiu
installed = pathlib.Path(yanxiu.__file__).resolve()
assert installed.is_relative_to(pathlib.Path(sys.prefix).resolve()), installed
for name in ('py.typed', '__init__.pyi'):
    assert (installed.parent / name).is_file(), name
policy = yanxiu.load_policy('${SOURCE_DIR}/examples/policies/dali-2017.json')
audit = policy.audit('${SOURCE_DIR}/tests/cli/teachers.csv', '${SOURCE_DIR}/tests/cli/records.csv')
assert audit.dispositions['credited'] == 4, audit.dispositions
print('installed', yanxiu.__version__, 'at', installed.parent)
")
