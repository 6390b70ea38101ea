"""The command line in a pipe and with bad arguments: one clear line, never a traceback."""

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


def test_a_usage_error_is_one_line(capsys) -> None:
    from csdesk.cli import main

    for argv, words in ((["export", "table", "bogus", "-o", "x.csv"], "invalid choice: 'bogus'"),
                        (["export", "table", "today", "-o", "x.csv", "--today", "2027-02-30"],
                         "'2027-02-30' is no such date")):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err
        assert err.startswith("csdesk export table: error: ")
