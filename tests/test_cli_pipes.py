"""`csdesk … | head`: a reader that stops early is not an error worth a word."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_closed_pipe_is_quiet(db_path: Path, tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone, as `head` does once it has its lines
    env = {**os.environ, "CSDESK_DATA_DIR": str(tmp_path / "data"),
           "CSDESK_CONFIG_DIR": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-m", "csdesk", "metrics", "--json",
                             "--db", str(db_path)], stdout=write_end, stderr=subprocess.PIPE,
                            text=True, timeout=120, env=env)
    os.close(write_end)
    assert "BrokenPipeError" not in result.stderr and "unexpected" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
