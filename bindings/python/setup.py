"""Builds the yanxiu Python package, compiling the engine's sources into the extension, so
nothing but Debian packages is needed (see docs/python.md):

    python3 -m venv --system-site-packages venv
    venv/bin/python -m pip install --no-build-isolation --no-index --no-deps bindings/python

YANXIU_BUILD_BASE moves setuptools' build directory (default: build/ here) elsewhere.
"""

import os
import re
from pathlib import Path

from pybind11.setup_helpers import ParallelCompile, Pybind11Extension
from setuptools import setup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VERSION = ".".join(
    re.search(rf"#define YANXIU_VERSION_{part} (\d+)",
              (ROOT / "include/yanxiu/version.hpp").read_text()).group(1)
    for part in ("MAJOR", "MINOR", "PATCH"))

# Absolute paths for the engine's sources, so their objects land inside the build directory.
engine_sources = sorted(str(path) for path in (ROOT / "src").glob("*/*.cpp"))
binding_sources = sorted(str(path.relative_to(HERE)) for path in (HERE / "src").glob("*.cpp"))

ParallelCompile("YANXIU_BUILD_JOBS").install()

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
    package_data={"yanxiu": ["py.typed", "__init__.pyi"]},
    ext_modules=[
        Pybind11Extension(
            "yanxiu._core",
            binding_sources + engine_sources,
            include_dirs=[str(ROOT / "include"), str(ROOT / "src")],
            cxx_std=20,
            extra_compile_args=["-g0"],
        )
    ],
    python_requires=">=3.9",
    install_requires=["numpy", "pandas"],
    extras_require={"plot": ["matplotlib"]},
    options=options,
)
