"""Each service module imports on its own, in a fresh interpreter: no import-order trap for the window,
the command line or a script that needs just one of them."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import hallapp.services

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(f"hallapp.services.{m.name}" for m in pkgutil.iter_modules(hallapp.services.__path__))


@pytest.mark.parametrize("module", MODULES)
def test_the_module_imports_on_its_own(module):
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
