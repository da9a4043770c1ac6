"""Builds the yanxiu Python package from the project's CMake build (pybind11's cmake_example
pattern): setup.py configures the repository with CMake and builds the one target
`yanxiu_python`, the same extension `cmake --build` makes, so the engine's sources are compiled
by CMake alone. Only Debian packages are needed (see docs/python.md):

    python3 -m venv --system-site-packages venv
    venv/bin/python -m pip install --no-build-isolation --no-index --no-deps bindings/python

YANXIU_CMAKE_BUILD_DIR names an existing CMake build directory to reuse (build/dev after
`cmake --preset dev`; a relative path is taken from the repository's root): its up-to-date extension is taken as it is, so installing takes seconds.
Without it, a Release build without tests and benchmarks is configured in setuptools' build
directory. YANXIU_BUILD_JOBS sets the compilers run at once; YANXIU_BUILD_BASE moves setuptools'
build directory (default: build/ here) elsewhere.
"""

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERSION = ".".join(
    re.search(rf"#define YANXIU_VERSION_{part} (\d+)",
              (ROOT / "include/yanxiu/version.hpp").read_text()).group(1)
    for part in ("MAJOR", "MINOR", "PATCH"))


class CMakeExtension(Extension):
    """The extension yanxiu._core, built by CMake rather than by setuptools' compiler."""

    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        given = os.environ.get("YANXIU_CMAKE_BUILD_DIR")
        # pip runs this file in bindings/python: a relative directory is the repository's.
        build_dir = (ROOT / given).resolve() if given else \
            Path(self.build_temp).resolve() / "cmake"
        if given and not (build_dir / "CMakeCache.txt").is_file():
            sys.exit(f"YANXIU_CMAKE_BUILD_DIR={given}: not a configured CMake build directory")
        if not (build_dir / "CMakeCache.txt").is_file():
            generator = ["-G", "Ninja"] if shutil.which("ninja") else []
            self._run(["cmake", "-S", str(ROOT), "-B", str(build_dir), *generator,
                       "-DCMAKE_BUILD_TYPE=Release", "-DYANXIU_BUILD_TESTS=OFF",
                       "-DYANXIU_BUILD_BENCHMARKS=OFF", "-DYANXIU_BUILD_PYTHON=ON",
                       f"-DPython3_EXECUTABLE={sys.executable}"])
        jobs = os.environ.get("YANXIU_BUILD_JOBS") or str(os.cpu_count() or 1)
        self._run(["cmake", "--build", str(build_dir), "--target", "yanxiu_python",
                   "--parallel", jobs])
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        built = build_dir / "bindings" / "python" / "package" / "yanxiu" / f"_core{suffix}"
        if not built.is_file():
            # A build directory configured for another Python makes another suffix.
            sys.exit(f"{built} was not built: is {build_dir} configured for {sys.executable}?")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(built, target)
        # A dev build carries debug info (60 MB); the installed copy and the wheel do without.
        if shutil.which("strip"):
            self._run(["strip", "--strip-debug", str(target)])

    @staticmethod
    def _run(command: list[str]) -> None:
        print(" ".join(command), flush=True)
        subprocess.run(command, check=True)


build_base = os.environ.get("YANXIU_BUILD_BASE")
options = {}
if build_base:
    Path(build_base).mkdir(parents=True, exist_ok=True)
    options = {"build": {"build_base": build_base}, "egg_info": {"egg_base": build_base}}

setup(
    name="yanxiu",
    version=VERSION,
    description="Rules engine for teacher in-service training policy: pandas in and out",
    packages=["yanxiu"],
    package_data={"yanxiu": ["py.typed", "_core.pyi"]},
    ext_modules=[CMakeExtension("yanxiu._core")],
    cmdclass={"build_ext": CMakeBuild},
    python_requires=">=3.9",
    install_requires=["numpy", "pandas"],
    extras_require={"plot": ["matplotlib"], "excel": ["openpyxl"]},
    options=options,
    zip_safe=False,
)
