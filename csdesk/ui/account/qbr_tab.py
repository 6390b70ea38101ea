"""QBR tab: the eight-part agenda drafted from the data, edited, previewed, saved as a QBR
meeting and exported to Word or as slides; the success plan exports from here too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from csdesk.assets import resource
from csdesk.errors import CsdeskError
from csdesk.services.changes import QBR, Changes
from csdesk.services.documents import quarter_label
from csdesk.ui.account.context import AccountContext, Loader
from csdesk.ui.account.qbr_lines import parse_plan_lines, quarters_around
from csdesk.ui.tasks import Task
from csdesk.ui.widgets import error_label, heading, hint, show_error

ROADMAP_ROLE = Qt.ItemDataRole.UserRole + 60


def _signature():
    """Who signs documents: the CSM in Settings (read now, so a change applies at once)."""
    from csdesk import settings as user_settings

    return user_settings.signature(user_settings.load())


class QbrTab(QWidget):
    roadmap_requested = Signal()
    templates_requested = Signal()

    def __init__(self, context: AccountContext) -> None:
        super().__init__()
        self.ctx = context
        self.draft = None
        self._draft_account: int | None = None
        self._loading = False
        self.drafting = False  # a draft is being built off the GUI thread
        self._drafting_for: int | None = None  # ... for this account
        self._roadmap_items: dict[int, Any] = {}  # the roadmap read with the draft, by id
        self._when_drafted: list[Callable[[], None]] = []  # what waits for it (an export)
        self.quarter = QComboBox()
        self.quarter.setObjectName("qbr_quarter")
        self.quarter.activated.connect(lambda _i: self.redraft())
        redraft = QPushButton("Draft again")
        redraft.setToolTip("Rebuild the agenda from the latest data (your edits are replaced)")
        redraft.clicked.connect(self.redraft)
        self.save_button = QPushButton("Save as QBR meeting")
        self.save_button.clicked.connect(self.save_meeting)
        self.export_button = QPushButton("Export QBR to Word…")
        self.export_button.setToolTip("The pre-read for the customer: nothing internal")
        self.export_button.clicked.connect(lambda: self.export("qbr"))
        self.brief_button = QPushButton("Export internal brief…")
        self.brief_button.setToolTip("For you and your manager: health, risks, sentiment and "
                                     "the commercials beside the pre-read; not for the customer")
        self.brief_button.clicked.connect(lambda: self.export("brief"))
        self.deck_button = QPushButton("Export deck…")
        self.deck_button.setToolTip("The QBR as slides for the customer (.pptx): native charts "
                                    "their team can edit, speaker notes; nothing internal")
        self.deck_button.clicked.connect(lambda: self.export("deck"))
        self.plan_button = QPushButton("Export success plan…")
        self.plan_button.clicked.connect(lambda: self.export("plan"))
        templates = QPushButton("Templates…")
        templates.clicked.connect(self.templates_requested)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Quarter"))
        bar.addWidget(self.quarter)
        bar.addWidget(redraft)
        bar.addStretch(1)
        for button in (self.save_button, self.export_button, self.deck_button,
                       self.brief_button, self.plan_button, templates):
            bar.addWidget(button)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("qbr_summary")
        self.summary.setPlaceholderText("One point per line: the executive summary on page 1")
        self.insights = QPlainTextEdit()
        self.insights.setObjectName("qbr_insights")
        self.insights.setPlaceholderText("One insight per line")
        self.plan = QPlainTextEdit()
        self.plan.setObjectName("qbr_plan")
        self.plan.setPlaceholderText("One line each: action — owner — date")
        self.roadmap = QListWidget()
        self.roadmap.setObjectName("qbr_roadmap")
        self.roadmap.setMaximumHeight(96)  # four items; more scroll
        manage = QPushButton("Manage the roadmap…")
        manage.clicked.connect(self.roadmap_requested)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.apply_edits)
        self.summary.textChanged.connect(self._edited)
        self.insights.textChanged.connect(self._edited)
        self.plan.textChanged.connect(self._edited)
        self.roadmap.itemChanged.connect(lambda _i: self._edited())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading("Executive summary (page 1; drafted from the data, "
                                      "edit freely)", 4))
        left_layout.addWidget(self.summary, 4)  # the page the customer reads first
        left_layout.addWidget(heading("6. Insights (drafted from the data; edit freely)", 4))
        left_layout.addWidget(self.insights, 2)
        left_layout.addWidget(heading("7. Product roadmap items to show", 4))
        left_layout.addWidget(self.roadmap)
        left_layout.addWidget(manage, alignment=Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(heading("8. The 90-day plan", 4))
        left_layout.addWidget(self.plan, 2)
        left_layout.addWidget(hint("The preview updates as you type. Saving keeps the agenda "
                                   "on a QBR meeting; exporting keeps a snapshot for the next "
                                   "review's “what changed”."))
        self.preview = QTextBrowser()
        self.preview.setObjectName("qbr_preview")
        # A document stays light, as the customer will see it, whatever the window's scheme.
        self.preview.setStyleSheet("QTextBrowser { background: #ffffff; color: #222222; }")
        self.preview.setOpenExternalLinks(False)
        self.audience = QComboBox()
        self.audience.setObjectName("qbr_audience")
        self.audience.addItem("The customer's pre-read", "qbr")
        self.audience.addItem("Your internal brief (not for the customer)", "brief")
        self.audience.activated.connect(lambda _i: self.apply_edits())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Preview"))
        chooser.addWidget(self.audience, 1)
        right_layout.addLayout(chooser)
        right_layout.addWidget(self.preview, 1)
        self.error = error_label()
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.splitter, 1)
        self._templates = {kind: resource("templates", name).read_text(encoding="utf-8")
                           for kind, name in (("qbr", "qbr_preview.html"),
                                              ("brief", "qbr_brief_preview.html"))}

    def load(self) -> Loader:
        """Nothing to read with the others: the draft is read by its own operation."""
        return lambda: None

    def show(self, _data: None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Draft on first show for this account; later refreshes keep the CSM's edits."""
        if self.ctx.account_id is None:
            return
        account_id = self.ctx.account_id
        being_drafted = self.drafting and self._drafting_for == account_id
        if (self.draft is None or self._draft_account != account_id) and not being_drafted:
            self.quarter.clear()
            self.quarter.addItems(quarters_around(self.ctx.today()))
            self.quarter.setCurrentText(quarter_label(self.ctx.today()))
            self.redraft()

    def redraft(self) -> None:
        """Build the agenda from the data off the GUI thread (the peer benchmarks and the
        critical path take a moment on a large book); the editors wait, disabled."""
        account_id = self.ctx.account_id
        if account_id is None:
            return
        services, today, quarter = self.ctx.services, self.ctx.today(), \
            self.quarter.currentText()

        def load() -> tuple[Any, list[Any]]:
            import csdesk.documents.render  # noqa: F401  (the preview's Jinja2, imported here)

            return (services.documents.qbr_document(account_id, today, quarter, charts=False),
                    services.roadmap.list(active_only=True))

        def show(result: tuple[Any, list[Any]]) -> None:
            self._show_draft(account_id, *result)

        operations = self.ctx.operations
        if operations is None:  # a tab on its own (no window): drafted on the spot
            try:
                show(load())
            except CsdeskError as error:
                self._not_drafted(error)
            return
        self._set_drafting(True)
        self._drafting_for = account_id
        operations.read("qbr", load, show, doing="Drafting the QBR", failed=self._not_drafted)

    def _set_drafting(self, drafting: bool) -> None:
        self.drafting = drafting
        for widget in (self.summary, self.insights, self.plan, self.roadmap, self.save_button,
                       self.export_button, self.deck_button, self.brief_button):
            widget.setEnabled(not drafting)
        if drafting:
            self.preview.setPlainText("Drafting the QBR from the data…")

    def _not_drafted(self, error: Exception) -> None:
        self._set_drafting(False)
        self._when_drafted.clear()
        if not isinstance(error, CsdeskError):
            raise error
        self.preview.clear()
        show_error(self.error, str(error))

    def _show_draft(self, account_id: int, draft: Any, roadmap: list[Any]) -> None:
        self._set_drafting(False)
        if account_id != self.ctx.account_id:  # another account opened meanwhile
            if self._when_drafted:
                self._when_drafted.clear()
                show_error(self.error, "The QBR document asked for was not written: another "
                                       "account was opened before its draft was ready.")
            return
        self.draft = draft
        self._draft_account = account_id
        show_error(self.error, None)
        self._loading = True
        self.summary.setPlainText("\n".join(self.draft.summary))
        self.insights.setPlainText("\n".join(self.draft.insights))
        self.plan.setPlainText("\n".join(f"{line.what} — {line.owner} — {line.when}"
                                          for line in self.draft.plan_90))
        self.roadmap.clear()
        self._roadmap_items = {item.id: item for item in roadmap}
        for item in roadmap:
            row = QListWidgetItem(f"{item.title} ({item.horizon.label})")
            row.setData(ROADMAP_ROLE, item.id)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked)
            self.roadmap.addItem(row)
        self._loading = False
        self.apply_edits()
        waiting, self._when_drafted = self._when_drafted, []
        for then in waiting:
            then()

    def _edited(self) -> None:
        if not self._loading:
            self._timer.start()

    def apply_edits(self) -> None:
        """Fold the CSM's edits into the draft and show the preview."""
        self._timer.stop()
        if self.draft is None:
            return
        picked = [self.roadmap.item(i).data(ROADMAP_ROLE) for i in range(self.roadmap.count())
                  if self.roadmap.item(i).checkState() == Qt.CheckState.Checked]
        items = self._roadmap_items
        from csdesk.documents.data import RoadmapLine

        self.draft = replace(
            self.draft,
            summary=[line.strip() for line in self.summary.toPlainText().splitlines()
                     if line.strip()],
            insights=[line.strip() for line in self.insights.toPlainText().splitlines()
                      if line.strip()],
            plan_90=parse_plan_lines(self.plan.toPlainText()),
            roadmap=[RoadmapLine(items[i].title, items[i].horizon.label,
                                 items[i].description or "") for i in picked if i in items])
        if (self.audience.currentData() or "qbr") == "qbr":
            self._preview("qbr", self.draft)
            return
        # The internal brief reads the account's health, risks and commercials: off the GUI
        # thread, as the draft is.
        documents, account_id, today = self.ctx.services.documents, self.ctx.account_id, \
            self.ctx.today()
        draft, signature = self.draft, _signature()

        def load() -> Any:
            return documents.brief_document(account_id, today, draft.quarter, charts=False,
                                            signature=signature, customer=draft)

        def failed(error: Exception) -> None:
            if not isinstance(error, CsdeskError):
                raise error
            show_error(self.error, str(error))

        def show(brief: Any) -> None:
            if account_id == self.ctx.account_id and self.audience.currentData() == "brief":
                self._preview("brief", brief)

        operations = self.ctx.operations
        if operations is None:
            try:
                show(load())
            except CsdeskError as error:
                failed(error)
            return
        operations.read("qbr-preview", load, show, doing="Preparing the brief's preview",
                        failed=failed)

    def _preview(self, kind: str, shown: Any) -> None:
        from csdesk.documents.render import render_html  # Jinja2 only once a QBR is drafted

        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(render_html(self._templates[kind], shown))
        self.preview.verticalScrollBar().setValue(scroll)

    def save_meeting(self) -> None:
        if self.drafting:
            return
        self.apply_edits()
        account_id, draft = self.ctx.account_id, self.draft
        if draft is None:
            return
        documents, meetings = self.ctx.services.documents, self.ctx.services.meetings
        today = self.ctx.today()
        self.ctx.editor.add(f"Save QBR {draft.quarter} as a meeting",
                            lambda: documents.save_qbr_meeting(account_id, draft, today),
                            "Meeting", meetings.delete, account_id)

    def export(self, kind: str, path: str | None = None) -> None:
        """Write the plan, the QBR pre-read (with the edits above) or the internal brief; a
        QBR document asked for while its draft is being built is written once it is."""
        if self.drafting and kind != "plan":
            self._when_drafted.append(lambda: self.export(kind, path))
            return
        self.apply_edits()
        account_id = self.ctx.account_id
        if account_id is None or (self.draft is None and kind != "plan"):
            return
        from csdesk.ui.dialogs.profile_dialog import ensure_signature

        if not ensure_signature(self):  # documents are signed by a real person
            return
        shown = self.ctx.shown_name  # the header's, read with the account
        name = shown[1] if shown and shown[0] == account_id else \
            self.ctx.services.accounts.get(account_id).name
        quarter = self.draft.quarter if self.draft is not None else ""
        suggested = {"qbr": f"{name} QBR {quarter}.docx",
                     "brief": f"{name} QBR {quarter} internal brief.docx",
                     "deck": f"{name} QBR {quarter}.pptx",
                     "plan": f"{name} success plan.docx"}[kind]
        slides = kind == "deck"
        suffix = ".pptx" if slides else ".docx"
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export slides" if slides else "Export to Word",
                str(Path.home() / suggested),
                "PowerPoint presentations (*.pptx)" if slides else "Word documents (*.docx)")
        if not path:
            return
        target = Path(path) if path.lower().endswith(suffix) else Path(path + suffix)
        services, today, draft = self.ctx.services, self.ctx.today(), self.draft
        edited = replace(draft, charts={}) if kind != "plan" and draft is not None else None
        quarter_of = draft.quarter if draft is not None else None
        task = Task(services.decks.export, account_id, target, today, quarter=quarter_of,
                    draft=edited, signature=_signature()) if slides else \
            Task(services.documents.export, kind, account_id, target, today,
                 quarter=quarter_of, document=edited, signature=_signature())
        progress = QProgressDialog("Writing the slides…" if slides
                                   else "Writing the Word document…", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(200)
        task.signals.succeeded.connect(lambda written: (progress.reset(),
                                                        self._written(written)))
        task.signals.failed.connect(lambda error: (progress.reset(),
                                                   show_error(self.error, str(error))))
        if self.ctx.runner is None:
            task.run()
        else:
            self.ctx.runner.start(task)

    def _written(self, path: Path) -> None:
        show_error(self.error, None)
        self.ctx.editor.announce(Changes.of(self.ctx.account_id, QBR))
        self.last_written = path
        box = QMessageBox(QMessageBox.Icon.Information, "Document written",
                          f"{path.name} is ready.", QMessageBox.StandardButton.Open
                          | QMessageBox.StandardButton.Close, self)
        box.setInformativeText(str(path))
        box.finished.connect(lambda result: QDesktopServices.openUrl(QUrl.fromLocalFile(
            str(path))) if result == QMessageBox.StandardButton.Open else None)
        box.open()
        self._written_box = box
