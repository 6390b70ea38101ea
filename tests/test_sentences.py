"""Messages and proposed descriptions read as sentences and keep the case of what they quote."""

from __future__ import annotations

import pytest

from csdesk.sentences import capital_first, sentence


@pytest.mark.parametrize(("text", "expected"), [
    ("the workspace /home/Alex/Work.db is open in another window",
     "The workspace /home/Alex/Work.db is open in another window."),
    ("NPS 3 on 2026-11-02: “The Reports page is SLOW”",
     "NPS 3 on 2026-11-02: “The Reports page is SLOW”."),
    ("bin.csv is not a text CSV file", "bin.csv is not a text CSV file."),
    ("/tmp/Book.db cannot be read", "/tmp/Book.db cannot be read."),
    ("already a sentence.", "Already a sentence."),
    ("is it late?", "Is it late?"),
    ("  padded  ", "Padded."),
    ("", ""),
])
def test_a_sentence_keeps_names_paths_and_quotes_as_written(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_a_table_cell_gets_a_capital_and_no_stop() -> None:
    assert capital_first("first value (Go live) forecast 2027-01-07") == \
        "First value (Go live) forecast 2027-01-07"
    assert capital_first("in.csv") == "in.csv"
