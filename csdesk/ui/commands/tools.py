"""The Tools menu's dialogs: critical-path templates, health score weights, early-warning
rules, document templates, the product roadmap and Settings (which may switch workspace)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from csdesk.services.changes import GROWTH, RISKS, SETTINGS, Changes
from csdesk.ui.commands.base import Host, parent_of

# Each dialog is imported when first opened: they are not needed to show the window.
if TYPE_CHECKING:
    from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog
    from csdesk.ui.dialogs.roadmap_dialog import RoadmapDialog
    from csdesk.ui.dialogs.rules_dialog import RulesDialog
    from csdesk.ui.dialogs.settings_dialog import SettingsDialog
    from csdesk.ui.dialogs.templates_dialog import TemplatesDialog
    from csdesk.ui.dialogs.weights_dialog import WeightsDialog


class ToolCommands:
    """Each dialog opens over the window; the last one of each kind is kept here."""

    def __init__(self, window: Host) -> None:
        self.window = window
        self.templates_dialog: TemplatesDialog | None = None
        self.weights_dialog: WeightsDialog | None = None
        self.rules_dialog: RulesDialog | None = None
        self.documents_dialog: DocumentTemplatesDialog | None = None
        self.roadmap_dialog: RoadmapDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._opening: set[str] = set()  # dialogs whose values are on their way

    @staticmethod
    def _raised(dialog: Any) -> bool:
        """A dialog of the kind already open is brought forward, not opened twice."""
        if dialog is None or not dialog.isVisible():
            return False
        dialog.raise_()
        dialog.activateWindow()
        return True

    def open_templates(self) -> None:
        from csdesk.ui.dialogs.templates_dialog import TemplatesDialog

        if self._raised(self.templates_dialog):
            return
        dialog = TemplatesDialog(self.window.services, parent_of(self.window),
                                 self.window.operations)
        dialog.finished.connect(lambda _result: self.window.refresh())
        dialog.open()
        self.templates_dialog = dialog

    def open_weights(self) -> None:
        """The weights are read off the GUI thread; the dialog opens once they arrive."""
        if self._raised(self.weights_dialog) or "weights" in self._opening:
            return
        self._opening.add("weights")
        health = self.window.services.health
        self.window.operations.read("weights dialog", health.weights, self._show_weights,
                                    doing="Opening the health score weights",
                                    failed=lambda _e: self._opening.discard("weights"))

    def _show_weights(self, weights: dict[str, Any]) -> None:
        from csdesk.ui.dialogs.weights_dialog import WeightsDialog

        self._opening.discard("weights")
        window = self.window
        dialog = WeightsDialog(weights, parent_of(window))
        health, today = window.services.health, window.today()

        def save(chosen: dict[str, Any]) -> None:  # every account scored again
            health.set_weights(chosen)
            health.refresh(today)

        dialog.save = window.editor.dialog_writes("Change the health score weights", save,
                                                  Changes.everything())
        dialog.open()
        self.weights_dialog = dialog

    def open_rules(self) -> None:
        """The rules are read off the GUI thread; the dialog opens once they arrive."""
        if self._raised(self.rules_dialog) or "rules" in self._opening:
            return
        self._opening.add("rules")
        early_warning = self.window.services.early_warning
        self.window.operations.read("rules dialog", early_warning.settings, self._show_rules,
                                    doing="Opening the early-warning rules",
                                    failed=lambda _e: self._opening.discard("rules"))

    def _show_rules(self, settings: Any) -> None:
        from csdesk.ui.dialogs.rules_dialog import RulesDialog

        self._opening.discard("rules")
        early_warning = self.window.services.early_warning
        dialog = RulesDialog(settings, parent_of(self.window))
        dialog.save = self.window.editor.dialog_writes(
            "Change the early-warning rules", early_warning.set_settings,
            Changes.of(None, SETTINGS, RISKS, GROWTH))
        dialog.open()
        self.rules_dialog = dialog

    def open_document_templates(self) -> None:
        from csdesk.ui.dialogs.documents_dialog import DocumentTemplatesDialog

        if self._raised(self.documents_dialog):
            return
        dialog = DocumentTemplatesDialog(self.window.services, parent_of(self.window),
                                         self.window.operations)
        dialog.open()
        self.documents_dialog = dialog

    def open_roadmap(self) -> None:
        from csdesk.ui.dialogs.roadmap_dialog import RoadmapDialog

        if self._raised(self.roadmap_dialog):
            return
        account = self.window.account_view
        dialog = RoadmapDialog(self.window.services, parent_of(self.window),
                               self.window.operations)
        dialog.finished.connect(lambda _r: account.qbr.redraft() if account.account_id else None)
        dialog.open()
        self.roadmap_dialog = dialog

    def open_settings(self) -> SettingsDialog:
        from csdesk import settings as user_settings
        from csdesk.services.validation import set_number_format
        from csdesk.ui.dialogs.settings_dialog import SettingsDialog

        window = self.window
        dialog = SettingsDialog(user_settings.load(),
                                window.services.workspace.location.describe(), parent_of(window))
        dialog.weights_button.clicked.connect(self.open_weights)
        dialog.templates_button.clicked.connect(self.open_document_templates)

        def save(chosen: user_settings.Settings) -> None:
            user_settings.save(chosen)
            set_number_format(chosen.number_format)
            window.use_my_name(chosen.my_name)
            window.refresh()
            window.statusBar().showMessage("Settings saved.", 5000)
            here = window.services.workspace.path
            if chosen.workspace and (here is None or Path(chosen.workspace) != here) and \
                    window.confirm("Switch workspace?",
                                   f"Open {chosen.workspace} now? This workspace is closed "
                                   "first; nothing is lost."):
                window.switch_workspace(chosen.workspace)

        dialog.submit = save
        dialog.open()
        self.settings_dialog = dialog
        return dialog
