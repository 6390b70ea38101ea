"""A file csdesk writes is replaced whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from csdesk.errors import CsdeskError
from csdesk.files import replace_file


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    target.write_bytes(b"old")
    assert replace_file(target, b"new") == target
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.svg"]


def test_a_failed_write_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "plan.svg"
    target.write_bytes(b"old")
    (tmp_path / "plan.svg.partial").mkdir()  # the partial file cannot be written
    with pytest.raises(CsdeskError, match="cannot write .*plan.svg"):
        replace_file(target, b"new")
    assert target.read_bytes() == b"old"
    with pytest.raises(CsdeskError, match="cannot write"):
        replace_file(tmp_path / "no such folder" / "x.svg", b"new")
