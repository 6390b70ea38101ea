"""An address shown anywhere (title, status bar, messages) never shows the password, however it
is spelled."""

from __future__ import annotations

import pytest

from csdesk.store.paths import WorkspaceLocation, mask_url


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://me:p@ss@db.example.com/csdesk",
     "postgresql+psycopg://me:***@db.example.com/csdesk"),
    ("postgresql+psycopg://me:a:b/c@d@host:5432/db", "postgresql+psycopg://me:***@host:5432/db"),
    ("postgresql+psycopg://me:%40pw@h/db", "postgresql+psycopg://me:***@h/db"),
    ("postgresql+psycopg://me:s3cret@db/csdesk?host=/var/run/postgresql",
     "postgresql+psycopg://me:***@db/csdesk?host=/var/run/postgresql"),
    ("postgresql://me@db/x", "postgresql://me@db/x"),
    ("postgresql+psycopg:///csdesk?host=%2Ftmp%2Fsock", "postgresql+psycopg:///csdesk?host=/tmp/sock"),
])
def test_the_password_is_masked_whole(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert WorkspaceLocation(url=url).describe() == shown
    for secret in ("ss", "s3cret", "pw", "b/c"):
        if f":{secret}" in url or f"p@{secret}" in url:
            assert secret not in shown.split("@")[0]
