"""Use cases over the workspace. The UI and the command line use only these."""

from __future__ import annotations

from csdesk.services.accounts import AccountService
from csdesk.services.activity import ActivityService
from csdesk.services.benchmarks import BenchmarkService
from csdesk.services.book import BookService
from csdesk.services.calendar import CalendarService
from csdesk.services.column_mapping import MappingService
from csdesk.services.contacts import ContactService
from csdesk.services.critical_path import CriticalPathService
from csdesk.services.document_facts import DocumentFactsService
from csdesk.services.documents import DocumentService
from csdesk.services.early_warning import EarlyWarningService
from csdesk.services.growth import GrowthService
from csdesk.services.handover import HandoverService
from csdesk.services.health import HealthService
from csdesk.services.importing import ImportService
from csdesk.services.meetings import AttendeeInput, MeetingService
from csdesk.services.people_import import PeopleImportService
from csdesk.services.plans import PlanService
from csdesk.services.portfolio_metrics import MetricsService
from csdesk.services.renewals import RenewalService
from csdesk.services.restore import RestoreService
from csdesk.services.risks import RiskService
from csdesk.services.roadmap import RoadmapService
from csdesk.services.search import SearchService
from csdesk.services.signals import SignalService
from csdesk.services.tables import TableService
from csdesk.services.templates import TemplateService
from csdesk.store.workspace import Workspace


class Services:
    """Every service over one open workspace; handed to windows and commands that need them.

    This is the one place services are made: a service that works with others receives them
    here (keyword arguments), and never makes one itself (tests/test_service_wiring.py).
    ``setup=False``: the services alone, without taking the user's name from Settings or
    writing the built-in templates (for a service made on its own, such as
    ``ImportService(workspace)``, to take its collaborators from)."""

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
        self.document_facts = DocumentFactsService(workspace, benchmarks=self.benchmarks,
                                                   health=self.health)
        self.documents = DocumentService(workspace, facts=self.document_facts,
                                         contacts=self.contacts, meetings=self.meetings)
        self.roadmap = RoadmapService(workspace)
        self.search = SearchService(workspace)
        self.restore = RestoreService(workspace)
        self.tables = TableService(workspace, book=self.book, metrics=self.metrics,
                                   growth=self.growth)
        self.calendar = CalendarService(workspace)
        self.handover = HandoverService(workspace, documents=self.documents)
        self.risks = RiskService(workspace)
        self.early_warning = EarlyWarningService(workspace)
        self.mappings = MappingService(workspace)
        self.importing = ImportService(workspace, mappings=self.mappings, accounts=self.accounts)
        self.people_import = PeopleImportService(workspace, mappings=self.mappings)
        if setup:
            self.templates.ensure_builtin()


__all__ = ["AttendeeInput", "Services"]
