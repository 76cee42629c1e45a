"""Shared test helpers: paths to the project, the seeds and the shared evaluation data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED_DATA = Path(os.environ.get("VALIDATOR_SHARED_DATA", ROOT.parent / "shared" / "data"))
BBC = SHARED_DATA / "news" / "bbc"


def validator_command() -> list[str]:
    """The installed console script (tests go through the real command)."""
    exe = shutil.which("validator", path=str(Path(sys.executable).parent)) or shutil.which("validator")
    if exe is None:
        pytest.fail("the `validator` command is not installed; run pip install -e '.[dev]'")
    return [exe]


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        validator_command() + list(args), cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


needs_bbc = pytest.mark.skipif(not BBC.is_dir(), reason="shared BBC data not present")
