"""The package's shape: `yanxiu` re-exports its API from modules of their own, and its
namespace holds the API only (no pandas, numpy, os or json of its own)."""

from pathlib import Path

import yanxiu


def test_namespace_holds_the_api_only():
    public = {name for name in dir(yanxiu) if not name.startswith("_")}
    assert not public & {"pd", "np", "os", "json", "io", "dataclasses", "datetime",
                         "annotations"}
    assert public == set(yanxiu.__all__)


def test_init_only_re_exports():
    for name in yanxiu.__all__:
        value = getattr(yanxiu, name)
        module = getattr(value, "__module__", None)
        # The extension names its exceptions yanxiu.Error, yanxiu.InputError ...
        from_core = getattr(yanxiu._core, name, None) is value
        assert module != "yanxiu" or from_core, f"{name} is defined in __init__.py"


def test_modules_stay_small():
    package = Path(yanxiu.__file__).resolve().parent
    for source in package.glob("*.py"):
        lines = source.read_text(encoding="utf-8").count("\n")
        assert lines <= 700, f"{source.name}: {lines} lines"
    assert (package / "_core.pyi").is_file()
