"""The import wizard's last step, the preview: what an import would create, update and leave
unchanged, every row with a problem, the report footer skipped, the columns not imported, and
why "Import all" is off or what "Import only the good rows" would do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QVBoxLayout, QWidget

from csdesk.ui.dialogs.import_kinds import Outcome
from csdesk.ui.format import sentence
from csdesk.ui.widgets import hint


def good_rows(outcome: Outcome) -> int:
    """The rows an import would take: created, updated or unchanged."""
    return outcome.created + outcome.updated + outcome.unchanged


class PreviewPage(QWidget):
    """The preview of one check; ``show_outcome`` fills it in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = QLabel()
        self.headline.setObjectName("previewHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.headline.setFont(font)
        self.problems_title = QLabel("Rows with problems:")
        self.problem_rows = QStringListModel(self)
        self.problem_list = QListView()
        self.problem_list.setModel(self.problem_rows)
        self.problem_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problem_list.setWordWrap(True)  # a long reason is read whole
        self.problem_list.setAlternatingRowColors(True)
        self.problem_list.setLayoutMode(QListView.LayoutMode.Batched)  # thousands stay quick
        self.updated_names = QLabel()
        self.updated_names.setWordWrap(True)
        self.footer = QLabel()
        self.footer.setWordWrap(True)
        self.ignored = QLabel()
        self.ignored.setWordWrap(True)
        self.note = hint("")
        self.all_reason = QLabel()
        self.all_reason.setWordWrap(True)
        self.all_reason.setObjectName("importAllReason")
        self.good_hint = QLabel()
        self.good_hint.setWordWrap(True)
        self.good_hint.setObjectName("goodRowsHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.headline)
        layout.addWidget(self.updated_names)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problem_list, 1)
        for label in (self.footer, self.ignored, self.note, self.all_reason, self.good_hint):
            layout.addWidget(label)

    def show_outcome(self, outcome: Outcome, nouns: tuple[str, str], path: Path) -> None:
        """What a check of ``path`` found; ``nouns`` name one record and many."""
        one, many = nouns
        rejected = len(outcome.rejected)

        def count(n: int, noun: bool = False) -> str:
            return f"{n:,} {one if n == 1 else many}" if noun else f"{n:,}"

        will = "will be"
        text = (f"{count(outcome.created, True)} {will} created, {count(outcome.updated)} "
                f"updated, {count(outcome.unchanged)} unchanged")
        if rejected:
            text += f"; {rejected:,} {'row has' if rejected == 1 else 'rows have'} problems"
        self.headline.setText(text)
        names = outcome.updated_names
        self.updated_names.setText(
            f"Updated from the file: {', '.join(names[:12])}"
            + (f" and {len(names) - 12:,} more" if len(names) > 12 else "") if names else "")
        self.updated_names.setVisible(bool(names))
        problems = [p for row in outcome.rejected for p in row.problems]
        self.problem_rows.setStringList(problems)
        self.problems_title.setVisible(bool(problems))
        self.problem_list.setVisible(bool(problems))
        if outcome.footer:
            shown = "; ".join(outcome.footer[:3]) + (" …" if len(outcome.footer) > 3 else "")
            self.footer.setText(f"Skipped the report's footer: {shown}")
        self.footer.setVisible(bool(outcome.footer))
        if outcome.ignored:
            self.ignored.setText("Columns not imported: " + ", ".join(
                h or "(no header)" for h in outcome.ignored))
        self.ignored.setVisible(bool(outcome.ignored))
        note = "; ".join(part for part in (outcome.note or "").split("; ")
                         if part and not part.startswith("skipped the report's footer"))
        self.note.setText(sentence(note) if note else "")
        self.note.setVisible(bool(note))
        rejects = f"{path.stem} rejected rows.csv"
        good = good_rows(outcome)
        if not good:
            self.all_reason.setText("No row can be imported: fix the rows in the file (or go "
                                    "back and change the columns), then try again.")
        elif rejected:
            self.all_reason.setText(
                "Import all is off while rows have problems: an import is all or nothing. "
                "Fix them in the file and import it again, or import only the good rows.")
        else:
            self.all_reason.setText("")
        self.all_reason.setVisible(bool(self.all_reason.text()))
        self.good_hint.setText(
            f"Import only the good rows: the {good:,} good rows are imported and the "
            f"{rejected:,} with problems go to “{rejects}” beside the file, ready to fix "
            "and import again." if rejected and good else "")
        self.good_hint.setVisible(bool(self.good_hint.text()))
