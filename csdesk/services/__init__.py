"""Use cases over the workspace. The UI and the command line use only these."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, overload

from csdesk.services.accounts import AccountService
from csdesk.services.activity import ActivityService
from csdesk.services.benchmarks import BenchmarkService
from csdesk.services.book import BookService
from csdesk.services.contacts import ContactService
from csdesk.services.critical_path import CriticalPathService
from csdesk.services.early_warning import EarlyWarningService
from csdesk.services.growth import GrowthService
from csdesk.services.health import HealthService
from csdesk.services.meetings import AttendeeInput, MeetingService
from csdesk.services.plans import PlanService
from csdesk.services.portfolio_metrics import MetricsService
from csdesk.services.renewals import RenewalService
from csdesk.services.restore import RestoreService
from csdesk.services.risks import RiskService
from csdesk.services.search import SearchService
from csdesk.services.signals import SignalService
from csdesk.services.templates import TemplateService
from csdesk.store.workspace import Workspace

# The services no window needs to open (documents, handover packs, calendars, the import
# wizard's, the roadmap, table exports) are made, and their modules imported, when first
# asked for: with the document data, handover packs and spreadsheet readers behind them they
# cost about 0.15 s of every start-up.
if TYPE_CHECKING:
    from csdesk.services.calendar import CalendarService
    from csdesk.services.decks import DeckService
    from csdesk.services.document_facts import DocumentFactsService
    from csdesk.services.documents import DocumentService
    from csdesk.services.handover import HandoverService
    from csdesk.services.importing import ImportService
    from csdesk.services.people_import import PeopleImportService
    from csdesk.services.plan_edits import PlanEditsService
    from csdesk.services.roadmap import RoadmapService
    from csdesk.services.saved_mappings import MappingService
    from csdesk.services.tables import TableService

_Made = TypeVar("_Made")
_MAKING = threading.RLock()  # one service made once, whichever thread asks first


class _OnFirstUse(Generic[_Made]):
    """A service made by the decorated method the first time it is asked for, then kept on the
    instance (the same one for every caller, as if it had been made in ``__init__``)."""

    def __init__(self, make: Callable[[Services], _Made]) -> None:
        self._make = make
        self._name = make.__name__

    @overload
    def __get__(self, services: None, owner: type) -> _OnFirstUse[_Made]: ...

    @overload
    def __get__(self, services: Services, owner: type | None = None) -> _Made: ...

    def __get__(self, services: Services | None,
                owner: type | None = None) -> _Made | _OnFirstUse[_Made]:
        if services is None:  # asked of the class
            return self
        with _MAKING:
            made = services.__dict__.get(self._name)
            if made is None:
                made = services.__dict__[self._name] = self._make(services)
        return made


class Services:
    """Every service over one open workspace; handed to windows and commands that need them.

    This is the one place services are made: a service that works with others receives them
    here (keyword arguments), and never makes one itself (tests/test_service_wiring.py).
    ``setup=False``: the services alone, without taking the user's name from Settings or
    writing the built-in templates (a worker process importing a file, say)."""

    def __init__(self, workspace: Workspace, *, setup: bool = True) -> None:
        self.workspace = workspace
        if setup and workspace.actor is None:  # the person using this copy of csdesk
            from csdesk.settings import load

            workspace.actor = load().my_name or None
        self.accounts = AccountService(workspace)
        self.contacts = ContactService(workspace)
        self.plans = PlanService(workspace)
        self.critical_path = CriticalPathService(workspace)
        self.templates = TemplateService(workspace)
        self.meetings = MeetingService(workspace)
        self.signals = SignalService(workspace)
        self.activity = ActivityService(workspace)
        self.book = BookService(workspace)
        self.health = HealthService(workspace)
        self.metrics = MetricsService(workspace)
        self.renewals = RenewalService(workspace)
        self.growth = GrowthService(workspace)
        self.benchmarks = BenchmarkService(workspace, health=self.health)
        self.search = SearchService(workspace)
        self.restore = RestoreService(workspace)
        self.risks = RiskService(workspace)
        self.early_warning = EarlyWarningService(workspace)
        if setup:
            self.templates.ensure_builtin()

    # Made on first use (see _OnFirstUse above)

    @_OnFirstUse
    def document_facts(self) -> DocumentFactsService:
        from csdesk.services.document_facts import DocumentFactsService

        return DocumentFactsService(self.workspace, benchmarks=self.benchmarks,
                                    health=self.health)

    @_OnFirstUse
    def documents(self) -> DocumentService:
        from csdesk.services.documents import DocumentService

        return DocumentService(self.workspace, facts=self.document_facts,
                               contacts=self.contacts, meetings=self.meetings)

    @_OnFirstUse
    def decks(self) -> DeckService:
        from csdesk.services.decks import DeckService

        return DeckService(self.workspace, documents=self.documents)

    @_OnFirstUse
    def plan_edits(self) -> PlanEditsService:
        from csdesk.services.plan_edits import PlanEditsService

        return PlanEditsService(self.workspace, documents=self.documents, plans=self.plans,
                                critical_path=self.critical_path)

    @_OnFirstUse
    def roadmap(self) -> RoadmapService:
        from csdesk.services.roadmap import RoadmapService

        return RoadmapService(self.workspace)

    @_OnFirstUse
    def tables(self) -> TableService:
        from csdesk.services.tables import TableService

        return TableService(self.workspace, book=self.book, metrics=self.metrics,
                            growth=self.growth)

    @_OnFirstUse
    def calendar(self) -> CalendarService:
        from csdesk.services.calendar import CalendarService

        return CalendarService(self.workspace)

    @_OnFirstUse
    def handover(self) -> HandoverService:
        from csdesk.services.handover import HandoverService

        return HandoverService(self.workspace, documents=self.documents)

    @_OnFirstUse
    def mappings(self) -> MappingService:
        from csdesk.services.saved_mappings import MappingService

        return MappingService(self.workspace)

    @_OnFirstUse
    def importing(self) -> ImportService:
        from csdesk.services.importing import ImportService

        return ImportService(self.workspace, mappings=self.mappings, accounts=self.accounts)

    @_OnFirstUse
    def people_import(self) -> PeopleImportService:
        from csdesk.services.people_import import PeopleImportService

        return PeopleImportService(self.workspace, mappings=self.mappings)


__all__ = ["AttendeeInput", "Services"]
