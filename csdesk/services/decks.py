"""The executive business review as a slide deck (.pptx): built from the same QBR builder and
the same facts as the Word pre-read, with the CSM's edits of the QBR tab (services/
deck_content.py), written into the CSM's own slide template or the one shipped with csdesk
(documents/deck_render.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from csdesk.assets import resource
from csdesk.documents.deck_data import DeckData
from csdesk.errors import CsdeskError
from csdesk.models import ActivityAction, WorkspaceSetting
from csdesk.services.base import Service, record

TEMPLATE_KEY = "deck_template"
BUILTIN = "qbr_deck.pptx"


@dataclass
class DeckTemplateCheck:
    path: Path
    problems: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)  # what was found, for the CSM

    def summary(self) -> str:
        if not self.problems:
            return f"{self.path.name}: a slide template, no problems"
        count = len(self.problems)
        return f"{self.path.name}: not usable as a slide template, {count} " \
               f"problem{'' if count == 1 else 's'}"


class DeckService(Service):
    def __init__(self, workspace: Any, *, documents: Any) -> None:
        super().__init__(workspace)
        self.documents = documents

    # The template

    @staticmethod
    def builtin_template() -> Path:
        return Path(str(resource("templates", BUILTIN)))

    def chosen_template(self) -> str | None:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, TEMPLATE_KEY)
            return str(setting.value) if setting is not None and setting.value else None

    def template_for(self, override: Path | None = None) -> Path:
        if override is not None:
            if not override.is_file():
                raise CsdeskError(f"no slide template at {override}")
            return override
        chosen = self.chosen_template()
        if chosen:
            path = Path(chosen)
            if not path.is_file():
                raise CsdeskError(f"the default slide template {path} is missing; pick another "
                                  "in Tools → Document templates (or: csdesk templates use deck "
                                  "T.pptx)")
            return path
        return self.builtin_template()

    def set_default_template(self, path: Path | None) -> None:
        """Use ``path`` for every deck (None: the one shipped with csdesk); a file that is not
        a slide template csdesk can use is refused now, saying why."""
        if path is not None:
            check = check_template(path)
            if check.problems:
                raise CsdeskError("; ".join(check.problems))
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, TEMPLATE_KEY)
            value = str(path) if path is not None else None
            if setting is None:
                session.add(WorkspaceSetting(key=TEMPLATE_KEY, value=value))
            else:
                setting.value = value

    # The deck

    def deck(self, account_id: int, today: date, quarter: str | None = None, *,
             draft: Any = None, signature: Any = None) -> DeckData:
        """The deck's data: the QBR document of ``draft`` (the QBR tab's edits) or drafted
        anew, and the charts, from one read of the account's facts."""
        from csdesk.services.deck_content import deck_of

        with self._workspace.snapshot():
            facts = self.documents.facts(account_id, today)
        qbr = self.documents.qbr_document(account_id, today, quarter, charts=False,
                                          signature=signature, facts=facts, draft=draft)
        if not qbr.prepared_by:
            raise CsdeskError("decks are signed with your name, and none is set: set it in "
                              "Settings → You on documents (or: csdesk settings set my_name "
                              "\"Your Name\"), or give the account an owner")
        return deck_of(qbr, facts)

    def export(self, account_id: int, output: Path, today: date, *,
               quarter: str | None = None, template: Path | None = None, draft: Any = None,
               signature: Any = None) -> Path:
        from csdesk.documents.deck_render import render_deck

        chosen = self.template_for(template)
        deck = self.deck(account_id, today, quarter, draft=draft, signature=signature)
        path = render_deck(chosen, deck, output)
        with self._uow() as session:
            record(session, account_id=account_id, entity="document", entity_id=None,
                   action=ActivityAction.CREATED,
                   summary=f"QBR deck {deck.quarter} exported to {output.name}")
        return path


def check_template(path: Path) -> DeckTemplateCheck:
    """Every problem of a slide template, and which layouts csdesk will use."""
    from csdesk.documents.deck_layouts import NAMES, Layouts, problems_of
    from csdesk.documents.deck_render import open_template

    check = DeckTemplateCheck(path)
    try:
        path.stat()
    except OSError as error:
        check.problems.append(f"cannot read {path.name}: {error.strerror or error}")
        return check
    try:
        presentation = open_template(path)
        layouts = Layouts.of(presentation, path.name)
    except CsdeskError as error:
        check.problems.append(str(error))
        return check
    check.problems += problems_of(layouts, presentation, path.name)
    for kind, name in NAMES.items():
        layout = getattr(layouts, kind)
        how = "by its name" if kind in layouts.found_by_name else "by its placeholders"
        check.found.append(f"{name}: the layout “{layout.name}” ({how})")
    width, height = int(presentation.slide_width or 0), int(presentation.slide_height or 1)
    ratio = width / height
    shape = next((name for name, wanted in (("16:9", 16 / 9), ("4:3", 4 / 3))
                  if abs(ratio - wanted) < 0.02), "a custom size")
    check.found.append(f"slides {width / 914_400:.2f} × {height / 914_400:.2f} in ({shape})")
    return check
