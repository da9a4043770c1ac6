"""Fixtures shared by the tests; see support.py for where expected numbers come from."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import yanxiu
from support import DALI


@pytest.fixture(scope="session")
def dali() -> yanxiu.Policy:
    return yanxiu.load_policy(DALI)


@pytest.fixture(scope="session")
def cli_binary() -> Path:
    """The yanxiu command of the same build (CTest sets YANXIU_CLI)."""
    path = os.environ.get("YANXIU_CLI")
    if not path:
        pytest.skip("YANXIU_CLI is not set; run through ctest")
    return Path(path)
